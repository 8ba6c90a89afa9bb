/* Public maps: the clustered map of published reports, and a report's own point. */
(function () {
  "use strict";
  if (!window.L) return;

  function base(el, zoom) {
    var lat = parseFloat(el.dataset.lat) || 16.0, lng = parseFloat(el.dataset.lng) || 106.0;
    var map = L.map(el).setView([lat, lng], zoom);
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    return map;
  }

  var detail = document.getElementById("detail-map");
  if (detail) {
    var m = base(detail, 16);
    L.marker([parseFloat(detail.dataset.lat), parseFloat(detail.dataset.lng)], { keyboard: false }).addTo(m);
  }

  var el = document.getElementById("public-map");
  if (!el || !L.markerClusterGroup) return;
  var map = base(el, 9);
  var count = document.getElementById("map-count");
  var en = document.documentElement.lang === "en";
  fetch(el.dataset.points, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.points) { count.textContent = data.error ? data.error.message : ""; return; }
      var cluster = L.markerClusterGroup({ chunkedLoading: true });
      var bounds = [];
      data.points.forEach(function (p) {
        var code = p[0], title = p[1], field = p[2], lat = p[3], lng = p[4];
        var marker = L.marker([lat, lng], { title: title });
        // Built from DOM nodes, never from HTML strings: titles are citizens' text.
        var box = document.createElement("div");
        var strong = document.createElement("strong"); strong.textContent = title;
        var meta = document.createElement("div"); meta.textContent = code + " · " + field;
        var link = document.createElement("a");
        link.href = data.detail_url.replace("CODE", encodeURIComponent(code));
        link.textContent = el.dataset.openLabel;
        box.append(strong, meta, link);
        marker.bindPopup(box);
        cluster.addLayer(marker);
        bounds.push([lat, lng]);
      });
      map.addLayer(cluster);
      if (bounds.length) map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
      count.textContent = (en ? "Reports on the map: " : "Số phản ánh trên bản đồ: ") + data.points.length +
        (data.truncated ? (en ? " (first ones only; narrow the filters)" : " (chỉ hiện một phần; hãy thu hẹp bộ lọc)") : "");
    })
    .catch(function () {
      count.textContent = en ? "Could not load the reports. Check your connection." : "Không tải được dữ liệu. Kiểm tra kết nối mạng.";
    });
})();
