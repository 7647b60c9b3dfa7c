// Whisper's service worker. The server fills in VERSION and SHELL (fingerprinted URLs) and TEXTS, so every deploy
// that changes a file, and every change of the page's language, installs a fresh cache and deletes the old one.
const VERSION = '__VERSION__';
const SHELL = __SHELL__;
// The fallbacks of a push without a title or body, in the language of the page that registered this worker.
const TEXTS = __TEXTS__;
const CACHE = `whisper-${VERSION}`;
const ICON = '/icons/icon-192.png';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith('whisper-') && key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

// Pages with live data, streams and posts always go to the network; only the app shell comes from the cache,
// and the offline page stands in for a page when there is no network at all.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline')));
  } else if (SHELL.includes(url.pathname + url.search)) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
  }
});

self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {};
  const url = data.url || '/chat';
  event.waitUntil((async () => {
    // Someone already looking at that room needs no notification.
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    if (windows.some((w) => w.focused && new URL(w.url).pathname === url)) return;
    await self.registration.showNotification(data.title || TEXTS.title, {
      body: data.body || TEXTS.body,
      icon: ICON,
      badge: ICON,
      tag: `room-${data.room || ''}`,
      renotify: true,
      data: { url },
    });
  })());
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data?.url || '/chat';
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).pathname === url);
    if (open) return open.focus();
    return self.clients.openWindow(url);
  })());
});
