// The stranger chat page: keeps the conversation scrolled, clears the box after sending, tells the partner
// "typing" at most every few seconds, and shows refusals. Nothing said is stored anywhere, here included.
const token = () => document.querySelector('meta[name=antiforgery-token]')?.content ?? '';
const talk = () => document.querySelector('.talk');
let lastTyping = 0;
let typingTimer;

const say = (text) => {
  const line = document.querySelector('.talk__error');
  if (!line) return;
  line.textContent = text;
  line.hidden = !text;
};

const scrollLog = () => {
  const log = document.getElementById('talk-log');
  if (log) log.scrollTop = log.scrollHeight;
};

const setTalking = (talking) => {
  const form = document.querySelector('.talk__composer');
  if (!form) return;
  form.querySelector('textarea').disabled = !talking;
  form.querySelector('button').disabled = !talking;
  if (talking) form.querySelector('textarea').focus();
};

document.body.addEventListener('htmx:sseMessage', (event) => {
  const type = event.detail.type;
  if (type === 'line') {
    document.getElementById('talk-typing').textContent = '';
    scrollLog();
  } else if (type === 'status') {
    const state = document.querySelector('.talk-status')?.dataset.state;
    if (state === 'matched') document.getElementById('talk-log').replaceChildren();
    setTalking(state === 'matched');
    say('');
  } else if (type === 'typing') {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { document.getElementById('talk-typing').textContent = ''; }, 4000);
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
      form.closest('details').open = false;
      say(event.detail.xhr.responseText);
    }
  } else if (event.detail.xhr) {
    say(event.detail.xhr.responseText || `That did not work (error ${event.detail.xhr.status}).`);
  }
});

document.body.addEventListener('input', (event) => {
  if (event.target.id !== 'talk-text' || Date.now() - lastTyping < 3000) return;
  lastTyping = Date.now();
  const body = new FormData();
  body.set('session', talk().dataset.session);
  fetch('/talk/typing', { method: 'POST', body, headers: { RequestVerificationToken: token() } });
});

document.addEventListener('keydown', (event) => {
  if (event.target.id !== 'talk-text' || event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  event.target.form.requestSubmit();
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
