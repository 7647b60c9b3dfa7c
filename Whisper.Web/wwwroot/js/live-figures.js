// The live figures poll only while someone can see them: a hidden tab asks nothing (htmx filters need eval, which the
// CSP forbids, so the poll is cancelled here), and the figures catch up the moment the tab is shown again.
document.addEventListener('htmx:beforeRequest', (event) => {
  if (event.target.id === 'live' && document.visibilityState !== 'visible') event.preventDefault();
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') document.getElementById('live')?.dispatchEvent(new Event('whisper:shown'));
});
