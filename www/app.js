// The neptun-client demo page: signs in to a Neptun server (the local dev server by default), lists the
// user's chats, loads one with neptun-client's `getChatMessages` and renders the transcript.
// Plain ES modules, no framework, no bundler. Server text is only ever put into the page as text nodes.
//
// URL parameters: ?baseUrl=<Neptun origin or path prefix> (default: this origin), ?user=<id>, ?chat=<id>,
// ?autologin=0 (on the dev server, don't sign in with the demo account on the first visit).
// Fault presets (`/_x/<spec>`) appear under "Server" only when the dev server answers /_dev/health.

import { renderMarkdown, codeBlock } from './markdown.js';
import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

const DEMO = { email: 'demo@neptun.dev', password: 'neptun-demo' };
const SIGNED_OUT_KEY = 'neptun-demo:signed-out';

/** Fault presets of the dev server (`/_x/<spec>` prefix), applied to the messages request only. */
const FAULTS = [
  { spec: 'fail=503,body=html', label: 'Proxy 503, HTML body → server' },
  { spec: 'dbnull=always', label: 'chatMessages: null → server' },
  { spec: 'fail=500', label: 'HTTP 500 → server' },
  { spec: 'fail=429,retryAfter=1', label: 'HTTP 429 → rateLimited' },
  { spec: 'fail=404', label: 'HTTP 404 → notFound' },
  { spec: 'fail=403', label: 'HTTP 403 → forbidden' },
  { spec: 'fail=400', label: 'HTTP 400 → badRequest' },
  { spec: 'fail=418', label: 'HTTP 418 → http' },
  { spec: 'reset=1', label: 'Connection reset → network' },
  { spec: 'stall=1', label: 'Stalled body, 2 s limit → timeout', options: { timeoutMs: 2000, retries: 0 } },
  { spec: 'delay=4000', label: 'Slow (4 s): try Cancel → aborted' },
  { spec: 'mutate=wrongChat', label: "Another chat's message → invalidResponse" },
  { spec: 'mutate=missingField', label: 'Missing field → invalidResponse' },
  { spec: 'mutate=notJson', label: 'HTML instead of JSON → invalidResponse' },
  { spec: 'mutate=alias', label: 'role/content aliases → accepted' },
  { spec: 'mutate=systemActor', label: 'A system message → accepted' },
];

/** What each error kind means to the reader. `status` etc. are added from the error itself. */
const ERROR_COPY = {
  invalidArgument: {
    title: "That isn't a valid chat address",
    text: () => 'User id and chat id must be positive whole numbers. Nothing was sent to the server.',
  },
  unauthorized: {
    title: 'Your session has expired — sign in again',
    text: () => 'The server answered 401. Neptun also answers 401 when the chat does not exist or belongs to another account.',
    signIn: true,
  },
  forbidden: {
    title: "You don't have access to this chat",
    text: () => 'The server refused the request (403 Forbidden).',
  },
  notFound: {
    title: 'This chat was not found',
    text: () => 'The server answered 404: the chat may have been deleted, or the base URL does not point at a Neptun server.',
  },
  badRequest: {
    title: 'The server rejected the request',
    text: () => 'HTTP 400: the server did not accept the user id or chat id.',
  },
  rateLimited: {
    title: 'Too many requests — wait a moment',
    text: (err) =>
      'The server is rate-limiting this browser (HTTP 429), still after retrying.' +
      (err.retryAfterMs ? ` It asked to wait ${formatSeconds(err.retryAfterMs)} before trying again.` : ' Try again in a little while.'),
  },
  server: {
    title: 'Neptun ran into a problem on its side',
    text: (err) =>
      err.status === undefined || (err.status >= 200 && err.status < 300)
        ? 'The server could not read this chat from its database (it answered chatMessages: null), also after retrying. This is usually temporary.'
        : `The server answered HTTP ${err.status}, also after retrying. This is usually temporary.`,
  },
  http: {
    title: 'Unexpected answer from the server',
    text: (err) => `The server answered HTTP ${err.status ?? '?'}, which is not an answer this request expects.`,
  },
  network: {
    title: "Can't reach the Neptun server",
    text: () =>
      'The request got no answer: the server may be down or the base URL wrong. For another origin, the server must allow credentialed CORS requests from this page (the public Neptun deployment does not: serve this page through a proxy on your origin).',
  },
  timeout: {
    title: 'The server took too long to answer',
    text: () => 'No complete answer arrived within the time limit, also after retrying.',
  },
  aborted: {
    title: 'Loading cancelled',
    text: () => 'You stopped loading this chat. Nothing was shown from it.',
  },
  invalidResponse: {
    title: "The server's answer doesn't match the Neptun API",
    text: () => 'The response failed validation, so nothing from it is shown.',
  },
};

