// Ignoring a name, on this browser only: the names are kept in localStorage (listed in the privacy policy) and the
// server is never told. Their messages are hidden and their reactions taken out of the counts; the menu under the
// reader's avatar lists them, each with a way back.
const key = 'whisper-ignored';
const read = () => {
  try {
    const names = JSON.parse(localStorage.getItem(key) ?? '[]');
    return new Set(Array.isArray(names) ? names.filter((name) => typeof name === 'string') : []);
  } catch {
    return new Set();
  }
};
let ignored = read();

export const isIgnored = (name) => ignored.has(name);

/** Shows the reactions without the ignored names (counts from data-by, the server's list between bars). */
const recount = (button) => {
  const names = (button.dataset.by ?? '').split('|').filter(Boolean).filter((name) => !ignored.has(name));
  const emoji = button.value.slice(button.value.indexOf(':') + 1);
  button.hidden = names.length === 0;
  button.textContent = `${emoji} ${names.length}`;
  button.title = names.join(', ');
  // The emoji's name in the page's language, then the count (the fragment writes it in digits, last).
  const label = button.getAttribute('aria-label');
  if (label) button.setAttribute('aria-label', label.replace(/\d+$/, String(names.length)));
};

/** Applies the ignored names to one message, or to every message in the list. */
export const applyIgnoring = (root = document.getElementById('messages')) => {
  if (!root) return;
  const messages = root.classList?.contains('message') ? [root] : root.querySelectorAll('.message');
  for (const message of messages) {
    message.classList.toggle('message--ignored', ignored.has(message.dataset.author));
    message.querySelectorAll('.reactions > button').forEach(recount);
  }
};

const panel = document.querySelector('.me-menu__ignored');
const template = document.getElementById('ignored-template');
const list = () => {
  if (!panel || !template) return;
  panel.hidden = ignored.size === 0;
  panel.querySelector('.me-menu__ignored-list').replaceChildren(...[...ignored].sort().map((name) => {
    const item = template.content.firstElementChild.cloneNode(true);
    item.querySelector('.ignored__name').textContent = name;
    const undo = item.querySelector('.ignored__undo');
    undo.setAttribute('aria-label', `${undo.textContent}: ${name}`);
    undo.addEventListener('click', () => change(name, false));
    return item;
  }));
};

const change = (name, ignore) => {
  ignored = read();
  if (ignore) ignored.add(name);
  else ignored.delete(name);
  if (ignored.size) localStorage.setItem(key, JSON.stringify([...ignored]));
  else localStorage.removeItem(key);
  applyIgnoring();
  list();
};

export const ignore = (name) => change(name, true);

// Another tab of this browser changed the list.
window.addEventListener('storage', (event) => {
  if (event.key !== key) return;
  ignored = read();
  applyIgnoring();
  list();
});

list();
