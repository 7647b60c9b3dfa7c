// The stranger chat page: keeps the conversation scrolled, clears the box after sending, tells the partner
// "typing" at most every few seconds, opens the report dialog, starts a new chat on Esc (twice while talking),
// and shows refusals. Nothing said is stored anywhere, here included. Every sentence comes from the page, in its language.
const token = () => document.querySelector('meta[name=antiforgery-token]')?.content ?? '';
const talk = () => document.querySelector('.talk');
const state = () => document.querySelector('.talk-status')?.dataset.state;
let lastTyping = 0;
let typingTimer;
let escapeTimer;

// Fills one of the panel's rendered lines (error, notice) with a server's answer, or hides it.
const show = (selector, text) => {
  const line = document.querySelector(selector);
  if (!line) return;
  line.textContent = text;
  line.hidden = !text;
};
const say = (text) => show('.talk__error', text);

const scrollLog = () => {
  const log = document.getElementById('talk-log');
  if (log) log.scrollTop = log.scrollHeight;
};

const clearTyping = () => {
  clearTimeout(typingTimer);
  const typing = document.getElementById('talk-typing');
  if (typing) typing.textContent = '';
};

const setTalking = (talking) => {
  const form = document.querySelector('.talk__composer');
  if (!form) return;
  form.querySelector('textarea').disabled = !talking;
  form.querySelector('button').disabled = !talking;
  // The one who just left can still be reported.
  document.querySelector('.talk__report-open').disabled = !talking && state() !== 'left';
  if (talking) form.querySelector('textarea').focus();
};

// The server knows country names in English only; the browser knows them in every language (Intl.DisplayNames).
const nameCountry = () => {
  const flag = document.querySelector('.talk-status__flag');
  const code = document.querySelector('.talk-status')?.dataset.country;
  if (!flag || !code) return;
  try {
    const label = flag.dataset.label.replace('{0}', new Intl.DisplayNames([document.documentElement.lang], { type: 'region' }).of(code));
    flag.setAttribute('aria-label', label);
    flag.title = label;
  } catch {
    // A browser without Intl.DisplayNames keeps the English name.
  }
};

const newChat = () => {
  clearTimeout(escapeTimer);
  document.querySelector('.talk__confirm').hidden = true;
  show('.talk__notice', '');
  document.getElementById('talk-skip')?.requestSubmit();
};

document.body.addEventListener('htmx:sseMessage', (event) => {
  const type = event.detail.type;
  if (type === 'line') {
    clearTyping();
    scrollLog();
  } else if (type === 'status') {
    // A partner who left is typing no more; a new partner starts with an empty log.
    clearTyping();
    if (state() === 'matched') document.getElementById('talk-log').replaceChildren();
    setTalking(state() === 'matched');
    talk().dataset.state = state();
    nameCountry();
    say('');
  } else if (type === 'typing') {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(clearTyping, 4000);
  }
});

document.body.addEventListener('htmx:afterRequest', (event) => {
  const form = event.detail.elt.closest?.('form');
  if (!form || !talk()?.contains(form)) return;
  if (event.detail.successful) {
    if (form.classList.contains('talk__composer')) {
      form.reset();
      scrollLog();
    }
    if (form.closest('.talk__report')) {
      form.reset();
      form.closest('dialog').close();
      // Stays in the bar through the states that follow (left, looking, the next match) until the next chat.
      show('.talk__notice', event.detail.xhr.responseText);
    }
  } else if (event.detail.xhr) {
    // A refused report (the partner already left) is told in the bar, not behind the dialog.
    form.closest('dialog')?.close();
    say(event.detail.xhr.responseText || talk().dataset.failure.replace('{0}', event.detail.xhr.status));
  }
});

document.body.addEventListener('click', (event) => {
  if (event.target.closest?.('.talk__report-open')) document.getElementById('talk-report')?.showModal();
  else if (event.target.closest?.('.talk__report-cancel')) document.getElementById('talk-report')?.close();
  else if (event.target.closest?.('.talk__skip')) show('.talk__notice', '');
});

document.body.addEventListener('input', (event) => {
  if (event.target.id !== 'talk-text' || Date.now() - lastTyping < 3000) return;
  lastTyping = Date.now();
  const body = new FormData();
  body.set('session', talk().dataset.session);
  fetch('/talk/typing', { method: 'POST', body, headers: { RequestVerificationToken: token() } });
});

document.addEventListener('keydown', (event) => {
  if (event.target.id === 'talk-text' && event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    event.target.form.requestSubmit();
    return;
  }
  // Esc starts a new chat, as on other stranger chats; while talking, a second Esc within a few seconds confirms it.
  // In the report dialog, Esc only closes the dialog.
  if (event.key !== 'Escape' || !talk() || document.querySelector('.talk dialog[open]') || event.isComposing) return;
  const confirm = document.querySelector('.talk__confirm');
  if (state() !== 'matched' || !confirm.hidden) {
    newChat();
    return;
  }
  confirm.hidden = false;
  escapeTimer = setTimeout(() => { confirm.hidden = true; }, 3000);
});

document.body.addEventListener('htmx:load', (event) => {
  if (event.detail.elt.classList?.contains('talk')) setTalking(false);
});

// The last mode chosen is remembered in this browser only (localStorage), never sent anywhere.
const startForm = () => document.getElementById('talk-start');
const rememberMode = () => {
  const form = startForm();
  if (!form?.matches('form')) return;
  const last = localStorage.getItem('whisper-talk-mode');
  const radio = last && form.querySelector(`input[name=mode][value="${last}"]`);
  if (radio) radio.checked = true;
  form.addEventListener('change', (event) => {
    if (event.target.name === 'mode') localStorage.setItem('whisper-talk-mode', event.target.value);
  });
};
rememberMode();
