/* The report form's enhancements: map pin, commune search, one-by-one uploads with
   progress and retry, a draft kept in this browser, and a guard against double sending.
   Without this file the form still works: files travel with the form instead. */
(function () {
  "use strict";
  var DRAFT = "paht-draft-v1";

  // The page shown after sending clears the draft.
  if (document.querySelector("[data-clear-draft]")) {
    try { localStorage.removeItem(DRAFT); sessionStorage.removeItem(DRAFT); } catch (e) { /* private mode */ }
    return;
  }
  var form = document.getElementById("report-form");
  if (!form) return;

  var T = document.documentElement.lang === "en" ? {
    uploading: "Uploading…", done: "Uploaded", failed: "Not uploaded", retry: "Retry",
    remove: "Remove", wait: "Please wait until the files finish uploading.",
    sending: "Sending…", tooMany: "Too many files of this kind.", network: "No connection. Check your network and retry.",
    locating: "Finding your location…", located: "Location set. Drag the pin to adjust.",
    noGeo: "Could not get your location. Tap the map to set the place.",
    suggested: "Suggested commune: ", fromPhoto: "Place taken from the photo. Drag the pin if needed.",
    restored: "Your unsent draft was restored.", outside: "This point is outside the province."
  } : {
    uploading: "Đang tải lên…", done: "Đã tải lên", failed: "Chưa tải lên được", retry: "Thử lại",
    remove: "Bỏ", wait: "Vui lòng chờ tải xong ảnh, video.",
    sending: "Đang gửi…", tooMany: "Quá số tệp cho phép loại này.", network: "Mất kết nối. Kiểm tra mạng rồi thử lại.",
    locating: "Đang xác định vị trí…", located: "Đã đặt vị trí. Kéo ghim để chỉnh.",
    noGeo: "Không lấy được vị trí. Hãy chạm vào bản đồ để chọn nơi xảy ra.",
    suggested: "Gợi ý xã, phường: ", fromPhoto: "Vị trí lấy từ ảnh. Kéo ghim nếu chưa đúng.",
    restored: "Đã khôi phục bản nháp chưa gửi của bạn.", outside: "Điểm này nằm ngoài địa bàn tỉnh."
  };
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var uploadsList = document.getElementById("uploads");
  var pending = 0;

  /* ---------- drafts ---------- */
  // Name, phone and email stay only for this tab (a shared phone keeps no trace of them
  // once it is closed); the rest of the draft survives a closed browser.
  var PERSONAL = ["name", "phone", "email"];
  var DRAFTED = ["field", "description", "observed_at", "address", "commune", "name", "phone",
                 "email", "share_identity", "lat", "lng", "key"];
  function saveDraft() {
    var data = {};
    DRAFTED.forEach(function (name) {
      var els = form.elements[name];
      if (!els) return;
      if (els.length !== undefined && els.tagName === undefined) { // radio group
        Array.prototype.forEach.call(els, function (el) { if (el.checked) data[name] = el.value; });
      } else if (els.type === "checkbox") { data[name] = els.checked; }
      else { data[name] = els.value; }
    });
    data.attachments = Array.prototype.map.call(
      form.querySelectorAll("input[name=attachment]"),
      function (el) { return { ref: el.value, name: el.dataset.name || "", kind: el.dataset.kind }; });
    var personal = {};
    PERSONAL.forEach(function (name) { personal[name] = data[name]; delete data[name]; });
    try {
      localStorage.setItem(DRAFT, JSON.stringify(data));
      sessionStorage.setItem(DRAFT, JSON.stringify(personal));
    } catch (e) { /* full or private */ }
  }
  function restoreDraft() {
    var data;
    try {
      data = JSON.parse(localStorage.getItem(DRAFT) || "null");
      if (data) Object.assign(data, JSON.parse(sessionStorage.getItem(DRAFT) || "{}"));
    } catch (e) { data = null; }
    if (!data) return false;
    DRAFTED.forEach(function (name) {
      var els = form.elements[name];
      if (!els || data[name] === undefined) return;
      if (els.length !== undefined && els.tagName === undefined) {
        Array.prototype.forEach.call(els, function (el) { el.checked = el.value === data[name]; });
      } else if (els.type === "checkbox") { els.checked = !!data[name]; }
      else { els.value = data[name]; }
    });
    (data.attachments || []).forEach(function (a) { addDoneRow(a.ref, a.name, a.kind); });
    return true;
  }

  /* ---------- uploads ---------- */
  // One [data-kind] element per file: the row while it uploads, then its hidden input.
  function counts() {
    var photos = 0, videos = 0;
    form.querySelectorAll("[data-kind]").forEach(function (el) {
      if (el.dataset.kind === "video") videos++; else photos++;
    });
    return { photos: photos, videos: videos };
  }
  function hidden(ref, name, kind) {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "attachment"; input.value = ref;
    input.dataset.name = name; input.dataset.kind = kind || "photo";
    return input;
  }
  function row(name) {
    var li = document.createElement("li");
    li.className = "upload";
    var img = document.createElement("img"); img.alt = "";
    var middle = document.createElement("div");
    var label = document.createElement("div"); label.textContent = name;
    var bar = document.createElement("progress"); bar.max = 100; bar.value = 0;
    var status = document.createElement("div"); status.className = "status";
    middle.append(label, bar, status);
    var buttons = document.createElement("div");
    li.append(img, middle, buttons);
    uploadsList.append(li);
    return { li: li, img: img, bar: bar, status: status, buttons: buttons };
  }
  function button(text, handler) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "secondary"; b.textContent = text;
    b.addEventListener("click", handler);
    return b;
  }
  function addDoneRow(ref, name, kind) {
    var r = row(name);
    r.bar.hidden = true; r.img.hidden = true;
    r.status.textContent = T.done;
    r.li.append(hidden(ref, name, kind));
    r.buttons.append(button(T.remove, function () { r.li.remove(); saveDraft(); }));
  }
  function upload(file, r) {
    pending++;
    r.li.classList.remove("failed");
    r.buttons.textContent = "";
    r.bar.hidden = false; r.bar.value = 0;
    r.status.textContent = T.uploading;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) r.bar.value = Math.round(100 * e.loaded / e.total);
    });
    xhr.addEventListener("loadend", function () {
      pending--;
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 201 && body) {
        r.bar.value = 100; r.bar.hidden = true;
        r.status.textContent = T.done;
        delete r.li.dataset.kind; // counted by its hidden input from now on
        r.li.append(hidden(body.id + ":" + body.key, file.name, body.kind));
        r.buttons.append(button(T.remove, function () { r.li.remove(); saveDraft(); }));
        suggestFromPhoto(body.suggestion);
        saveDraft();
      } else {
        r.li.classList.add("failed");
        r.bar.hidden = true;
        r.status.textContent = T.failed + ": " +
          (body && body.error ? body.error.message : T.network);
        if (xhr.status === 0 || xhr.status >= 500 || xhr.status === 429) {
          r.buttons.append(button(T.retry, function () { upload(file, r); }));
        } else {
          delete r.li.dataset.kind; // refused for good: it takes no room
        }
        r.buttons.append(button(T.remove, function () { r.li.remove(); }));
      }
    });
    var data = new FormData();
    data.append("file", file, file.name);
    xhr.send(data);
  }
  form.querySelectorAll("input[type=file][name=files]").forEach(function (input) {
    input.addEventListener("change", function () {
      Array.prototype.forEach.call(input.files, function (file) {
        var kind = file.type.indexOf("video/") === 0 ? "video" : "photo";
        var c = counts();
        var r = row(file.name);
        r.li.dataset.kind = kind; // counted while uploading
        if ((kind === "video" && c.videos >= +form.dataset.maxVideos) ||
            (kind === "photo" && c.photos >= +form.dataset.maxPhotos)) {
          r.li.classList.add("failed"); r.bar.hidden = true; r.img.hidden = true;
          delete r.li.dataset.kind;
          r.status.textContent = T.tooMany;
          r.buttons.append(button(T.remove, function () { r.li.remove(); }));
          return;
        }
        if (kind === "photo" && /^image\/(jpeg|png|webp|gif)$/.test(file.type)) {
          r.img.src = URL.createObjectURL(file);
        } else { r.img.hidden = true; }
        upload(file, r);
      });
      input.value = ""; // uploaded already: the form itself must not carry them again
    });
  });

  /* ---------- map and commune ---------- */
  var latInput = form.elements.lat, lngInput = form.elements.lng;
  var commune = form.elements.commune;
  var mapStatus = document.getElementById("map-status");
  var marker = null, map = null;

  function suggestCommune(lat, lng) {
    fetch(form.dataset.locateUrl + "?lat=" + lat + "&lng=" + lng, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (!res.ok) { mapStatus.textContent = res.body.error ? res.body.error.message : T.outside; return; }
        commune.value = res.body.code;
        mapStatus.textContent = T.suggested + res.body.name;
        saveDraft();
      })
      .catch(function () { /* offline: the citizen picks the commune */ });
  }
  function place(lat, lng, zoom) {
    latInput.value = lat.toFixed(6); lngInput.value = lng.toFixed(6);
    if (!map) return;
    if (!marker) {
      marker = L.marker([lat, lng], { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () {
        var p = marker.getLatLng(); place(p.lat, p.lng);
      });
    } else { marker.setLatLng([lat, lng]); }
    if (zoom) map.setView([lat, lng], zoom);
    suggestCommune(lat, lng);
    saveDraft();
  }
  function suggestFromPhoto(s) {
    if (!s || s.lat == null || latInput.value) return;
    place(s.lat, s.lng, 17);
    mapStatus.textContent = T.fromPhoto;
  }
  var mapEl = document.getElementById("map");
  if (window.L && mapEl) {
    document.getElementById("map-block").hidden = false;
    var lat0 = parseFloat(mapEl.dataset.lat) || 16.0, lng0 = parseFloat(mapEl.dataset.lng) || 106.0;
    map = L.map(mapEl).setView([lat0, lng0], 10);
    L.tileLayer(mapEl.dataset.tiles, { maxZoom: 19, attribution: mapEl.dataset.attribution }).addTo(map);
    map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng); });
    document.getElementById("use-location").addEventListener("click", function () {
      if (!navigator.geolocation) { mapStatus.textContent = T.noGeo; return; }
      mapStatus.textContent = T.locating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        place(pos.coords.latitude, pos.coords.longitude, 17);
        mapStatus.textContent = T.located;
      }, function () { mapStatus.textContent = T.noGeo; }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  // Commune search: filter the long list as the citizen types, diacritics optional.
  var filter = document.getElementById("commune-filter");
  function plain(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  if (filter && commune) {
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var q = plain(filter.value.trim());
      var first = null;
      Array.prototype.forEach.call(commune.options, function (o) {
        var show = !o.value || !q || plain(o.text).indexOf(q) >= 0;
        o.hidden = !show;
        if (show && o.value && !first) first = o;
      });
      if (first && q) commune.value = first.value;
    });
  }

  /* ---------- draft restore and sending ---------- */
  if (form.dataset.fresh && restoreDraft()) {
    var note = document.createElement("p");
    note.className = "notice"; note.setAttribute("role", "status"); note.textContent = T.restored;
    form.prepend(note);
    if (latInput.value && lngInput.value && map) {
      place(parseFloat(latInput.value), parseFloat(lngInput.value), 16);
    }
  } else if (latInput.value && lngInput.value && map) {
    place(parseFloat(latInput.value), parseFloat(lngInput.value), 16);
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();

  var sendButton = document.getElementById("send");
  // Back from the confirmation page, the browser may restore this page as it was left.
  window.addEventListener("pageshow", function () {
    delete form.dataset.sending; sendButton.disabled = false;
  });
  var sendStatus = document.getElementById("send-status");
  form.addEventListener("submit", function (e) {
    if (pending > 0) { e.preventDefault(); sendStatus.textContent = T.wait; return; }
    if (form.dataset.sending) { e.preventDefault(); return; } // a double tap
    form.dataset.sending = "1";
    saveDraft();
    sendButton.disabled = true;
    sendStatus.textContent = T.sending;
    // If the answer never comes (a dropped connection), let the citizen send again:
    // the same key makes the server return the report it already created.
    setTimeout(function () { delete form.dataset.sending; sendButton.disabled = false; }, 20000);
  });
})();
