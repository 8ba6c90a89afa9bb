/* Console enhancements: the report's map, return guidance, one-by-one uploads with
   progress, and a guard against double sending. Every form works without this file. */
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";
  var T = en ? { uploading: "Uploading…", done: "Uploaded", failed: "Not uploaded: ", wait: "Please wait until the files finish uploading." }
             : { uploading: "Đang tải lên…", done: "Đã tải lên", failed: "Chưa tải lên được: ", wait: "Vui lòng chờ tải xong ảnh." };

  // The report's point on the map.
  var el = document.getElementById("console-map");
  if (el && window.L) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    var map = L.map(el).setView([lat, lng], 16);
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    L.marker([lat, lng], { keyboard: false }).addTo(map);
  }

  // Choosing a return reason puts its guidance in the note, unless the note was edited.
  Array.prototype.forEach.call(document.querySelectorAll("select[data-guidance-for]"), function (select) {
    var note = document.getElementById(select.dataset.guidanceFor);
    if (!note) return;
    var last = note.value;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (note.value === last || note.value === "") {
        note.value = option.dataset.guidance || "";
        last = note.value;
      }
    });
  });

  // Uploads: each file goes to /media/upload on its own, with a progress bar; only its
  // reference travels with the form.
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), function (form) {
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector(".uploads");
    var pending = 0;
    if (!input || !list || !window.FormData) return;
    input.addEventListener("change", function () {
      Array.prototype.forEach.call(input.files, function (file) { send(file); });
      input.value = "";
    });
    function send(file) {
      var li = document.createElement("li");
      li.className = "upload";
      var name = document.createElement("span");
      name.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      var status = document.createElement("span");
      status.className = "status"; status.textContent = T.uploading;
      li.appendChild(name); li.appendChild(bar); li.appendChild(status);
      list.appendChild(li);
      var data = new FormData();
      data.append("file", file);
      data.append("purpose", form.dataset.upload);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/media/upload");
      xhr.setRequestHeader("X-CSRFToken", csrfInput ? csrfInput.value : "");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
      pending += 1;
      xhr.onloadend = function () {
        pending -= 1;
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        if (xhr.status === 201 && body.id) {
          bar.value = 100; status.textContent = T.done; li.classList.add("done");
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = "attachment"; hidden.value = body.id + ":" + body.key;
          form.appendChild(hidden);
        } else {
          li.classList.add("failed");
          status.textContent = T.failed + ((body.error && body.error.message) || xhr.status);
        }
      };
      xhr.send(data);
    }
    form.addEventListener("submit", function (e) {
      if (pending > 0) { e.preventDefault(); e.stopImmediatePropagation(); alert(T.wait); }
    });
  });

  // A second tap on a button that already sent its form does nothing.
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    form.addEventListener("submit", function (e) {
      if (e.defaultPrevented) return;
      if (form.dataset.sent) { e.preventDefault(); return; }
      form.dataset.sent = "1";
      Array.prototype.forEach.call(form.querySelectorAll("button[data-once]"), function (b) {
        setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });
})();
