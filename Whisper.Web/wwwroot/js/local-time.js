// Times the server writes in a neutral form (UTC, so a page without script still says which), shown in the reader's
// own zone and in the page's language once script runs: <time data-local="date|datetime|time" datetime="…">.
const formats = {
  date: { dateStyle: 'long' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'short' },
};

// The page's language is the one the reader chose (or their browser's); Intl falls back to the browser's own when it
// does not know a tag, such as the tests' pseudo-language.
const language = (() => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([document.documentElement.lang]).length ? [document.documentElement.lang] : [];
  } catch {
    return [];
  }
})();

const localise = (root) => root.querySelectorAll?.('time[data-local]').forEach((time) => {
  const when = new Date(time.dateTime);
  if (Number.isNaN(when.getTime())) return;
  time.textContent = when.toLocaleString(language, formats[time.dataset.local] ?? formats.datetime);
  time.title = when.toLocaleString(language, { dateStyle: 'full', timeStyle: 'long' });
});

localise(document);
document.body.addEventListener('htmx:load', (event) => localise(event.detail.elt));
