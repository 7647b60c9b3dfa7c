// Voice and video with the stranger: WebRTC between the two browsers, signalled through the server
// (POST /talk/signal out, the stream's "signal" events in). Media never touches the server. Once the
// data channel is open, text goes over it too and no longer passes through the server at all.
const token = () => document.querySelector('meta[name=antiforgery-token]')?.content ?? '';
let call = null;

const talk = () => document.querySelector('.talk');

const signal = (message) => {
  const body = new FormData();
  body.set('session', talk().dataset.session);
  body.set('signal', JSON.stringify(message));
  return fetch('/talk/signal', { method: 'POST', body, headers: { RequestVerificationToken: token() } });
};

const addLine = (text, mine) => {
  const line = document.getElementById(mine ? 'talk-line-mine' : 'talk-line-theirs').content.firstElementChild.cloneNode(true);
  line.append(document.createTextNode(text));
  const log = document.getElementById('talk-log');
  log.append(line);
  log.scrollTop = log.scrollHeight;
};

// Ends the call; `how` is what the page then shows ('closed', or 'failed' with its sentence).
const hangUp = (how = 'closed') => {
  if (!call) return;
  clearTimeout(call.deadline);
  call.channel?.close();
  call.connection.close();
  call.local?.getTracks().forEach((track) => track.stop());
  call = null;
  // close() fires no state change event: say it here.
  if (talk()) talk().dataset.call = how;
  const panel = document.querySelector('.talk__call');
  if (panel) panel.hidden = true;
};

const useChannel = (channel) => {
  call.channel = channel;
  channel.onmessage = (event) => addLine(String(event.data).slice(0, 2000), false);
};

const start = async (offers, iceServers) => {
  hangUp();
  const element = talk();
  const mode = element.dataset.mode;
  element.dataset.call = 'connecting';
  // Video only when chosen and not switched off before (a local preference, never sent anywhere).
  const wantVideo = mode === 'video' && localStorage.getItem('whisper-talk-video') !== 'off';
  const connection = new RTCPeerConnection({
    iceServers,
    iceTransportPolicy: element.dataset.relayOnly === 'true' ? 'relay' : 'all',
  });
  call = { connection, pending: [], channel: null, local: null, remoteSet: false, ready: null, deadline: null };
  const current = call;
  // ICE may never succeed (no route between the two, a relay refused): each side gives up on its own after the
  // same time, says so, and the text chat carries on through the server.
  const failed = () => { if (call === current) hangUp('failed'); };
  current.deadline = setTimeout(() => { if (connection.connectionState !== 'connected') failed(); }, Number(element.dataset.callTimeout || 20) * 1000);
  connection.onicecandidate = (event) => { if (event.candidate) signal({ candidate: event.candidate.toJSON() }); };
  connection.ontrack = (event) => {
    const remote = document.querySelector('.talk__remote');
    if (remote && remote.srcObject !== event.streams[0]) remote.srcObject = event.streams[0];
  };
  connection.onconnectionstatechange = () => {
    if (connection.connectionState === 'failed') failed();
    else if (call === current && element.dataset.call !== 'no-media') element.dataset.call = connection.connectionState;
  };
  connection.ondatachannel = (event) => useChannel(event.channel);

  // The partner's offer can arrive while the microphone or camera is still being granted: it is answered only
  // once the tracks are added, or the answer would carry none and the partner would hear and see nothing.
  current.ready = (async () => {
    try {
      current.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: wantVideo });
    } catch {
      element.dataset.call = 'no-media';
    }
    if (call !== current) return;
    current.local?.getTracks().forEach((track) => connection.addTrack(track, current.local));
    const preview = document.querySelector('.talk__local');
    if (preview && current.local) preview.srcObject = current.local;
    const panel = document.querySelector('.talk__call');
    if (panel) panel.hidden = false;
  })();
  await current.ready;
  if (call !== current) return;

  if (offers) {
    useChannel(connection.createDataChannel('text'));
    await connection.setLocalDescription(await connection.createOffer());
    await signal({ description: connection.localDescription.toJSON() });
  }
};

const receive = async (message) => {
  if (!call) return;
  const current = call;
  const connection = current.connection;
  if (message.description) {
    await current.ready;
    if (call !== current) return;
    await connection.setRemoteDescription(message.description);
    current.remoteSet = true;
    for (const candidate of current.pending.splice(0)) await connection.addIceCandidate(candidate);
    if (message.description.type === 'offer') {
      await connection.setLocalDescription(await connection.createAnswer());
      await signal({ description: connection.localDescription.toJSON() });
    }
  } else if (message.candidate) {
    if (current.remoteSet) await connection.addIceCandidate(message.candidate);
    else current.pending.push(message.candidate);
  }
};

document.body.addEventListener('htmx:sseMessage', (event) => {
  const element = talk();
  if (!element || element.dataset.mode === 'text' || event.detail.type !== 'status') return;
  const status = document.querySelector('.talk-status');
  if (status?.dataset.state === 'matched') {
    start(status.dataset.offers === 'true', JSON.parse(status.dataset.ice || '[]'));
  } else {
    hangUp();
    // A new state: whatever happened to the last call is no longer news.
    element.dataset.call = 'closed';
  }
});

// Signals come from the other browser, so they are data: read here from the stream itself, as JSON, and never
// handed to htmx (which would act on any markup in them). Each new EventSource (after a reconnect) is heard once.
const heard = new WeakSet();
document.body.addEventListener('htmx:sseOpen', (event) => {
  const source = event.detail.source;
  if (!talk() || heard.has(source)) return;
  heard.add(source);
  source.addEventListener('signal', (message) => {
    if (talk()?.dataset.mode === 'text') return;
    // A signal the call cannot use (unreadable, or refused by the browser) is dropped; the call carries on or fails on its own.
    let parsed;
    try {
      parsed = JSON.parse(message.data);
    } catch {
      return;
    }
    receive(parsed).catch(() => {});
  });
});

// Text rides the data channel once it is open: the server no longer relays it.
document.body.addEventListener('htmx:beforeRequest', (event) => {
  const form = event.detail.elt;
  if (!form.classList?.contains('talk__composer') || call?.channel?.readyState !== 'open') return;
  event.preventDefault();
  const text = form.querySelector('textarea').value.trim();
  if (!text) return;
  call.channel.send(text);
  addLine(text, true);
  form.reset();
});

document.body.addEventListener('click', (event) => {
  const button = event.target.closest?.('.talk__mute, .talk__camera');
  if (!button || !call?.local) return;
  const kind = button.classList.contains('talk__mute') ? 'audio' : 'video';
  const off = button.getAttribute('aria-pressed') !== 'true';
  call.local.getTracks().filter((track) => track.kind === kind).forEach((track) => { track.enabled = !off; });
  button.setAttribute('aria-pressed', String(off));
  // The labels come from the panel, in the page's language.
  const labels = talk().dataset;
  button.textContent = kind === 'audio' ? (off ? labels.unmute : labels.mute) : (off ? labels.cameraOn : labels.cameraOff);
  if (kind === 'video') localStorage.setItem('whisper-talk-video', off ? 'off' : 'on');
});

window.addEventListener('pagehide', hangUp);
