// A message's Reply, React and Edit in place (without script they open the room page with the message chosen):
// Reply and Edit set the composer's context (what it answers or replaces), React opens the six reactions by the
// message. Quotes scroll to the message they answer, and say so when it is no longer on the page.
import { closeMenu, isOpen, openMenu } from './menus.js';

const room = document.querySelector('.room');
const roomPath = () => document.getElementById('act')?.getAttribute('action');
const composer = () => document.getElementById('composer');
const messageOf = (sequence) => document.getElementById(`m-${room.dataset.room}-${sequence}`);
const editMs = Number(room?.dataset.editMinutes ?? 0) * 60 * 1000;

/** Clears what the composer answers or replaces. */
const clearContext = (form = composer()) => {
  if (!form) return;
  form.querySelector('.composer__context').hidden = true;
  form.querySelector('input[name=reply]').value = '';
  form.querySelector('input[name=edit]').value = '';
};

const showContext = (form, kind) => {
  form.querySelector('.composer__context').hidden = false;
  form.querySelector('.composer__replying').hidden = kind !== 'reply';
  form.querySelector('.composer__editing').hidden = kind !== 'edit';
};

/** Says why the composer cannot do what was asked, in its own error line. */
const refuse = async (form, answer) => {
  const error = form.querySelector('#composer-error');
  error.textContent = await answer.text();
  error.hidden = false;
};

// The preview is the server's quote (Quote.Of), so it is cut exactly as the quote the answer will carry.
const reply = async (sequence) => {
  const form = composer();
  if (!form || !messageOf(sequence)) return;
  const answer = await fetch(`${roomPath()}/messages/${sequence}/quote`, { headers: { Accept: 'application/json' } });
  if (!answer.ok) {
    await refuse(form, answer);
    return;
  }
  const quote = await answer.json();
  const wasEditing = form.querySelector('input[name=edit]').value;
  clearContext(form);
  if (wasEditing) form.querySelector('#composer-text').value = '';
  form.querySelector('input[name=reply]').value = sequence;
  form.querySelector('.composer__quote-author').textContent = quote.author;
  form.querySelector('.composer__quote-excerpt').textContent = quote.excerpt;
  showContext(form, 'reply');
  form.querySelector('#composer-text').focus();
};

// The text to edit comes from the server as typed (the page shows it formatted), set as the box's value.
const edit = async (sequence) => {
  const form = composer();
  if (!form) return;
  const answer = await fetch(`${roomPath()}/messages/${sequence}/text`, { headers: { Accept: 'text/plain' } });
  const box = form.querySelector('#composer-text');
  if (!answer.ok) {
    await refuse(form, answer);
    return;
  }
  clearContext(form);
  form.querySelector('input[name=edit]').value = sequence;
  box.value = await answer.text();
  showContext(form, 'edit');
  box.focus();
};

// The reactions, as a small menu by the button; the page's template, numbered for this message.
const react = (sequence, anchor) => {
  const choice = document.getElementById('reaction-choice-template').content.firstElementChild.cloneNode(true);
  choice.classList.add('reaction-choice--menu');
  choice.querySelectorAll('button[name=r]').forEach((button) => {
    button.value = `${sequence}${button.value}`;
  });
  choice.setAttribute('hx-post', choice.getAttribute('action'));
  choice.setAttribute('hx-swap', 'none');
  openMenu(choice, anchor);
  htmx.process(choice);
};

if (room && roomPath()) {
  // Capture: before the browser's own GET of the act form.
  document.addEventListener('click', (event) => {
    const button = event.target.closest?.('button[form=act]');
    if (button) {
      event.preventDefault();
      if (button.name === 'reply') reply(button.value);
      else if (button.name === 'edit') edit(button.value);
      else if (button.name === 'react') react(button.value, button);
      return;
    }
    if (event.target.closest?.('.composer__cancel')) {
      event.preventDefault();
      const form = composer();
      if (form.querySelector('input[name=edit]').value) form.querySelector('#composer-text').value = '';
      clearContext(form);
      form.querySelector('#composer-text').focus();
    }
  }, true);
  // A reaction sent from the menu closes it.
  document.body.addEventListener('htmx:afterRequest', (event) => {
    const form = event.detail.elt?.closest?.('.reaction-choice');
    if (form && event.detail.successful && isOpen(form)) closeMenu();
  });
}

// A quote takes the reader to the message it answers, when that is still on the page.
document.addEventListener('click', (event) => {
  const quote = event.target.closest?.('a.message__quote');
  if (!quote) return;
  event.preventDefault();
  const original = document.getElementById(quote.hash.slice(1));
  if (!original) {
    quote.classList.add('message__quote--left');
    return;
  }
  original.scrollIntoView({ block: 'center', behavior: 'smooth' });
  original.focus({ preventScroll: true });
  const body = original.querySelector('.message__body');
  if (!body) return;
  body.classList.remove('message__quote--flash');
  void body.offsetWidth;
  body.classList.add('message__quote--flash');
});

/**
 * Gives a message from the stream its buttons: the stream leaves them out (the same for every message, they were a
 * quarter of each delivery's bytes), and the page's template has them in its language, as the server renders them on
 * the page. Safe to call again; a message rendered whole, or one that could not be, is left as it is.
 */
export const addActions = (message) => {
  if (!room || message.querySelector(':scope > .message__actions') || message.classList.contains('message--broken')) return;
  const announcement = message.classList.contains('message--announcement');
  const template = document.getElementById(announcement ? 'announcement-actions-template' : 'message-actions-template');
  if (!template) return;
  const actions = template.content.firstElementChild.cloneNode(true);
  const sequence = message.id.slice(`m-${room.dataset.room}-`.length);
  actions.querySelectorAll('button').forEach((button) => { button.value = sequence; });
  const ban = actions.querySelector('a');
  if (ban && message.classList.contains('message--orphan')) ban.remove();
  else if (ban) ban.setAttribute('href', ban.getAttribute('href') + encodeURIComponent(message.dataset.author ?? ''));
  message.append(actions);
  // htmx sends a form= button's value only once it has seen the button (the Delete button's type="submit").
  window.htmx?.process(actions);
};

/** Marks a quote whose original is not on the page, and a reply to the reader as a mention; hides Edit once too late. */
export const decorateConversation = (message, me) => {
  const quote = message.querySelector('a.message__quote');
  if (quote) {
    quote.classList.toggle('message__quote--left', !document.getElementById(quote.hash.slice(1)));
    if (me && message.dataset.author !== me && quote.querySelector('b')?.textContent === me) message.classList.add('message--mention');
  }
  const at = message.querySelector('time')?.dateTime;
  if (me && message.dataset.author === me && at) message.classList.toggle('message--settled', Date.now() - new Date(at) > editMs);
};
