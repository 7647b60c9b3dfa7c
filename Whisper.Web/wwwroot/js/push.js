// The bell: asks for notification permission only when clicked, subscribes this browser to the room with the
// server's VAPID key, and tells the server (room, endpoint, keys, whether pushes may show message text, and whether
// only mentions are pushed). Changing either choice while on tells the server again.
const bell = document.querySelector('.bell');

const base64UrlToBytes = (text) => {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

if (bell && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) {
  const room = bell.dataset.room;
  const remembered = `whisper-push-${room}`;
  const status = bell.querySelector('.bell__status');
  const on = bell.querySelector('.bell__on');
  const off = bell.querySelector('.bell__off');
  const showText = bell.querySelector('.bell__text');
  const mentionsOnly = bell.querySelector('.bell__mentions');
  const token = document.querySelector('meta[name=antiforgery-token]')?.content ?? '';
  // The sentences are the page's, in its language (Room.cshtml puts them on the panel).
  const words = bell.querySelector('.bell__panel').dataset;
  bell.classList.add('bell--ready');

  const show = (subscribed, text) => {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    bell.classList.toggle('bell--on', subscribed);
    status.textContent = text;
  };

  const send = (method, body) => fetch('/push/subscriptions', {
    method,
    headers: { 'Content-Type': 'application/json', RequestVerificationToken: token },
    body: JSON.stringify(body),
  });

  const subscribe = async () => {
    if (await Notification.requestPermission() !== 'granted') {
      show(false, words.blocked);
      return;
    }
    try {
      const registration = await navigator.serviceWorker.ready;
      const key = await (await fetch('/push/key')).text();
      const subscription = await registration.pushManager.getSubscription()
        ?? await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) });
      const { endpoint, keys } = subscription.toJSON();
      const response = await send('POST', { room, endpoint, keys, showText: showText.checked, mentionsOnly: mentionsOnly.checked });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        show(false, problem.detail || words.failed.replace('{0}', response.status));
        return;
      }
      localStorage.setItem(remembered, '1');
      show(true, mentionsOnly.checked ? words.onMentions : words.on);
    } catch {
      show(false, words.unsupported);
    }
  };

  on.addEventListener('click', subscribe);
  // The server replaces this browser's subscription to the room with the new choices.
  [showText, mentionsOnly].forEach((box) => box.addEventListener('change', () => {
    if (bell.classList.contains('bell--on')) subscribe();
  }));

  off.addEventListener('click', async () => {
    const subscription = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
    if (subscription) await send('DELETE', { room, endpoint: subscription.endpoint });
    localStorage.removeItem(remembered);
    show(false, words.off);
  });

  show(localStorage.getItem(remembered) === '1' && Notification.permission === 'granted', '');
}
