// Draws each target's progress (Chart.js, vendored) from the JSON the page carries.
// Without JavaScript the progress bars and the table of daily figures say the same.
"use strict";
document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
  var source = document.getElementById(canvas.dataset.chart);
  if (!source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.achieved_label, data: data.achieved, borderColor: "#b3261e", pointRadius: 0, spanGaps: false },
        { label: data.target_label, data: data.target, borderColor: "#5f6368", borderDash: [6, 4], pointRadius: 0 }
      ]
    },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } }
  });
});
