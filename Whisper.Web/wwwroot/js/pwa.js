// Installs the service worker: the app shell and offline page, and the receiver of push notifications.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without a worker the site still works; it just cannot be installed or notify.
  });
}