const state = {
  base: params.get('baseUrl') ?? '',
  user: null, // { id, email } of the session
  devServer: false,
  chats: [],
  neptun: null, // the neptun-client module
  gen: 0, // increases with every load; stale loads and renders check it
  controller: null,
  loaded: null, // { userId, chatId, chatMessages, ms } of the last successful load
};

// Exposed for the end-to-end tests and for poking around in the console.
window.neptunDemo = {
  get state() {
    return state;
  },
  get loaded() {
    return state.loaded;
  },
};

// ------------------------------------------------------------------------------------------------
// Formatting
// ------------------------------------------------------------------------------------------------

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const numberFmt = new Intl.NumberFormat();

function formatSeconds(ms) {
  const s = Math.ceil(ms / 1000);
  return s === 1 ? '1 second' : `${numberFmt.format(s)} seconds`;
}

function timeEl(iso, className) {
  const t = document.createElement('time');
  t.className = className;
  t.dateTime = iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    t.textContent = iso;
  } else {
    t.textContent = dateTime.format(d);
    t.title = dateTimeLong.format(d);
  }
  return t;
}

const ACTOR_LABEL = { user: 'User', assistant: 'Assistant', system: 'System' };
const plural = (n, one, many) => `${numberFmt.format(n)} ${n === 1 ? one : many}`;

// ------------------------------------------------------------------------------------------------
// Server helpers (plain fetch: signing in is not neptun-client's job)
// ------------------------------------------------------------------------------------------------

const apiUrl = (path) => state.base.replace(/\/+$/, '') + path;

async function api(path, init = {}) {
  const res = await fetch(apiUrl(path), {
    credentials: 'include',
    headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    ...init,
  });
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  return { res, body };
}

async function detectDevServer() {
  try {
    const { res, body } = await api('/_dev/health');
    state.devServer = res.ok && body?.ok === true;
  } catch {
    state.devServer = false;
  }
  $('fault-field').hidden = !state.devServer;
}

/** Asks the server who is signed in (nuxt-auth-utils' `/api/_auth/session`). */
async function refreshSession() {
  setAccount('unknown', 'Checking session…');
  try {
    const { res, body } = await api('/api/_auth/session');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    state.user = body?.user && Number.isSafeInteger(body.user.id) ? { id: body.user.id, email: String(body.user.email ?? '') } : null;
  } catch (e) {
    state.user = null;
    renderAccount(`Couldn't check the session (${e.message || 'network error'})`);
    return;
  }
  renderAccount();
}

function setAccount(kind, text) {
  $('account').dataset.state = kind;
  $('account-status').textContent = text;
}

function renderAccount(note) {
  const signedIn = !!state.user;
  $('account').dataset.state = signedIn ? 'signed-in' : 'signed-out';
  const status = $('account-status');
  status.replaceChildren();
  if (signedIn) {
    status.append('Signed in as ', el('strong', 'account-email', state.user.email));
  } else {
    status.textContent = note ?? 'Not signed in';
  }
  $('sign-out').hidden = !signedIn;
  $('sign-in-card').hidden = signedIn;
  if (!signedIn) {
    if (state.devServer && !$('email').value) {
      $('email').value = DEMO.email;
      $('password').value = DEMO.password;
    }
    $('demo-hint').hidden = !state.devServer;
  }
}

async function signIn(email, password) {
  const errorEl = $('sign-in-error');
  errorEl.hidden = true;
  $('sign-in').disabled = true;
  try {
    const { res, body } = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
    if (res.status === 401) throw new Error('Wrong email or password.');
    if (!res.ok || !body?.user) throw new Error(`Sign-in failed (HTTP ${res.status}).`);
    sessionStorage.removeItem(SIGNED_OUT_KEY);
    state.user = { id: body.user.id, email: String(body.user.email ?? email) };
    renderAccount();
    return true;
  } catch (e) {
    errorEl.textContent = e instanceof TypeError ? "Couldn't reach the server to sign in." : e.message;
    errorEl.hidden = false;
    return false;
  } finally {
    $('sign-in').disabled = false;
  }
}

