/* Charts for the statistics page. The tables beside them carry the same numbers, so
   without JavaScript (or before Chart.js loads) the page is complete; the chart boxes
   stay hidden until drawn. Data and labels come from the json_script block. */
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var Chart = window.Chart;
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var colours = {
    handled: "#0a6b2e",
    in_progress: "#b36b00",
    returned: "#6d7074",
    on_time: "#0b5394",
    satisfaction: "#0a6b2e"
  };
  var lang = document.documentElement.lang || "vi";
  // Longer names are cut on the axis (the tooltip and the table keep them whole).
  var LABEL_MAX = window.innerWidth < 600 ? 18 : 32;

  Chart.defaults.locale = lang;
  Chart.defaults.animation = false; // lighter on phones; the numbers are what matter
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.color = "#1d2327";
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

  function sum(values) {
    return values.reduce(function (a, b) { return a + b; }, 0);
  }

  function shorten(label) {
    return label.length > LABEL_MAX ? label.slice(0, LABEL_MAX - 1) + "…" : label;
  }

  // Show the chart's box, sized to its number of bars, and return its canvas.
  function canvasFor(id, bars) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return null;
    }
    var box = canvas.parentNode;
    if (bars) {
      box.style.height = Math.max(200, bars * 30 + 60) + "px";
    }
    box.hidden = false;
    return canvas;
  }

  function categoryAxis() {
    return {
      ticks: {
        autoSkip: false,
        callback: function (value) { return shorten(this.getLabelForValue(value)); }
      },
      grid: { display: false }
    };
  }

  function fieldsChart() {
    var f = data.fields;
    if (!sum(f.handled) && !sum(f.in_progress) && !sum(f.returned)) {
      return;
    }
    var canvas = canvasFor("chart-fields", f.labels.length);
    if (!canvas) {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: f.labels,
        datasets: ["handled", "in_progress", "returned"].map(function (key) {
          return { label: text[key], data: f[key], backgroundColor: colours[key] };
        })
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: Object.assign({ stacked: true }, categoryAxis())
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function statesChart() {
    if (!sum(data.buckets)) {
      return;
    }
    var canvas = canvasFor("chart-states");
    if (!canvas) {
      return;
    }
    new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: [text.handled, text.in_progress, text.returned],
        datasets: [{
          data: data.buckets,
          backgroundColor: [colours.handled, colours.in_progress, colours.returned]
        }]
      },
      options: { plugins: { legend: { position: "bottom" } } }
    });
  }

  function rateChart(id, series, label, colour) {
    if (!series.labels.length) {
      return;
    }
    var canvas = canvasFor(id, series.labels.length);
    if (!canvas) {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{ label: label, data: series.values, backgroundColor: colour }]
      },
      options: {
        indexAxis: "y",
        scales: {
          x: {
            min: 0,
            max: 100,
            ticks: { callback: function (v) { return v + "%"; } }
          },
          y: categoryAxis()
        },
        plugins: { legend: { display: false } }
      }
    });
  }

  fieldsChart();
  statesChart();
  rateChart("chart-on-time", data.on_time, text.on_time_rate, colours.on_time);
  rateChart("chart-satisfaction", data.satisfaction, text.satisfaction_rate, colours.satisfaction);
})();
