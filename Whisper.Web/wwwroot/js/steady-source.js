// An EventSource that keeps to the server's retry delay. The browser's own EventSource already reconnects
// after the server's `retry:` when a stream drops, but gives up for good when an attempt is answered with an
// error status (a proxy's 502 while a node dies, a 503 while the server restarts); htmx-ext-sse then rebuilds
// it after 0.5 s, 1 s, 2 s… up to a minute. This one tries again at the server's delay (a node that died is
// replaced within it), and only after several refusals in a row backs off, to half a minute with some jitter, so
// a server that keeps saying no is not hammered. It resumes after the last event it delivered, and reports itself
// as reconnecting meanwhile, so htmx-ext-sse never backs off on its own.
export class SteadyEventSource {
  onopen = null;
  onerror = null;
  #url;
  #retryMs;
  #source;
  #listeners = [];
  #lastEventId = '';
  #closed = false;
  #timer = 0;
  #refusals = 0;

  constructor(url, retryMs) {
    this.#url = new URL(url, location.href);
    this.#retryMs = retryMs;
    this.#connect();
  }

  get readyState() {
    const state = this.#source.readyState;
    // Closed with no retry waiting: closed by us, or by a browser that stopped a background tab's stream unasked.
    if (this.#closed || (state === EventSource.CLOSED && !this.#timer)) return EventSource.CLOSED;
    return state === EventSource.OPEN ? EventSource.OPEN : EventSource.CONNECTING;
  }

  get url() { return this.#url.href; }

  addEventListener(type, listener) {
    // Every delivered event moves the resume point.
    const tracked = (event) => {
      if (event.lastEventId) this.#lastEventId = event.lastEventId;
      listener(event);
    };
    this.#listeners.push({ type, listener, tracked });
    this.#source.addEventListener(type, tracked);
  }

  removeEventListener(type, listener) {
    const found = this.#listeners.findIndex((l) => l.type === type && l.listener === listener);
    if (found < 0) return;
    this.#source.removeEventListener(type, this.#listeners[found].tracked);
    this.#listeners.splice(found, 1);
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#source.close();
  }

  #connect() {
    if (this.#lastEventId) this.#url.searchParams.set('after', this.#lastEventId);
    const source = new EventSource(this.#url.href, { withCredentials: true });
    this.#source = source;
    for (const entry of this.#listeners) source.addEventListener(entry.type, entry.tracked);
    source.onopen = (event) => {
      this.#refusals = 0;
      this.onopen?.(event);
    };
    source.onerror = (event) => {
      if (source.readyState === EventSource.CLOSED && !this.#closed) {
        // Refused rather than dropped: try again after the server's delay, not never.
        this.#refusals += 1;
        const backoff = this.#refusals <= 3 ? this.#retryMs
          : Math.min(this.#retryMs * 2 ** (this.#refusals - 3), 30_000) * (0.75 + Math.random() / 2);
        this.#timer = setTimeout(() => {
          this.#timer = 0;
          this.#connect();
        }, backoff);
      }
      this.onerror?.(event);
    };
  }
}
