"""A report's files for each audience, and the "processing" state until copies exist."""

import pytest
from django.test import Client

from paht.media import services
from paht.media.models import Attachment, MediaState
from paht.media.selectors import media_processing, public_media, reporter_media, staff_media
from paht.reports.models import State
from paht.reports.permissions import Actor
from tests.factories import report_in_state
from tests.media import samples
from tests.media.conftest import upload


def attach(report, data, name):
    result = upload(data, name)
    services.attachments_attach(
        report=report, refs=[(str(result.attachment.pk), result.key)], actor=Actor.reporter(report)
    )
    return Attachment.objects.get(pk=result.attachment.pk)


@pytest.mark.django_db
def test_report_shows_processing_until_the_worker_has_made_the_copies(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    photo = attach(report, samples.jpeg(400, 300), "a.jpg")
    video = attach(report, samples.video("mp4"), "b.mp4")
    assert media_processing(report)
    items = reporter_media(report)
    assert [i.processing for i in items] == [True, True] and items[0].urls == {}
    assert public_media(report) == []
    services.attachment_process(photo.pk)
    assert media_processing(report)
    services.attachment_process(video.pk)
    assert not media_processing(report)
    public = public_media(report)
    assert [i.kind for i in public] == ["photo", "video"]
    assert set(public[1].urls) == {"video", "poster", "small"}
    client = Client()
    for item in public:
        for url in item.urls.values():
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_each_audience_sees_what_it_may(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    photo = attach(report, samples.jpeg(400, 300), "a.jpg")
    services.attachment_process(photo.pk)
    broken = attach(report, samples.png()[:3000], "b.png")
    services.attachment_process(broken.pk)
    assert Attachment.objects.get(pk=broken.pk).state == MediaState.QUARANTINED
    assert public_media(report) == []  # not published yet
    mine = reporter_media(report)
    assert [i.id for i in mine] == [str(photo.pk)]
    assert "t=" in mine[0].urls["display"]
    assert Client().get(mine[0].urls["display"]).status_code == 200
    assert len(staff_media(report, world.actor("coordinator"))) == 2
    assert staff_media(report, world.actor("other_handler")) == []