async function signOut() {
  $('sign-out').disabled = true;
  try {
    await api('/api/auth/logout', { method: 'POST', body: '{}' });
  } catch {
    // Signed out locally anyway; the cookie expires on its own.
  } finally {
    $('sign-out').disabled = false;
  }
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  state.user = null;
  state.chats = [];
  renderAccount();
  renderChatList();
  cancelLoad();
  clearTranscript();
  setChatHead();
  showIdle('You are signed out', 'Sign in to load a chat — or press “Load messages” to see what the API answers without a session.');
}

// ------------------------------------------------------------------------------------------------
// Chat list
// ------------------------------------------------------------------------------------------------

async function loadChats() {
  const note = $('chat-list-note');
  if (!state.user) {
    state.chats = [];
    renderChatList();
    return;
  }
  note.textContent = 'Loading chats…';
  note.hidden = false;
  try {
    const { res, body } = await api(`/api/users/${state.user.id}/chats`);
    if (!res.ok || !Array.isArray(body?.chats)) throw new Error(`HTTP ${res.status}`);
    state.chats = body.chats.filter((c) => c && Number.isSafeInteger(c.id));
    renderChatList();
  } catch (e) {
    state.chats = [];
    renderChatList(`Couldn't load the chat list (${e.message || 'network error'}). You can still open a chat by id.`);
  }
}

function renderChatList(note) {
  const list = $('chat-list');
  list.replaceChildren();
  for (const chat of state.chats) {
    const li = el('li');
    const button = el('button', 'chat-item');
    button.type = 'button';
    button.dataset.chatId = String(chat.id);
    const name = el('span', 'chat-item-name', String(chat.name ?? `Chat ${chat.id}`));
    const meta = el('span', 'chat-item-meta');
    const model = String(chat.model ?? '');
    meta.append(el('span', 'chat-item-id', `#${chat.id}`), el('span', 'chat-item-model', model.split('/').pop()));
    if (chat.updated_at) {
      const d = new Date(chat.updated_at);
      if (!Number.isNaN(d.getTime())) meta.append(el('span', 'chat-item-date', shortDate.format(d)));
    }
    button.title = model;
    button.append(name, meta);
    button.addEventListener('click', () => {
      $('chat-id').value = String(chat.id);
      if (state.user) $('user-id').value = String(state.user.id);
      loadMessages();
    });
    li.append(button);
    list.append(li);
  }
  markActiveChat();
  const noteEl = $('chat-list-note');
  noteEl.textContent = note ?? (state.user ? (state.chats.length ? '' : 'No chats yet.') : 'Sign in to see your chats.');
  noteEl.hidden = !noteEl.textContent;
}

