// The composer's attachment: the paperclip opens the file picker; a file chosen, dropped on the room or pasted shows as
// a chip (name, size, a thumbnail for images) with a remove control, and Send posts file and text together to the
// files endpoint, with progress and no time limit. A file over the limit is refused before it is sent (the server
// checks anyway; the sentence is the server's, from the input's data-too-large).
const composer = () => document.getElementById('composer');
const fileInput = (form) => form?.querySelector('.composer__file');
const chipTemplate = document.getElementById('file-chip-template');
let thumbnail = '';

// The same units as the server's sentences ("Files can be at most 10 MB"): 1 KB is 1024 bytes, as in Rooms/FileSize.cs,
// written in the page's language with the units the page gives (data-bytes, data-kb, data-mb on the chip's template).
const number = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
const unit = (name, amount) => (chipTemplate?.dataset[name] ?? '{0}').replace('{0}', number.format(amount));
const sizeOf = (bytes) => bytes < 1024 ? unit('bytes', bytes)
  : bytes < 1024 * 1024 ? unit('kb', bytes / 1024) : unit('mb', bytes / 1024 / 1024);

// Its own line, apart from the server's error, which a fresh composer may carry and must keep.
const showLine = (form, selector, text) => {
  const line = form.querySelector(selector);
  if (!line) return;
  line.textContent = text;
  line.hidden = !text;
};
const showError = (form, text) => showLine(form, '.composer__file-error', text);

// Photos the server does not open as images (Files/ImageMetadata.cs) go out as sent, location and all: say so first.
const keepsLocation = (file) => /^image\/(heic|heif|avif|jxl|tiff)$/.test(file.type) || /\.(heic|heif|avif|jxl|tiff?|dng|cr2|cr3|nef|arw|raf|orf|rw2)$/i.test(file.name);

const tooLarge = (input) => input.files.length > 0 && input.files[0].size > Number(input.dataset.maxBytes);

const refresh = (form) => {
  const input = fileInput(form);
  const chips = form?.querySelector('.composer__chips');
  if (!input || !chips) return;
  if (thumbnail) URL.revokeObjectURL(thumbnail);
  thumbnail = '';
  chips.replaceChildren();
  showError(form, tooLarge(input) ? input.dataset.tooLarge : '');
  const file = input.files[0];
  showLine(form, '.composer__file-note', file && keepsLocation(file) ? input.dataset.keepsLocation : '');
  // Read by htmx before the request: multipart with a file, while text alone stays a small urlencoded form.
  if (file) form.setAttribute('hx-encoding', 'multipart/form-data');
  else form.removeAttribute('hx-encoding');
  if (!file || !chipTemplate) return;
  const chip = chipTemplate.content.firstElementChild.cloneNode(true);
  chip.querySelector('.chip__name').textContent = file.name;
  chip.querySelector('.chip__size').textContent = sizeOf(file.size);
  if (file.type.startsWith('image/')) {
    const image = chip.querySelector('.chip__thumb');
    thumbnail = URL.createObjectURL(file);
    // A picture this browser cannot draw (HEIC in most) shows no thumbnail rather than a broken one.
    image.addEventListener('error', () => { image.hidden = true; }, { once: true });
    image.src = thumbnail;
    image.hidden = false;
  }
  chip.querySelector('.chip__remove').addEventListener('click', () => {
    input.value = '';
    refresh(form);
    form.querySelector('#composer-text')?.focus();
  });
  chips.append(chip);
};

/** Attaches a dropped or pasted file as if it had been chosen. */
const attach = (files) => {
  const form = composer();
  const input = fileInput(form);
  if (!input || !files?.length) return false;
  const chosen = new DataTransfer();
  chosen.items.add(files[0]);
  input.files = chosen.files;
  refresh(form);
  form.querySelector('#composer-text')?.focus();
  return true;
};

document.body.addEventListener('change', (event) => {
  if (event.target.matches('.composer__file')) refresh(event.target.form);
});

// A fresh composer arrives after every post: its chip goes with the old one.
document.body.addEventListener('htmx:load', (event) => refresh(event.detail.elt.closest?.('#composer') ?? event.detail.elt.querySelector?.('#composer')));
refresh(composer());

// A post with a file goes to the files endpoint (the form's own action), however long it takes; one without sends no file part.
document.body.addEventListener('htmx:configRequest', (event) => {
  const form = event.detail.elt;
  const input = form?.id === 'composer' ? fileInput(form) : null;
  if (!input) return;
  if (!input.files.length) {
    event.detail.formData.delete('file');
    return;
  }
  if (tooLarge(input)) {
    event.preventDefault();
    showError(form, input.dataset.tooLarge);
    return;
  }
  event.detail.path = form.querySelector('.composer__send-file').getAttribute('formaction');
  event.detail.timeout = 0;
});

const room = document.querySelector('.room');
const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
room?.addEventListener('dragover', (event) => {
  if (!carriesFiles(event) || !fileInput(composer())) return;
  event.preventDefault();
  room.classList.add('room--dropping');
});
room?.addEventListener('dragleave', (event) => {
  if (!room.contains(event.relatedTarget)) room.classList.remove('room--dropping');
});
room?.addEventListener('drop', (event) => {
  room.classList.remove('room--dropping');
  if (carriesFiles(event) && attach(event.dataTransfer.files)) event.preventDefault();
});
document.addEventListener('paste', (event) => {
  if (event.target.id === 'composer-text' && event.clipboardData?.files.length && attach(event.clipboardData.files)) event.preventDefault();
});

document.body.addEventListener('htmx:xhr:progress', (event) => {
  const form = event.target.closest?.('form');
  const bar = form?.querySelector('.composer__progress');
  if (!bar || !event.detail.lengthComputable || !fileInput(form)?.files.length) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});

document.body.addEventListener('htmx:afterRequest', (event) => {
  const bar = event.detail.elt.closest?.('form')?.querySelector('.composer__progress');
  if (bar) bar.hidden = true;
});
