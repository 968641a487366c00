// Draws the closure charts from the figures the page embeds; without scripts the table still holds every figure.
const source = document.getElementById('closure-data');
if (window.Chart && source) {
  const data = JSON.parse(source.textContent);
  const common = { responsive: true, maintainAspectRatio: false, animation: false };
  new window.Chart(document.getElementById('rates'), {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [
        { label: data.closureRateLabel, data: data.closureRate, backgroundColor: '#0b57a4' },
        { label: data.onTimeRateLabel, data: data.onTimeRate, backgroundColor: '#1f7a3a' },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } } } },
  });
  new window.Chart(document.getElementById('aging'), {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [
        { label: data.aging0Label, data: data.aging0, backgroundColor: '#f0a500' },
        { label: data.aging8Label, data: data.aging8, backgroundColor: '#d9480f' },
        { label: data.aging30Label, data: data.aging30, backgroundColor: '#b3261e' },
      ],
    },
    options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
}