function markActiveChat() {
  const current = $('chat-id').value.trim();
  for (const b of $('chat-list').querySelectorAll('.chat-item')) {
    if (b.dataset.chatId === current) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
}

// ------------------------------------------------------------------------------------------------
// Loading and rendering messages
// ------------------------------------------------------------------------------------------------

/** The id fields as the client should see them: numbers when they look numeric, else the raw text. */
function idValue(text) {
  const t = text.trim();
  return /^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(t) ? Number(t) : t;
}

function currentFault() {
  const spec = $('fault').value;
  return spec ? FAULTS.find((f) => f.spec === spec) ?? { spec } : null;
}

function setTranscriptState(s) {
  const t = $('transcript');
  t.dataset.state = s;
  t.setAttribute('aria-busy', String(s === 'loading' || s === 'rendering'));
}

function clearTranscript() {
  $('messages').replaceChildren();
}

function cancelLoad() {
  state.gen++;
  if (state.controller) {
    state.controller.abort();
    state.controller = null;
  }
}

function panel(kind, ...children) {
  const p = $('status-panel');
  p.className = `panel panel--${kind}`;
  p.replaceChildren(...children);
  p.hidden = false;
  return p;
}

function hidePanel() {
  const p = $('status-panel');
  p.hidden = true;
  p.replaceChildren();
}

function showIdle(title, text) {
  setTranscriptState('idle');
  panel('idle', el('div', 'panel-icon', '💬'), el('h2', 'panel-title', title), el('p', 'panel-text', text));
}

function chatInfo(chatId) {
  return state.chats.find((c) => c.id === chatId);
}

function setChatHead(title = 'Chat', metaParts = [], call = '') {
  $('chat-title').textContent = title;
  const meta = $('chat-meta');
  meta.replaceChildren();
  metaParts.filter(Boolean).forEach((part, i) => {
    if (i) meta.append(el('span', 'dot', ' · '));
    meta.append(typeof part === 'string' ? el('span', '', part) : part);
  });
  $('call').textContent = call;
  $('call').title = call;
  $('call').hidden = !call;
}

function callText(userId, chatId, options) {
  const shown = { baseUrl: options.baseUrl };
  if (options.timeoutMs !== undefined) shown.timeoutMs = options.timeoutMs;
  if (options.retries !== undefined) shown.retries = options.retries;
  const fmt = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const opts = Object.entries(shown)
    .map(([k, v]) => `${k}: ${fmt(v)}`)
    .join(', ');
  return `getChatMessages(${fmt(userId)}, ${fmt(chatId)}, { ${opts} })`;
}

function syncUrl() {
  const url = new URL(location.href);
  const set = (k, v) => (v ? url.searchParams.set(k, v) : url.searchParams.delete(k));
  set('baseUrl', state.base);
  set('user', $('user-id').value.trim());
  set('chat', $('chat-id').value.trim());
  history.replaceState(null, '', url);
}

async function loadMessages() {
  if (!state.neptun) return;
  cancelLoad();
  const gen = state.gen;
  const controller = new AbortController();
  state.controller = controller;
  state.loaded = null;

  const userId = idValue($('user-id').value);
  const chatId = idValue($('chat-id').value);
  const fault = currentFault();
  const base = state.base.replace(/\/+$/, '');
  const options = { baseUrl: fault ? `${base}/_x/${fault.spec}` : state.base, ...(fault?.options ?? {}) };
  markActiveChat();
  syncUrl();

  const info = typeof chatId === 'number' ? chatInfo(chatId) : undefined;
  const title = info?.name ?? (typeof chatId === 'number' && Number.isFinite(chatId) ? `Chat #${chatId}` : 'Chat');
  const call = callText(userId, chatId, options);
  setChatHead(title, [info ? `#${info.id}` : '', info?.model ?? '', 'Loading…'], call);

  clearTranscript();
  setTranscriptState('loading');
  const cancel = el('button', 'btn', 'Cancel');
  cancel.type = 'button';
  cancel.id = 'cancel';
  cancel.addEventListener('click', () => controller.abort());
  const skeleton = el('div', 'skeleton');
  skeleton.setAttribute('aria-hidden', 'true');
  for (const side of ['left', 'right', 'left']) skeleton.append(el('div', `skeleton-row skeleton-row--${side}`));
  panel('loading', el('div', 'spinner'), el('h2', 'panel-title', 'Loading messages…'), el('p', 'panel-text', 'Fetching and validating the chat with neptun-client.'), el('div', 'panel-actions', undefined), skeleton);
  $('status-panel').querySelector('.panel-actions').append(cancel);

  const t0 = performance.now();
  let response;
  try {
    response = await state.neptun.getChatMessages(userId, chatId, { ...options, signal: controller.signal });
  } catch (err) {
    if (gen !== state.gen) return; // a newer load (or sign-out) took over
    state.controller = null;
    setChatHead(title, [info ? `#${info.id}` : '', info?.model ?? '', 'Not loaded'], call);
    showError(err);
    return;
  }
  if (gen !== state.gen) return;
  state.controller = null;
  const ms = Math.round(performance.now() - t0);
  const messages = response.chatMessages;
  state.loaded = { userId, chatId, chatMessages: messages, ms };
  setChatHead(title, [info ? `#${info.id}` : '', info?.model ?? '', plural(messages.length, 'message', 'messages'), `loaded in ${numberFmt.format(ms)} ms`], call);
  renderTranscript(messages, gen);
}

/** Renders the messages in time-boxed batches so a long chat never blocks the page. */
function renderTranscript(messages, gen) {
  const list = $('messages');
  list.replaceChildren();
  if (messages.length === 0) {
    setTranscriptState('empty');
    panel('empty', el('div', 'panel-icon', '🫧'), el('h2', 'panel-title', 'No messages yet'), el('p', 'panel-text', 'This chat exists, but nobody has written in it. Start the conversation in Neptun.'));
    return;
  }
  hidePanel();
  setTranscriptState('rendering');
  let i = 0;
  const step = () => {
    if (gen !== state.gen) return;
    const deadline = performance.now() + 10;
    const frag = document.createDocumentFragment();
    do {
      frag.append(messageEl(messages[i], i));
      i++;
    } while (i < messages.length && performance.now() < deadline);
    list.append(frag);
    if (i < messages.length) {
      $('transcript').dataset.rendered = String(i);
      // requestAnimationFrame pauses in background tabs; a timeout keeps rendering going there.
      if (document.hidden) setTimeout(step, 0);
      else requestAnimationFrame(step);
    } else {
      $('transcript').dataset.rendered = String(i);
      setTranscriptState('ready');
    }
  };
  step();
}

function messageEl(m, index) {
  const actor = m.actor;
  const li = el('li', `message message--${actor}`);
  li.dataset.messageId = String(m.id);
  li.dataset.actor = actor;
  li.dataset.index = String(index);
  li.id = `message-${m.id}`;

  const avatar = el('div', 'avatar', actor === 'user' ? (state.user?.email?.[0] ?? 'U').toUpperCase() : actor === 'assistant' ? 'N' : 'S');
  avatar.setAttribute('aria-hidden', 'true');

  const bubble = el('article', 'bubble');
  const head = el('header', 'message-head');
  head.append(el('span', 'actor', ACTOR_LABEL[actor] ?? actor), timeEl(m.created_at, 'message-time'));
  if (m.updated_at !== m.created_at) {
    const edited = el('span', 'edited', 'edited');
    const d = new Date(m.updated_at);
    edited.title = Number.isNaN(d.getTime()) ? m.updated_at : `Edited ${dateTimeLong.format(d)}`;
    head.append(edited);
  }
  const body = renderMarkdown(m.message);
  body.classList.add('message-body');
  bubble.append(head, body);

  if (m.files?.length) {
    const files = el('div', 'files');
    files.setAttribute('aria-label', 'Attached files');
    for (const f of m.files) files.append(fileEl(f));
    bubble.append(files);
  }
  li.append(avatar, bubble);
  return li;
}

function fileEl(f) {
  const details = el('details', 'file');
  details.dataset.fileId = String(f.id);
  const summary = el('summary', 'file-summary');
  const lines = f.text.replace(/\n$/, '').split('\n').length;
  summary.append(
    el('span', 'file-icon', '📄'),
    el('span', 'file-title', f.title),
    el('span', 'file-lang', f.language),
    el('span', 'file-lines', plural(lines, 'line', 'lines')),
  );
  const block = codeBlock(f.text.replace(/\n$/, ''), f.language);
  block.classList.add('file-code');
  details.append(summary, block);
  return details;
}

function showError(err) {
  setTranscriptState('error');
  clearTranscript();
  const isNeptun = state.neptun.isNeptunError(err);
  const kind = isNeptun ? err.kind : 'unexpected';
  const copy = ERROR_COPY[kind] ?? { title: 'Something went wrong', text: () => 'An unexpected error occurred in this page.' };

  const facts = el('dl', 'facts');
  const fact = (label, value, code = false, name = '') => {
    const dd = el('dd');
    if (name) dd.dataset.fact = name;
    dd.append(code ? el('code', '', value) : value);
    facts.append(el('dt', '', label), dd);
  };
  if (isNeptun) {
    fact('Error kind', err.kind, true, 'kind');
    if (err.status !== undefined) fact('HTTP status', `${err.status}${err.statusMessage ? ` ${err.statusMessage}` : ''}`, false, 'status');
    if (err.kind === 'invalidResponse') fact('JSON path', err.path ? err.path : '(the whole body)', true, 'path');
    if (err.serverMessage) fact('Server said', err.serverMessage, false, 'server-message');
    if (err.retryAfterMs !== undefined) fact('Retry after', formatSeconds(err.retryAfterMs), false, 'retry-after');
  }
  fact('Details', String(err?.message ?? err), false, 'message');

  const actions = el('div', 'panel-actions');
  const retry = el('button', 'btn btn-primary', 'Try again');
  retry.type = 'button';
  retry.id = 'retry';
  retry.addEventListener('click', () => loadMessages());
  actions.append(retry);
  if (copy.signIn && !state.user) {
    const signInBtn = el('button', 'btn', 'Sign in');
    signInBtn.type = 'button';
    signInBtn.addEventListener('click', () => {
      $('sign-in-card').hidden = false;
      $('email').focus();
    });
    actions.append(signInBtn);
  }

  const p = panel('error', el('div', 'panel-icon', kind === 'aborted' ? '⏹' : '⚠'), el('h2', 'panel-title', copy.title), el('p', 'panel-text', copy.text(err ?? {})), facts, actions);
  p.dataset.kind = kind;
  p.setAttribute('role', 'alert');
}

// ------------------------------------------------------------------------------------------------
// Wiring
// ------------------------------------------------------------------------------------------------

async function applyServer() {
  state.base = $('base-url').value.trim();
  syncUrl();
  cancelLoad();
  clearTranscript();
  setTranscriptState('loading');
  panel('loading', el('div', 'spinner'), el('h2', 'panel-title', 'Connecting…'), el('p', 'panel-text', state.base ? `Checking the session at ${state.base}` : 'Checking the session on this origin.'));
  await detectDevServer();
  await refreshSession();
  await loadChats();
  if (state.user) $('user-id').value = String(state.user.id);
  await loadMessages();
}

function wire() {
  $('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await signIn($('email').value.trim(), $('password').value)) {
      $('user-id').value = String(state.user.id);
      await loadChats();
      await loadMessages();
    }
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('load-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadMessages();
  });
  $('server-form').addEventListener('submit', (e) => {
    e.preventDefault();
    applyServer();
  });
  $('chat-id').addEventListener('input', markActiveChat);
  const fault = $('fault');
  for (const f of FAULTS) {
    const o = el('option', '', f.label);
    o.value = f.spec;
    fault.append(o);
  }
  fault.addEventListener('change', () => loadMessages());
}

