/* While the citizen describes the problem, ask the triage assistant what it reads: a
   gentle note when the text looks like an administrative procedure or a complaint (with
   where to go instead), and a suggested field when none is chosen yet or another fits
   better. Never blocks sending; without this file nothing changes. */
(function () {
  "use strict";
  var box = document.getElementById("triage-hint");
  var form = document.getElementById("report-form");
  if (!box || !form || !window.fetch) return;
  var text = form.elements.description;
  if (!text) return;

  var EN = document.documentElement.lang === "en";
  var T = EN ? {
    outside: "This looks like: ", outsideTail: " — something field reports do not handle.",
    still: "If it is a problem you see on site, you can still send it.",
    field: "Suggested category: ", choose: "Choose this category"
  } : {
    outside: "Nội dung này có vẻ thuộc: ", outsideTail: " — không thuộc phạm vi phản ánh hiện trường.",
    still: "Nếu đây là sự việc bạn thấy tại hiện trường, bạn vẫn có thể gửi.",
    field: "Gợi ý lĩnh vực: ", choose: "Chọn lĩnh vực này"
  };
  // A field is suggested when it is likely enough and clearly ahead of the next one.
  var MIN_CHARS = 15, WAIT_MS = 700, FIELD_SCORE = 0.3, FIELD_LEAD = 1.5;
  var timer = null, lastAsked = "", seq = 0;

  function chosenField() {
    var checked = form.querySelector("input[name=field]:checked");
    return checked ? checked.value : "";
  }
  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content) node.textContent = content;
    return node;
  }
  function show(answer) {
    box.textContent = "";
    box.classList.remove("warn");
    if (!answer.in_scope && answer.reason) {
      box.classList.add("warn");
      var p = el("p");
      p.appendChild(document.createTextNode(T.outside));
      p.appendChild(el("strong", "", answer.reason.name));
      p.appendChild(document.createTextNode(T.outsideTail));
      box.appendChild(p);
      box.appendChild(el("p", "", answer.reason.guidance));
      box.appendChild(el("p", "hint", T.still));
      box.hidden = false;
      return;
    }
    var best = answer.top3 && answer.top3[0], next = answer.top3 && answer.top3[1];
    var clear = best && best.score >= FIELD_SCORE && (!next || best.score >= FIELD_LEAD * next.score);
    if (clear && best.code !== chosenField()) {
      var radio = form.querySelector("input[name=field][value='" + best.code + "']");
      if (!radio) { box.hidden = true; return; }
      var line = el("p");
      line.appendChild(document.createTextNode(T.field));
      line.appendChild(el("strong", "", best.name));
      line.appendChild(document.createTextNode(" "));
      var button = el("button", "link", T.choose);
      button.type = "button";
      button.addEventListener("click", function () {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
        radio.focus();
        box.hidden = true;
      });
      line.appendChild(button);
      box.appendChild(line);
      box.hidden = false;
      return;
    }
    box.hidden = true;
  }
  function ask() {
    var value = text.value.trim();
    if (value.length < MIN_CHARS) { box.hidden = true; return; }
    if (value === lastAsked) return;
    lastAsked = value;
    var body = { text: value };
    var lat = parseFloat((form.elements.lat || {}).value), lng = parseFloat((form.elements.lng || {}).value);
    if (isFinite(lat) && isFinite(lng)) { body.lat = lat; body.lng = lng; }
    var mine = ++seq;
    fetch(box.dataset.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": EN ? "en" : "vi" },
      body: JSON.stringify(body),
      credentials: "omit"
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) { if (answer && mine === seq) show(answer); })
      .catch(function () { /* offline: the static notice below the form still says it */ });
  }
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, WAIT_MS);
  });
  text.addEventListener("blur", ask);
  form.addEventListener("change", function (e) {
    if (e.target.name === "field" && !box.hidden && !box.classList.contains("warn")) box.hidden = true;
  });
  if (text.value.trim().length >= MIN_CHARS) ask();
})();
