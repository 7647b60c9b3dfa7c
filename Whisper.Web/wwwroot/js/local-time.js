// Times the server writes in UTC (so a page without script still says which), shown in the reader's own zone and
// language once script runs: <time data-local="date|datetime|time" datetime="…">.
const formats = {
  date: { dateStyle: 'long' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'short' },
};

const localise = (root) => root.querySelectorAll?.('time[data-local]').forEach((time) => {
  const when = new Date(time.dateTime);
  if (Number.isNaN(when.getTime())) return;
  time.textContent = when.toLocaleString([], formats[time.dataset.local] ?? formats.datetime);
  time.title = when.toLocaleString([], { dateStyle: 'full', timeStyle: 'long' });
});

localise(document);
document.body.addEventListener('htmx:load', (event) => localise(event.detail.elt));
