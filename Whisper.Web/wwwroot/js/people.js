// Who is here: applies the stream's arrivals and departures to the people list (a change may come twice: adding
// someone listed or removing someone gone does nothing), opens a name's small menu (Mention, Ignore), and offers the
// names present after an @ in the composer (arrows, Enter or Tab, Esc).
import { ignore } from './ignoring.js';
import { closeMenu, openMenu } from './menus.js';

const room = document.querySelector('.room');
const me = room?.dataset.me || '';
const people = () => document.getElementById('people');
const text = () => document.getElementById('composer-text');
const names = () => [...(people()?.querySelectorAll('.person') ?? [])].map((person) => person.dataset.name);

document.body.addEventListener('htmx:sseBeforeMessage', (event) => {
  if (event.detail.type !== 'people') return;
  event.preventDefault();
  const list = people();
  if (!list) return;
  // The server's own fragment (_PeopleChange), of names it issued.
  const change = document.createElement('template');
  change.innerHTML = event.detail.data;
  const update = change.content.firstElementChild;
  if (!update) return;
  if (update.classList.contains('everyone')) list.replaceChildren();
  for (const item of [...update.children]) {
    const listed = document.getElementById(item.id);
    if (item.hasAttribute('data-left')) {
      listed?.remove();
    } else if (!listed) {
      const after = [...list.children].find((person) => person.dataset.name > item.dataset.name);
      list.insertBefore(item, after ?? null);
    }
  }
});

// Writes "@Name " at the caret, as a mention.
const insertMention = (name) => {
  const box = text();
  if (!box) return;
  const before = box.value.slice(0, box.selectionStart);
  const spaced = before && !/\s$/.test(before) ? ' ' : '';
  box.setRangeText(`${spaced}@${name} `, box.selectionStart, box.selectionEnd, 'end');
  box.focus();
};

// A name's menu, from the page's template, by the name that was clicked.
const showMenu = (anchor, name) => {
  const menu = document.getElementById('name-menu-template').content.firstElementChild.cloneNode(true);
  menu.setAttribute('aria-label', name);
  menu.querySelector('.name-menu__mention').addEventListener('click', () => {
    closeMenu();
    insertMention(name);
  });
  menu.querySelector('.name-menu__ignore').addEventListener('click', () => {
    closeMenu();
    ignore(name);
  });
  openMenu(menu, anchor);
};
document.addEventListener('click', (event) => {
  const name = event.target.closest?.('.message:not(.message--orphan):not(.message--announcement) .message__author, .person__name');
  if (!name || !text()) return;
  const author = name.closest('.message')?.dataset.author ?? name.dataset.name;
  if (author && author !== me) showMenu(name, author);
});

// @-completion
const options = () => document.getElementById('mention-options');
const optionTemplate = document.getElementById('mention-option-template');
let query = null;
let selected = 0;
const typedQuery = () => {
  const box = text();
  const before = box.value.slice(0, box.selectionStart);
  const found = /(?:^|\s)@([^\s@][^@\n]{0,40})$/u.exec(before);
  return found ? found[1] : null;
};
const hideOptions = () => {
  query = null;
  const list = options();
  if (list) list.hidden = true;
  text()?.removeAttribute('aria-activedescendant');
};
const select = (index) => {
  const items = [...options().children];
  selected = (index + items.length) % items.length;
  items.forEach((item, i) => item.setAttribute('aria-selected', String(i === selected)));
  text().setAttribute('aria-activedescendant', items[selected].id);
};
const pick = (name) => {
  const box = text();
  const start = box.selectionStart - query.length - 1;
  box.setRangeText(`@${name} `, start, box.selectionStart, 'end');
  hideOptions();
  box.focus();
};
const offer = () => {
  const list = options();
  query = typedQuery();
  const wanted = query?.toLowerCase();
  const matching = wanted ? names().filter((name) => name !== me && name.toLowerCase().startsWith(wanted)).slice(0, 8) : [];
  if (!list || !matching.length || matching.some((name) => name.toLowerCase() === wanted)) {
    hideOptions();
    return;
  }
  list.replaceChildren(...matching.map((name, i) => {
    const option = optionTemplate.content.firstElementChild.cloneNode(true);
    option.id = `mention-option-${i}`;
    option.dataset.name = name;
    option.querySelector('img').src = people().querySelector(`.person[data-name="${CSS.escape(name)}"] img`)?.src ?? '';
    option.querySelector('.mention-option__name').textContent = name;
    option.addEventListener('mousedown', (event) => {
      event.preventDefault();
      pick(name);
    });
    return option;
  }));
  list.hidden = false;
  select(0);
};
document.addEventListener('input', (event) => {
  if (event.target.id === 'composer-text') offer();
});
// Capture: before the composer's own Enter-sends.
document.addEventListener('keydown', (event) => {
  if (event.target.id !== 'composer-text' || query === null || options()?.hidden !== false) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') select(selected + (event.key === 'ArrowDown' ? 1 : -1));
  else if (event.key === 'Enter' || event.key === 'Tab') pick(options().children[selected].dataset.name);
  else if (event.key === 'Escape') hideOptions();
  else return;
  event.preventDefault();
  event.stopImmediatePropagation();
}, true);
document.addEventListener('focusout', (event) => {
  if (event.target.id === 'composer-text') hideOptions();
});
