// Reading the room: times in the reader's own zone and language (the full date on hover and focus), the next lines of
// one author within a few minutes grouped under one name, a line between days, the list as one tab stop walked with
// the arrow keys, mentions of any form of the reader's name picked out (with a sound, if chosen), and, while the tab is
// hidden, an unread count in its title and a dot on its icon.
import { addActions, decorateConversation } from './conversation.js';
import { applyIgnoring } from './ignoring.js';

const room = document.querySelector('.room');
const me = room?.dataset.me || '';
const groupWithinMs = 5 * 60 * 1000;
const soundKey = 'whisper-mention-sound';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A name is mentioned in full or by its first two words ("Quiet Otter" for "Quiet Otter 48213"), in any case.
const forms = [...new Set([me, me.split(' ').slice(0, 2).join(' ')])];
const mention = me ? new RegExp(`(^|[^\\p{L}\\p{N}])@?(?:${forms.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu') : null;

// The page's language, not the browser's: the dates read like the words around them.
const language = document.documentElement.lang || undefined;
const shortTime = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' });
const fullTime = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' });
const fullDay = new Intl.DateTimeFormat(language, { dateStyle: 'full' });
const dayTemplate = document.getElementById('day-template');

const list = () => document.getElementById('messages');
const postedAt = (message) => {
  const time = message?.querySelector('time');
  return time ? new Date(time.dateTime) : null;
};
const previousMessage = (message) => {
  let before = message.previousElementSibling;
  while (before && !before.classList.contains('message')) before = before.previousElementSibling;
  return before;
};
const controlsOf = (message) => message.querySelectorAll('a, button');
const groupable = (message) => message && message.dataset.author && !message.classList.contains('message--announcement');

/** Shows a message as this reader reads it; safe to call again on the same message. */
export const decorate = (message) => {
  if (!message?.classList?.contains('message')) return;
  addActions(message);
  // One tab stop for the whole list: messages are reached with the arrow keys, their buttons once focused.
  message.tabIndex = -1;
  if (!message.classList.contains('message--active')) controlsOf(message).forEach((control) => { control.tabIndex = -1; });
  const at = postedAt(message);
  if (!at) return;
  const time = message.querySelector('time');
  time.textContent = shortTime.format(at);
  time.dataset.full = fullTime.format(at);
  time.title = time.dataset.full;

  const before = previousMessage(message);
  const beforeAt = postedAt(before);
  const sameDay = beforeAt && beforeAt.toDateString() === at.toDateString();
  if (!sameDay && !message.previousElementSibling?.classList.contains('messages__day') && dayTemplate) {
    const day = dayTemplate.content.firstElementChild.cloneNode(true);
    day.querySelector('.messages__day-label').textContent = fullDay.format(at);
    message.before(day);
  }
  message.classList.toggle('message--continued', Boolean(sameDay && groupable(message) && groupable(before)
    && before.dataset.author === message.dataset.author && at - beforeAt >= 0 && at - beforeAt < groupWithinMs));

  const body = message.querySelector('.message__body');
  if (mention && body && message.dataset.author !== me && mention.test(body.textContent)) message.classList.add('message--mention');
  decorateConversation(message, me);
  applyIgnoring(message);
};

export const decorateAll = () => {
  list()?.querySelectorAll('.message').forEach(decorate);
  list()?.classList.add('messages--ready');
};

// Unread while hidden: counted in the title, a dot on the icon; both go when the reader is back.
const baseTitle = document.title;
const icon = document.querySelector('link[rel=icon]');
const plainIcon = icon?.getAttribute('href');
let unread = 0;
const seen = () => {
  if (!unread) return;
  unread = 0;
  document.title = baseTitle;
  icon?.setAttribute('href', plainIcon);
};
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') seen();
});
window.addEventListener('focus', seen);

let audio = null;
const chime = () => {
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.15, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  } catch {
    // No sound where the browser allows none: the highlight is still there.
  }
};

/** Someone reacted to the reader's message: told as a mention is (the sound if chosen, the unread count). */
export const noteReaction = () => {
  if (localStorage.getItem(soundKey) === 'on') chime();
  countUnread();
};

/** A live message arrived (already decorated). */
export const noteArrival = (message) => {
  if (!message?.classList?.contains('message') || (me && message.dataset.author === me) || message.classList.contains('message--ignored')) return;
  if (message.classList.contains('message--mention') && localStorage.getItem(soundKey) === 'on') chime();
  countUnread();
};

const countUnread = () => {
  if (document.visibilityState !== 'hidden') return;
  unread += 1;
  document.title = `(${unread}) ${baseTitle}`;
  if (room.dataset.unreadIcon) icon?.setAttribute('href', room.dataset.unreadIcon);
};

// The sound on mention: off until chosen, remembered in this browser only.
const soundChoice = document.querySelector('.me-menu__sound-choice');
if (soundChoice) {
  soundChoice.checked = localStorage.getItem(soundKey) === 'on';
  soundChoice.addEventListener('change', () => {
    if (soundChoice.checked) localStorage.setItem(soundKey, 'on');
    else localStorage.removeItem(soundKey);
  });
}

// Arrow keys, Home and End walk the messages; Tab from a message reaches its own buttons, then leaves the list.
document.addEventListener('keydown', (event) => {
  const messages = list();
  if (!messages || (event.target !== messages && !event.target.matches?.('#messages .message'))) return;
  const all = [...messages.querySelectorAll('.message')];
  if (!all.length) return;
  const current = all.indexOf(event.target);
  const last = all.length - 1;
  const next = {
    ArrowDown: current < 0 ? last : Math.min(current + 1, last),
    ArrowUp: current < 0 ? last : Math.max(current - 1, 0),
    Home: 0,
    End: last,
  }[event.key];
  if (next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  all[next].focus();
  all[next].scrollIntoView({ block: 'nearest' });
});
document.addEventListener('focusin', (event) => {
  const message = event.target.closest?.('#messages .message');
  for (const active of document.querySelectorAll('#messages .message--active')) {
    if (active === message) continue;
    active.classList.remove('message--active');
    controlsOf(active).forEach((control) => { control.tabIndex = -1; });
  }
  if (message && !message.classList.contains('message--active')) {
    message.classList.add('message--active');
    controlsOf(message).forEach((control) => { control.tabIndex = 0; });
  }
});
