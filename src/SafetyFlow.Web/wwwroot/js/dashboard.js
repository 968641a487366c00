// Draws the weekly trend from the figures the page embeds; without scripts the tiles and tables still tell the story.
const data = JSON.parse(document.getElementById('trend-data').textContent);
const canvas = document.getElementById('trend');
if (window.Chart && canvas) {
  new window.Chart(canvas, {
    type: 'line',
    data: {
      labels: data.labels.map((w) => w.slice(5)),
      datasets: [
        { label: data.raisedLabel, data: data.raised, borderColor: '#b3261e', backgroundColor: '#b3261e', tension: 0.2 },
        { label: data.closedLabel, data: data.closed, borderColor: '#1f7a3a', backgroundColor: '#1f7a3a', tension: 0.2 },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}
