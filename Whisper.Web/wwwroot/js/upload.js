// The composer's attach control: shows "Send file" once a file is chosen, refuses a file over the limit before
// uploading it (the server enforces the limit anyway; the sentence is the server's, from the input's data-too-large),
// and shows upload progress from htmx's XHR events.
const sendButtons = (form) => [form.querySelector('.composer__send'), form.querySelector('.composer__send-file')];

// Its own line, apart from the server's error, which a fresh composer may carry and must keep.
const showError = (form, text) => {
  const error = form.querySelector('.composer__file-error');
  if (!error) return;
  error.textContent = text;
  error.hidden = !text;
};

const tooLarge = (input) => input.files.length > 0 && input.files[0].size > Number(input.dataset.maxBytes);

const refresh = (form) => {
  const input = form?.querySelector('.composer__file');
  if (!input) return;
  const [send, sendFile] = sendButtons(form);
  const chosen = input.files.length > 0;
  send.hidden = chosen;
  sendFile.hidden = !chosen;
  showError(form, tooLarge(input) ? input.dataset.tooLarge : '');
};

document.body.addEventListener('change', (event) => {
  if (event.target.matches('.composer__file')) refresh(event.target.form);
});

// A fresh composer arrives after every post: set its buttons up again.
document.body.addEventListener('htmx:load', (event) => refresh(event.detail.elt.closest?.('#composer') ?? event.detail.elt.querySelector?.('#composer')));
refresh(document.getElementById('composer'));

document.body.addEventListener('htmx:beforeRequest', (event) => {
  const input = event.detail.elt.form?.querySelector('.composer__file');
  if (event.detail.elt.matches('.composer__send-file') && input && tooLarge(input)) event.preventDefault();
});

document.body.addEventListener('htmx:xhr:progress', (event) => {
  const bar = event.target.closest?.('form')?.querySelector('.composer__progress');
  if (!bar || !event.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});

document.body.addEventListener('htmx:afterRequest', (event) => {
  const bar = event.detail.elt.closest?.('form')?.querySelector('.composer__progress');
  if (bar) bar.hidden = true;
});
