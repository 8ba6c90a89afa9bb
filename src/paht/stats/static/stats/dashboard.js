/* Staff dashboard: charts (the tables beside them carry the same numbers), a map of open
   reports in graded circles, and polling that refreshes counts, tables, charts and map
   in place. Without JavaScript the page is complete; chart boxes stay hidden. */
(function () {
  "use strict";
  var source = document.getElementById("dash-data");
  var live = document.getElementById("dash-counts");
  if (!source || !live) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var text = JSON.parse(document.getElementById("dash-text").textContent);
  var status = document.getElementById("dash-status");
  var colours = {
    handled: "#0a6b2e", in_progress: "#b36b00", returned: "#6d7074",
    on_time: "#0b5394", satisfaction: "#0a6b2e", submitted: "#0b5394", bad: "#b3261e"
  };
  var LABEL_MAX = window.innerWidth < 600 ? 18 : 32;
  var charts = {};

  function shorten(label) {
    return label.length > LABEL_MAX ? label.slice(0, LABEL_MAX - 1) + "…" : label;
  }

  function sum(values) {
    return values.reduce(function (a, b) { return a + b; }, 0);
  }

  function categoryAxis() {
    return {
      ticks: { autoSkip: false, callback: function (v) { return shorten(this.getLabelForValue(v)); } },
      grid: { display: false }
    };
  }

  // Draw the chart, or update it in place when it exists; hidden while it has no data.
  function draw(id, bars, config, empty) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    var box = canvas.parentNode;
    if (empty) {
      box.hidden = true;
      return;
    }
    if (bars) {
      box.style.height = Math.max(200, bars * 30 + 60) + "px";
    }
    box.hidden = false;
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update();
    } else {
      charts[id] = new window.Chart(canvas, config);
    }
  }

  function horizontal(labels, datasets, stacked, percent) {
    var x = percent
      ? { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } }
      : { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } };
    return {
      type: "bar",
      data: { labels: labels, datasets: datasets.map(function (d) { return Object.assign({ maxBarThickness: 28 }, d); }) },
      options: {
        indexAxis: "y",
        scales: { x: x, y: Object.assign({ stacked: stacked }, categoryAxis()) },
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } }
      }
    };
  }

  function drawCharts(d) {
    var f = d.fields;
    draw("chart-fields", f.labels.length, horizontal(f.labels, ["handled", "in_progress", "returned"].map(function (k) {
      return { label: text[k], data: f[k], backgroundColor: colours[k] };
    }), true, false), !sum(f.handled) && !sum(f.in_progress) && !sum(f.returned));
    draw("chart-on-time", d.on_time.labels.length, horizontal(d.on_time.labels, [
      { label: text.on_time_rate, data: d.on_time.values, backgroundColor: colours.on_time }
    ], false, true), !d.on_time.labels.length);
    draw("chart-satisfaction", d.satisfaction.labels.length, horizontal(d.satisfaction.labels, [
      { label: text.satisfaction_rate, data: d.satisfaction.values, backgroundColor: colours.satisfaction }
    ], false, true), !d.satisfaction.labels.length);
    draw("chart-communes", d.communes.labels.length, horizontal(d.communes.labels, [
      { label: text.reports, data: d.communes.values, backgroundColor: colours.submitted }
    ], false, false), !d.communes.labels.length);
    draw("chart-trend", 0, {
      type: "line",
      data: {
        labels: d.trend.labels,
        datasets: [
          { label: text.submitted, data: d.trend.submitted, borderColor: colours.submitted, backgroundColor: colours.submitted },
          { label: text.handled, data: d.trend.handled, borderColor: colours.handled, backgroundColor: colours.handled }
        ]
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } }
    }, !sum(d.trend.submitted));
  }

  // The map: one circle per cell of about 1 km, its area following the number of reports.
  var mapEl = document.getElementById("dash-map");
  var map = null, layer = null;
  function drawMap(cells) {
    if (!mapEl || !window.L) {
      return;
    }
    var L = window.L;
    if (!map) {
      var lat = parseFloat(mapEl.dataset.lat) || 16.0, lng = parseFloat(mapEl.dataset.lng) || 106.0;
      map = L.map(mapEl).setView([lat, lng], 9);
      L.tileLayer(mapEl.dataset.tiles, { maxZoom: 19, attribution: mapEl.dataset.attribution }).addTo(map);
      layer = L.layerGroup().addTo(map);
      var bounds = cells.map(function (c) { return [c[0], c[1]]; });
      if (bounds.length) {
        map.fitBounds(bounds, { maxZoom: 13, padding: [20, 20] });
      }
    }
    layer.clearLayers();
    var most = Math.max.apply(null, cells.map(function (c) { return c[2]; }).concat([1]));
    cells.forEach(function (c) {
      var late = c[3] > 0;
      L.circleMarker([c[0], c[1]], {
        radius: 5 + 20 * Math.sqrt(c[2] / most),
        color: late ? colours.bad : colours.in_progress,
        fillColor: late ? colours.bad : colours.in_progress,
        fillOpacity: 0.45,
        weight: 1
      }).bindTooltip(text.open + ": " + c[2] + (late ? " · " + text.overdue + ": " + c[3] : "")).addTo(layer);
    });
  }

  function setStatus(message) {
    if (status) {
      status.textContent = message;
    }
  }

  // Replace sections with the server's freshly rendered (and escaped) HTML; flash counts
  // that changed so a glance shows what moved.
  function apply(payload) {
    var before = {};
    live.querySelectorAll("[data-count]").forEach(function (el) { before[el.dataset.count] = el.textContent; });
    Object.keys(payload.sections).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) {
        el.innerHTML = payload.sections[id];
      }
    });
    live.querySelectorAll("[data-count]").forEach(function (el) {
      if (before[el.dataset.count] !== undefined && before[el.dataset.count] !== el.textContent) {
        el.classList.add("changed");
      }
    });
    drawCharts(payload.charts);
    drawMap(payload.charts.cells);
    setStatus(text.updated + " " + payload.updated);
  }

  var seconds = parseInt(live.dataset.seconds, 10) || 30;
  function poll() {
    if (document.hidden) {
      return; // a background tab does not load the server; refreshed when shown again
    }
    fetch(live.dataset.poll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(r.status);
        }
        return r.json();
      })
      .then(apply)
      .catch(function () { setStatus(text.stale); });
  }

  if (typeof window.Chart !== "undefined") {
    window.Chart.defaults.locale = document.documentElement.lang || "vi";
    window.Chart.defaults.animation = false;
    window.Chart.defaults.maintainAspectRatio = false;
    window.Chart.defaults.color = "#1d2327";
  }
  drawCharts(data);
  drawMap(data.cells);
  window.setInterval(poll, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      poll();
    }
  });
})();
