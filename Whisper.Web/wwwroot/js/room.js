// The live room: keeps the stream's resume point current, ignores double deliveries, keeps the list
// scrolled when the reader is at the bottom, reconnects when a tab comes back, keeps a message whose answer
// never came (or that was refused) in the composer, to be sent again, and stops for good when the reader is banned.
import { SteadyEventSource } from './steady-source.js';
import { decorate, decorateAll, noteArrival, noteReaction } from './reading.js';
import { isIgnored } from './ignoring.js';
import './people.js';

const room = document.querySelector('.room');

if (room) {
  const retryMs = Number(room.dataset.retryMs) || 2000;
  // The page keeps its own hold on the latest stream, to wake it after sleep without reaching into htmx.
  let latestSource = null;
  htmx.createEventSource = (url) => {
    latestSource = new SteadyEventSource(url, retryMs);
    return latestSource;
  };

  const roomName = room.dataset.room;
  const me = room.dataset.me || '';
  const list = () => document.getElementById('messages');
  const status = document.getElementById('stream-status');
  const jump = document.getElementById('jump-to-latest');
  let stickToBottom = true;

  // htmx-ext-sse rebuilds its EventSource from this attribute and sends no Last-Event-ID then,
  // so the attribute must always name the last message this page holds.
  const remember = (sequence) => {
    if (!sequence || !room.hasAttribute('sse-connect')) return;
    const url = new URL(room.getAttribute('sse-connect'), location.href);
    url.searchParams.set('after', sequence);
    room.setAttribute('sse-connect', url.pathname + url.search);
  };

  const atBottom = (element) => element.scrollHeight - element.scrollTop - element.clientHeight < 48;
  const scrollToEnd = () => {
    const l = list();
    if (l) l.scrollTop = l.scrollHeight;
    jump.hidden = true;
  };

  const showStatus = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };

  document.body.addEventListener('htmx:sseBeforeMessage', (event) => {
    if (event.detail.type !== 'message') return;
    // Replays and reloads can overlap the live stream; the fragment's id makes the duplicate harmless.
    if (document.getElementById(`m-${roomName}-${event.detail.lastEventId}`)) {
      event.preventDefault();
      return;
    }
    stickToBottom = atBottom(list());
  });

  // A reaction to the reader's own message from someone else (not ignored) counts as a mention of them. The
  // notice is the server's own fragment, read in an inert template before it is swapped in.
  const reactors = (message) => new Set([...(message?.querySelectorAll('.reactions > button') ?? [])]
    .flatMap((button) => (button.dataset.by ?? '').split('|').filter(Boolean).map((name) => `${button.value} ${name}`)));
  document.body.addEventListener('htmx:sseBeforeMessage', (event) => {
    if (event.detail.type !== 'notice' || !me) return;
    const notice = document.createElement('template');
    notice.innerHTML = event.detail.data;
    for (const mine of notice.content.querySelectorAll(`.message[data-author="${CSS.escape(me)}"]`)) {
      const before = reactors(document.getElementById(mine.id));
      const added = [...reactors(mine)].filter((reaction) => !before.has(reaction)).map((reaction) => reaction.slice(reaction.indexOf(' ') + 1));
      if (added.some((name) => name !== me && !isIgnored(name))) noteReaction();
    }
  });

  document.body.addEventListener('htmx:sseMessage', (event) => {
    // Notices (a removal, a pin change) are numbered like messages: resume after them too.
    if (event.detail.type === 'notice') {
      remember(event.detail.lastEventId);
      // A reaction, an edit or an answer's deleted original swapped messages in whole: show them as this reader does.
      decorateAll();
    }
    if (event.detail.type !== 'message') return;
    remember(event.detail.lastEventId);
    const l = list();
    l.querySelector('.messages__empty')?.remove();
    const added = l.lastElementChild;
    decorate(added);
    noteArrival(added);
    const composer = document.getElementById('composer');
    if (composer?.dataset.notSent && arrived(composer.querySelector('#composer-text').value)) markSent(composer);
    if (stickToBottom || added.dataset.author === me) scrollToEnd();
    else jump.hidden = false;
  });

  // A reader who scrolled up is told that more arrived, and can jump there; reaching the end hides it.
  jump.addEventListener('click', scrollToEnd);
  let atEnd = true;
  document.body.addEventListener('scroll', (event) => {
    if (event.target.id !== 'messages') return;
    atEnd = atBottom(event.target);
    if (atEnd) jump.hidden = true;
  }, true);

  // The list gets shorter when something taller takes the composer's place (a ban's notice, a reply's context, a
  // phone's keyboard): a reader who was at the end stays there, the newest message not hidden under it.
  const keepEnd = new ResizeObserver(() => {
    const l = list();
    if (l && atEnd) l.scrollTop = l.scrollHeight;
  });
  const watchSize = () => {
    keepEnd.disconnect();
    if (list()) keepEnd.observe(list());
  };
  watchSize();

  // After a reload of the list (messages were missed), resume after what it holds.
  // (Live messages swap into the list too; only the reloader's request counts here.)
  document.body.addEventListener('htmx:afterSwap', (event) => {
    if (!event.detail.elt?.classList?.contains('room__reloader')) return;
    remember(list().dataset.lastSeq);
    decorateAll();
    watchSize();
    scrollToEnd();
  });

  // A ban ends the stream for good: its notice stands alone, with no "reconnecting" above it.
  const banned = () => Boolean(document.querySelector('.room__refusal--banned'));
  const stopForGood = () => {
    room.removeAttribute('sse-connect');
    latestSource?.close();
    showStatus('');
  };
  document.body.addEventListener('htmx:sseMessage', (event) => {
    if (event.detail.type === 'notice' && banned()) stopForGood();
  });

  room.addEventListener('htmx:sseOpen', () => {
    room.dataset.stream = 'open';
    showStatus('');
  });

  room.addEventListener('htmx:sseError', () => {
    room.dataset.stream = 'closed';
    if (banned()) {
      stopForGood();
      return;
    }
    showStatus(status.dataset.lost);
  });

  // A post whose answer never came (the connection dropped, the server behind the proxy died, no answer in
  // time) may or may not have been posted: the composer keeps the text and its send key, and says so. Sending
  // again is safe: the server posts a key only once.
  // If the post did arrive (only its answer was lost), the message shows in the list: then the composer is
  // simply cleared, whether it shows up before the failure is known or after.
  const fromComposer = (event) => event.detail.elt?.closest?.('#composer');
  const sequenceOf = (message) => Number(message.id.slice(message.id.lastIndexOf('-') + 1)) || 0;
  let sentAfter = 0;
  // Formatting marks typed do not show in the page, so the words are compared without them and without spacing. (A link
  // typed as [text](address) shows only its text: such a post is offered again, and sending again is safe.)
  const words = (text) => text.replace(/[\s*_~`>\\]/g, '');
  const arrived = (text) => [...(list()?.querySelectorAll('.message') ?? [])].some((message) =>
    message.dataset.author === me && sequenceOf(message) > sentAfter
    && words(message.querySelector('.message__body')?.textContent ?? '') === words(text));
  const send = (composer) => composer.querySelector('.composer__send');
  // A composer cleared here needs a send key of its own, as a fresh one from the server has: with the old one,
  // the same words sent again would be taken for a resend of the message that arrived.
  const newSendKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const markSent = (composer) => {
    const error = composer.querySelector('#composer-error');
    composer.querySelector('#composer-text').value = '';
    composer.querySelector('input[name=key]').value = newSendKey();
    error.textContent = '';
    error.hidden = true;
    send(composer).textContent = send(composer).dataset.send;
    delete composer.dataset.notSent;
  };
  const notSent = (event) => {
    const composer = fromComposer(event);
    if (!composer) return false;
    if (arrived(composer.querySelector('#composer-text').value)) {
      markSent(composer);
      return true;
    }
    const error = composer.querySelector('#composer-error');
    error.textContent = error.dataset.notSent;
    error.hidden = false;
    send(composer).textContent = send(composer).dataset.again;
    composer.dataset.notSent = 'true';
    return true;
  };
  const gatewayFailed = (status) => status === 502 || status === 504;

  // An answer htmx does not swap (a rate limit, an unreadable form) still gets a sentence on screen;
  // the composer keeps what was typed.
  document.body.addEventListener('htmx:responseError', (event) => {
    const xhr = event.detail.xhr;
    if (gatewayFailed(xhr.status) && notSent(event)) return;
    // A refusal's sentence comes as plain text (the rate limiter's carries no type at all).
    const type = xhr.getResponseHeader('Content-Type') || '';
    const plain = !type || type.startsWith('text/plain');
    // The page's words, in its language; the status code is a number in any language.
    const sentence = plain && xhr.responseText ? xhr.responseText : status.dataset.failed.replace('{0}', xhr.status);
    // A refused post (too fast, too big) keeps its text, and its sentence under it until the next one is sent.
    const composer = fromComposer(event);
    if (composer) {
      const error = composer.querySelector('#composer-error');
      error.textContent = sentence;
      error.hidden = false;
      return;
    }
    showStatus(sentence);
  });
  document.body.addEventListener('htmx:sendError', (event) => {
    if (!notSent(event)) showStatus(status.dataset.unreachable);
  });
  document.body.addEventListener('htmx:timeout', notSent);
  document.body.addEventListener('htmx:afterRequest', (event) => {
    if (event.detail.successful && room.dataset.stream === 'open') showStatus('');
  });

  // Sending again while the last message is still on its way: the fresh composer that answers the first would
  // wipe the second (and htmx drops a send queued on the form it replaces). What was typed since is written into
  // the answer before it is swapped in, and a Send pressed meanwhile is pressed again on the new composer.
  let sending = null;
  let sendAgain = false;
  document.body.addEventListener('htmx:beforeRequest', (event) => {
    const composer = fromComposer(event);
    if (!composer) return;
    sending = composer.querySelector('#composer-text')?.value ?? '';
    sendAgain = false;
    const messages = list()?.querySelectorAll('.message');
    sentAfter = messages?.length ? sequenceOf(messages[messages.length - 1]) : 0;
  });
  document.body.addEventListener('submit', (event) => {
    if (event.target.id === 'composer' && event.target.classList.contains('htmx-request')) sendAgain = true;
  }, true);
  document.body.addEventListener('htmx:beforeSwap', (event) => {
    const composer = event.detail.target;
    if (composer?.id !== 'composer' || event.detail.isError) return;
    const typed = composer.querySelector('#composer-text')?.value ?? '';
    if (!typed || typed === sending) {
      sendAgain = false;
      return;
    }
    const answer = document.createElement('template');
    answer.innerHTML = event.detail.serverResponse;
    const text = answer.content.querySelector('#composer-text');
    if (!text) return;
    text.textContent = typed;
    event.detail.serverResponse = answer.innerHTML;
  });
  document.body.addEventListener('htmx:load', (event) => {
    if (event.detail.elt.id !== 'composer' || !sendAgain) return;
    sendAgain = false;
    event.detail.elt.requestSubmit();
  });

  // Mobile browsers kill streams of background tabs, sometimes without an error event:
  // when the tab is back, hand a closed source to the extension's own reconnect path.
  const reconnectIfClosed = () => {
    const source = latestSource;
    if (source && source.readyState === EventSource.CLOSED && source.onerror) {
      source.onerror(new Event('error'));
    }
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectIfClosed();
  });
  window.addEventListener('online', reconnectIfClosed);
  window.addEventListener('pageshow', reconnectIfClosed);

  // Enter sends; Shift+Enter (or an input method composing text) adds a line.
  document.addEventListener('keydown', (event) => {
    const text = event.target;
    if (text.id !== 'composer-text' || event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    // With a file attached, upload.js sends it to the files endpoint with the text as its caption.
    text.form.requestSubmit();
  });

  decorateAll();
  scrollToEnd();
  // Just joined (the join answers with #composer): ready to type, once the browser has gone to the fragment.
  const focusAfterJoin = () => {
    if (location.hash === '#composer') document.getElementById('composer-text')?.focus();
  };
  if (document.readyState === 'complete') focusAfterJoin();
  else window.addEventListener('load', focusAfterJoin, { once: true });
}
