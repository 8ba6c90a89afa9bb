"""`paht triage predict|pair|eval|train` on small fixed inputs."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from paht.reports.services import report_transition
from paht.triage import store
from paht.triage.engine import predict
from tests.factories import submit

ROOT = Path(__file__).resolve().parents[2]
LAND_CERTIFICATE = (
    "Tôi nộp hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất (sổ đỏ) ở bộ phận một cửa "
    "phường từ tháng 3, hẹn 30 ngày mà đến giờ vẫn chưa có, hỏi thì bảo chờ tiếp."
)
BRIBERY = (
    "Tôi tố cáo cán bộ địa chính xã nhận hối lộ 20 triệu đồng của chủ đầu tư để làm ngơ, "
    "đề nghị cơ quan có thẩm quyền điều tra xử lý nghiêm."
)
STREET_LIGHT = "Đèn đường hẻm 7 Lý Thường Kiệt không sáng ba đêm nay, tối om rất nguy hiểm."


def _run(monkeypatch, capsys, lines: list[str], *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    call_command("triage", *args)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_predict_answers_one_line_per_input_with_the_obvious_cases_right(monkeypatch, capsys):
    lines = [
        json.dumps({"id": 1, "text": LAND_CERTIFICATE}, ensure_ascii=False),
        json.dumps({"id": "b", "text": BRIBERY, "lat": 9.17, "lng": 105.15}, ensure_ascii=False),
        json.dumps({"id": 3, "text": STREET_LIGHT}, ensure_ascii=False),
        json.dumps({"id": 4, "text": "den duong hem 7 ko sang 3 dem roi, toi thui"}),
    ]
    out = _run(monkeypatch, capsys, lines, "predict")
    assert [o["id"] for o in out] == [1, "b", 3, 4]
    for o in out:
        assert set(o) == {"id", "category", "top3", "in_scope", "reason", "confidence"}
        assert len(o["top3"]) == 3 and o["top3"][0] == o["category"]
        assert 0 <= o["confidence"] <= 1
    land, bribery, light, unaccented = out
    assert (land["in_scope"], land["reason"]) == (False, "thu_tuc_hanh_chinh")
    assert (bribery["in_scope"], bribery["reason"]) == (False, "khieu_nai_to_cao")
    assert (light["in_scope"], light["reason"], light["category"]) == (
        True,
        None,
        "dien_chieu_sang",
    )
    assert unaccented["category"] == "dien_chieu_sang"


def test_predict_reports_unreadable_lines_in_place_and_fails(monkeypatch, capsys):
    lines = ["{not json", json.dumps({"id": 2, "text": STREET_LIGHT}), json.dumps({"id": 3})]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    with pytest.raises(CommandError):
        call_command("triage", "predict")
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "error" in out[0] and "error" in out[2]
    assert out[1]["id"] == 2 and out[1]["category"] == "dien_chieu_sang"


def test_pair_tells_one_incident_from_two(monkeypatch, capsys):
    here = (9.17710, 105.15030)
    near = (9.17725, 105.15040)  # about 20 m away
    lines = [
        {
            "a": "Ổ gà rất sâu trước nhà số 45 đường Phan Ngọc Hiển, xe máy té liên tục",
            "a_lat": here[0],
            "a_lng": here[1],
            "b": "duong phan ngoc hien truoc so nha 45 co o ga lon, nhieu nguoi bi te xe",
            "b_lat": near[0],
            "b_lng": near[1],
        },
        {
            "a": "Ổ gà rất sâu trước nhà số 45 đường Phan Ngọc Hiển, xe máy té liên tục",
            "a_lat": here[0],
            "a_lng": here[1],
            "b": "Quán karaoke hẻm 12 hát đến 1 giờ sáng, cả xóm không ngủ được",
            "b_lat": near[0],
            "b_lng": near[1],
        },
    ]
    out = _run(monkeypatch, capsys, [json.dumps(x, ensure_ascii=False) for x in lines], "pair")
    assert [set(o) for o in out] == [{"same_incident", "score"}] * 2
    assert out[0]["same_incident"] is True and out[1]["same_incident"] is False
    assert out[0]["score"] > out[1]["score"]


def test_eval_prints_accuracy_per_class_figures_and_confusion_matrix(tmp_path, capsys):
    path = tmp_path / "labelled.jsonl"
    rows = [
        {"text": LAND_CERTIFICATE, "category": "thu_tuc_hanh_chinh", "in_scope": False},
        {"text": BRIBERY, "category": "khieu_nai_to_cao", "in_scope": False},
        {"text": STREET_LIGHT, "category": "dien_chieu_sang", "in_scope": True},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    call_command("triage", "eval", str(path))
    out = capsys.readouterr().out
    assert "top-1 accuracy: 1.000" in out
    assert "out of scope: precision 1.000  recall 1.000  (support 2)" in out
    assert "confusion matrix" in out
    assert any(line.startswith("dien_chieu_sang") for line in out.splitlines())


def test_eval_refuses_a_file_without_labels(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x"}))
    with pytest.raises(CommandError, match="without text or category"):
        call_command("triage", "eval", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("triage", "eval", str(tmp_path / "missing.jsonl"))


def test_predict_works_as_a_real_process_with_the_shipped_model(tmp_path):
    env = {**os.environ, "DEBUG": "true", "PAHT_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "paht"), "triage", "predict"],
        input=json.dumps({"id": 7, "text": STREET_LIGHT}, ensure_ascii=False) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout)["category"] == "dien_chieu_sang"


def test_the_shipped_model_was_built_from_the_shipped_data():
    from paht.triage.model import data_digest

    model = store._read(store.SHIPPED_MODEL)
    assert model is not None and model.pair is not None
    assert model.meta["data_sha256"] == data_digest(store.shipped_samples()), (
        "the labelled data changed: run `paht triage train --shipped` and commit the model"
    )


# -- learning from the deployment's history ---------------------------------------------
NEW_PATTERN = [
    "Trạm sạc xe điện công cộng ở bãi xe chợ Cà Mau báo lỗi, không sạc được",
    "tram sac xe dien o bai xe cho ko sac dc may ngay nay",
    "Trụ sạc xe điện cạnh công viên Hùng Vương bị hỏng màn hình, không sạc được",
    "Trạm sạc xe máy điện khu tái định cư bị cắt, cắm vào không nhận",
    "Trụ sạc ô tô điện ở bến xe bị đập vỡ nắp, dây sạc đứt",
    "tru sac xe dien gan truong hoc hu roi, xe dien het pin ko sac dc",
    "Trạm sạc xe điện đường Ngô Quyền tắt cả tuần nay không ai sửa",
    "Mấy trụ sạc xe điện ở bãi đỗ xe phường Tân Thành đều báo lỗi đỏ",
]
PROBE = "Trạm sạc xe điện ở bãi đỗ xe bệnh viện báo lỗi, không sạc được xe"


@pytest.mark.django_db
def test_training_from_confirmed_reports_changes_predictions(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    before = predict(PROBE)
    # The deployment decides these belong to a field the shipped model ranks low.
    target = before.fields[-1][0]
    coordinator = world.actor("coordinator")
    for text in NEW_PATTERN:
        report = submit(world, description=text, field=target).report
        report_transition(
            report=report,
            action="assign",
            actor=coordinator,
            lead_unit=world.units["an_xuyen"],
        )
    call_command("triage", "train")
    assert store.deployment_model_path().exists()
    after = predict(PROBE)
    assert after.category == target != before.category
    # The shipped model is untouched: a deployment without history still uses it.
    settings.DATA_DIR = tmp_path / "elsewhere"
    assert predict(PROBE).category == before.category


@pytest.mark.django_db
def test_training_without_history_keeps_the_shipped_model(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    call_command("triage", "train")
    assert "cold start" in capsys.readouterr().out
    assert not store.deployment_model_path().exists()
