// The result of a voting round as a bar chart, from the JSON that the page carries
// (json_script "round-chart-data"). Chart.js sizes the canvas through element.style, which
// the Content-Security-Policy allows (only style attributes in the markup are refused).
(function () {
  var source = document.getElementById("round-chart-data");
  var canvas = document.getElementById("round-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var datasets = [{label: data.label_first, data: data.votes, backgroundColor: "#0033a0"}];
  if (data.ranked) { datasets.push({label: data.label_final, data: data.final, backgroundColor: "#5b92e5"}); }
  new Chart(canvas, {
    type: "bar",
    data: {labels: data.labels, datasets: datasets},
    options: {indexAxis: "y", scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}
  });
})();
