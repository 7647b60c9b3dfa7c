// Installs the service worker: the app shell and offline page, and the receiver of push notifications.
if ('serviceWorker' in navigator) {
  // The page's language is in the worker's address: a new language is a new worker, with its texts and offline page.
  navigator.serviceWorker.register(`/sw.js?lang=${encodeURIComponent(document.documentElement.lang)}`, { scope: '/' }).catch(() => {
    // Without a worker the site still works; it just cannot be installed or notify.
  });
}

// The install offer: the browser's own prompt where it has one (beforeinstallprompt), a how-to on iPhone and iPad
// (Safari has no prompt, and Web Push there needs the installed app). Once dismissed or installed it stays away;
// that choice is kept in this browser only (localStorage), never sent anywhere.
const DISMISSED = 'whisper-install-dismissed';
const offer = document.querySelector('.install');
const remembered = () => { try { return localStorage.getItem(DISMISSED) === '1'; } catch { return true; } };
const standalone = () => matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;

if (offer && !remembered() && !standalone()) {
  const dismiss = () => {
    offer.hidden = true;
    try { localStorage.setItem(DISMISSED, '1'); } catch { /* storage off: it simply shows again next time */ }
  };
  offer.querySelector('.install__dismiss').addEventListener('click', dismiss);

  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  if (ios) {
    offer.querySelector('.install__ios').hidden = false;
    offer.hidden = false;
  }

  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    const install = offer.querySelector('.install__now');
    offer.querySelector('.install__offer').hidden = false;
    install.hidden = false;
    offer.hidden = false;
    install.onclick = async () => {
      // A prompt can be shown once: after it, the offer goes whatever the answer (the browser asks again later).
      install.hidden = true;
      event.prompt();
      const { outcome } = await event.userChoice;
      if (outcome === 'accepted') dismiss();
      else offer.hidden = true;
    };
  });
  window.addEventListener('appinstalled', dismiss);
}