async function boot() {
  wire();
  $('base-url').value = state.base;
  if (state.base) $('server-card').open = true;
  if (params.get('user')) $('user-id').value = params.get('user');
  if (params.get('chat')) $('chat-id').value = params.get('chat');
  setChatHead();
  setTranscriptState('loading');
  panel('loading', el('div', 'spinner'), el('h2', 'panel-title', 'Starting…'), el('p', 'panel-text', 'Loading neptun-client (WebAssembly).'));

  try {
    const mod = await import('../pkg/index.js');
    await mod.init(); // optional (calls load the module themselves): here, to show a clear panel if it fails
    state.neptun = mod;
  } catch (e) {
    setTranscriptState('error');
    const p = panel('error', el('div', 'panel-icon', '⚠'), el('h2', 'panel-title', "neptun-client couldn't be loaded"), el('p', 'panel-text', 'Build the package into pkg/ (bash scripts/build.sh) and serve it at /pkg/ next to this page.'));
    p.append(el('p', 'panel-text mono', String(e?.message ?? e)));
    p.dataset.kind = 'boot';
    return;
  }

  await detectDevServer();
  await refreshSession();
  // On the local dev server, sign in with the demo account so the first visit shows a chat right away
  // (not after an explicit sign-out, and not with ?autologin=0).
  if (!state.user && state.devServer && params.get('autologin') !== '0' && !sessionStorage.getItem(SIGNED_OUT_KEY)) {
    await signIn(DEMO.email, DEMO.password);
  }
  if (state.user) {
    if (!params.get('user')) $('user-id').value = String(state.user.id);
    await loadChats();
    await loadMessages();
  } else {
    renderChatList();
    showIdle('Sign in to load a chat', state.devServer ? 'The demo account is filled in: press “Sign in”.' : 'Sign in to your Neptun server, then pick a chat.');
  }
  document.documentElement.dataset.booted = 'true';
}

boot();
