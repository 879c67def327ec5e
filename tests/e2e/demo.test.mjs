// End-to-end tests of the demo page (www/) against the local dev server, in headless Chromium.
// Run: node --test tests/e2e/   (needs pkg/ built: bash scripts/build.sh)
// Screenshots go to test-results/ (gitignored). UPDATE_DEMO_PNG=1 rewrites the README's docs/demo.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { messagesOf, chatsOf, demoAccount } from '../../devserver/seed.mjs';
import { ROOT as root, launchChromium, startServer } from '../helpers.mjs';

const results = path.join(root, 'test-results');
// docs/demo.png (the README's screenshot) is written when missing or with UPDATE_DEMO_PNG=1; every run
// writes the same picture to test-results/demo.png.
const UPDATE_DEMO_PNG = process.env.UPDATE_DEMO_PNG === '1';
const UNAUTHORIZED_TITLE = 'Your session has expired — sign in again';

let srv;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(root, 'pkg/index.js')), 'pkg/ is missing: build it first (bash scripts/build.sh)');
  fs.mkdirSync(results, { recursive: true });
  srv = await startServer({ staticDirs: { '/': 'www', '/pkg': 'pkg' } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** A fresh browser context (own cookies) and page; page errors fail the test at `done()`. */
async function open(t, { query = '', locale = 'en-US', timezoneId = 'UTC', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ locale, timezoneId, viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  t.after(() => context.close());
  await page.goto(`${srv.url}/${query}`);
  await page.waitForSelector('html[data-booted=true], .panel[data-kind=boot]', { timeout: 15_000 });
  return {
    page,
    done: () => assert.deepEqual(errors, [], 'no errors in the page'),
  };
}

/** Waits until the transcript is in `state` (ready, empty, error, idle); says where it is stuck if not. */
async function expectState(page, state, timeout = 20_000) {
  try {
    await page.waitForSelector(`#transcript[data-state=${state}]`, { timeout });
  } catch {
    const now = await page.$eval('#transcript', (t) => `${t.dataset.state}: ${document.querySelector('#status-panel .panel-title')?.textContent ?? ''}`);
    assert.fail(`expected the transcript to be ${state}, it is ${now}`);
  }
}

/** `open`, then wait until the first chat has loaded. */
async function openReady(t, options) {
  const opened = await open(t, options);
  await expectState(opened.page, 'ready');
  return opened;
}

/** Types a base URL into the "Server" card and applies it (the card must be open). */
async function applyBaseUrl(page, baseUrl) {
  await page.fill('#base-url', baseUrl);
  await page.click('#apply-server');
}

async function errorPanel(page) {
  return page.$eval('#status-panel', (p) => ({
    kind: p.dataset.kind,
    title: p.querySelector('.panel-title')?.textContent,
    text: p.querySelector('.panel-text')?.textContent,
    facts: Object.fromEntries([...p.querySelectorAll('dd[data-fact]')].map((d) => [d.dataset.fact, d.textContent])),
    retry: !!p.querySelector('#retry'),
  }));
}

const words = (s) => s.match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The words of a seeded message as the page shows them: Markdown markup is not text, so fence info
 * strings (shown as a label, which is UI chrome) and ordered-list numbers (list markers) are dropped.
 */
function seedWords(text) {
  let fence = null;
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && line.trim() === line.trim()[0].repeat(line.trim().length) && line.trim().length >= fence.length && line.trim()[0] === fence[0]) fence = null;
      else out.push(line);
      continue;
    }
    if (m) {
      fence = m[1];
      continue;
    }
    out.push(line.replace(/^(\s*)\d+[.)]\s+/, '$1'));
  }
  return words(out.join('\n'));
}

/** What the page rendered for each message (in DOM order). */
function renderedMessages(page) {
  return page.$$eval('#messages > .message', (items) =>
    items.map((li) => {
      const body = li.querySelector('.message-body').cloneNode(true);
      body.querySelectorAll('[data-chrome]').forEach((n) => n.remove());
      const parts = [];
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) parts.push(walker.currentNode.data);
      const time = li.querySelector('time.message-time');
      return {
        id: Number(li.dataset.messageId),
        actor: li.dataset.actor,
        label: li.querySelector('.actor').textContent,
        text: parts.join(' '),
        datetime: time.dateTime,
        time: time.textContent,
        codeBlocks: [...li.querySelectorAll('.message-body .md-codeblock')].map((f) => ({ lang: f.dataset.language ?? '', code: f.querySelector('pre code').textContent })),
        files: [...li.querySelectorAll('details.file')].map((d) => ({
          id: Number(d.dataset.fileId),
          open: d.open,
          title: d.querySelector('.file-title').textContent,
          language: d.querySelector('.file-lang').textContent,
          text: d.querySelector('pre code').textContent,
        })),
      };
    }),
  );
}

/** The fenced code blocks of a seeded message (closed or running to the end). */
function seedCodeBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)/.exec(lines[i]);
    if (!m) continue;
    const body = [];
    for (i++; i < lines.length; i++) {
      const t = lines[i].trim();
      if (t.length >= m[1].length && t === m[1][0].repeat(t.length)) break;
      body.push(lines[i]);
    }
    blocks.push({ lang: m[2], code: body.join('\n') });
  }
  return blocks;
}

const LABEL = { user: 'User', assistant: 'Assistant', system: 'System' };

/** The rendered transcript equals the seeded chat: ids and order, actors, labels, text, code, timestamps. */
async function assertTranscript(page, chatId) {
  const seed = messagesOf(chatId);
  const loaded = await page.evaluate(() => window.neptunDemo.loaded);
  assert.equal(loaded.chatId, chatId);
  assert.deepEqual(loaded.chatMessages, seed, 'getChatMessages resolved to exactly the seeded rows');
  const shown = await renderedMessages(page);
  assert.equal(shown.length, seed.length, 'one rendered message per seeded message');
  const expectedTimes = await page.evaluate((isos) => {
    const f = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    return isos.map((s) => f.format(new Date(s)));
  }, seed.map((m) => m.created_at));
  seed.forEach((m, i) => {
    const r = shown[i];
    assert.equal(r.id, m.id, `message ${i}: id`);
    assert.equal(r.actor, m.actor, `message ${m.id}: actor`);
    assert.equal(r.label, LABEL[m.actor], `message ${m.id}: visible actor label`);
    assert.deepEqual(words(r.text), seedWords(m.message), `message ${m.id}: text`);
    assert.deepEqual(r.codeBlocks, seedCodeBlocks(m.message), `message ${m.id}: code blocks`);
    assert.equal(r.datetime, m.created_at, `message ${m.id}: <time datetime>`);
    assert.equal(r.time, expectedTimes[i], `message ${m.id}: time in the reader's locale`);
    assert.deepEqual(
      r.files.map(({ id, title, language, text }) => ({ id, title, language, text })),
      (m.files ?? []).map((f) => ({ id: f.id, title: f.title, language: f.language, text: f.text.replace(/\n$/, '') })),
      `message ${m.id}: files`,
    );
  });
  return shown;
}

async function chatListOf(page) {
  return page.$$eval('#chat-list .chat-item', (bs) => bs.map((b) => ({ id: Number(b.dataset.chatId), name: b.querySelector('.chat-item-name').textContent })));
}

async function pickChat(page, chatId) {
  await page.click(`#chat-list .chat-item[data-chat-id="${chatId}"]`);
}

// ------------------------------------------------------------------------------------------------

test('first visit: signs in with the demo account and renders chat 1 (and the README screenshot)', async (t) => {
  const { page, done } = await openReady(t);
  assert.equal((await page.textContent('#account-status')).trim(), `Signed in as ${demoAccount.email}`);
  assert.ok(await page.isVisible('#sign-out'), 'a sign-out button');
  assert.ok(await page.isHidden('#sign-in-card'));
  assert.equal(await page.inputValue('#user-id'), '1');
  assert.equal(await page.inputValue('#chat-id'), '1');
  assert.deepEqual(await chatListOf(page), chatsOf(1).map((c) => ({ id: c.id, name: c.name })));
  assert.equal(await page.textContent('#chat-title'), 'Getting started with Neptun');
  assert.equal(await page.textContent('#call'), 'getChatMessages(1, 1, { baseUrl: "" })');
  await assertTranscript(page, 1);

  // User and assistant turns look different.
  const look = await page.evaluate(() => {
    const style = (sel) => {
      const s = getComputedStyle(document.querySelector(sel));
      return { bg: s.backgroundColor, dir: getComputedStyle(document.querySelector(sel).parentElement).flexDirection };
    };
    return { user: style('.message--user .bubble'), assistant: style('.message--assistant .bubble') };
  });
  assert.notEqual(look.user.bg, look.assistant.bg);
  assert.equal(look.user.dir, 'row-reverse');
  assert.equal(look.assistant.dir, 'row');

  await page.screenshot({ path: path.join(results, 'e2e-chat1.png') });
  // The README screenshot: chat 1, scrolled so the code block of the TypeScript answer is in view.
  await page.$eval('#transcript', (t) => {
    const question = document.getElementById('message-3');
    t.scrollTop += question.getBoundingClientRect().top - t.getBoundingClientRect().top - 12;
  });
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(results, 'demo.png') });
  if (UPDATE_DEMO_PNG || !fs.existsSync(path.join(root, 'docs/demo.png'))) {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    fs.copyFileSync(path.join(results, 'demo.png'), path.join(root, 'docs/demo.png'));
  }
  done();
});

test('manual sign-in in another locale, files, empty chat, sign-out → unauthorized', async (t) => {
  const { page, done } = await open(t, { query: '?autologin=0', locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  await expectState(page, 'idle');
  assert.equal((await page.textContent('#account-status')).trim(), 'Not signed in');
  assert.ok(await page.isVisible('#sign-in-card'));
  assert.equal(await page.inputValue('#email'), demoAccount.email, 'demo account filled in');
  assert.equal(await page.inputValue('#password'), demoAccount.password);

  await page.click('#sign-in');
  await page.waitForSelector('#account[data-state=signed-in]');
  assert.equal((await page.textContent('#account-status')).trim(), `Signed in as ${demoAccount.email}`);
  await expectState(page, 'ready');
  await assertTranscript(page, 1);
  // German date format, Berlin time (10:00 UTC = 11:00 CET).
  assert.match(await page.textContent('#message-1 time'), /^20\.03\.2024, 11:00$/);

  // Chat with files: collapsed by default, title/language/text inside.
  await pickChat(page, 4);
  await expectState(page, 'ready');
  const shown = await assertTranscript(page, 4);
  assert.deepEqual(shown.map((m) => m.files.length), [2, 0, 1, 0]);
  assert.ok(shown.every((m) => m.files.every((f) => f.open === false)), 'files start collapsed');
  const first = page.locator('details.file').first();
  assert.equal(await first.locator('pre').isVisible(), false);
  await first.locator('summary').click();
  assert.equal(await first.locator('pre').isVisible(), true);
  assert.equal(await first.locator('pre code').textContent(), messagesOf(4)[0].files[0].text.replace(/\n$/, ''));
  await page.screenshot({ path: path.join(results, 'e2e-files.png') });

  // Empty chat.
  await pickChat(page, 2);
  await expectState(page, 'empty');
  assert.equal(await page.textContent('#status-panel .panel-title'), 'No messages yet');
  assert.equal(await page.$$eval('#messages > .message', (l) => l.length), 0);
  await page.screenshot({ path: path.join(results, 'e2e-empty.png') });

  // Sign out, then load: the unauthorized message, with retry and sign-in buttons.
  await page.click('#sign-out');
  await page.waitForSelector('#account[data-state=signed-out]');
  assert.equal((await page.textContent('#account-status')).trim(), 'Not signed in');
  assert.equal(await page.$$eval('#chat-list .chat-item', (l) => l.length), 0);
  await page.fill('#chat-id', '1');
  await page.click('#load');
  await expectState(page, 'error');
  const err = await errorPanel(page);
  assert.equal(err.kind, 'unauthorized');
  assert.equal(err.title, UNAUTHORIZED_TITLE);
  assert.match(err.facts.status, /^401\b/);
  assert.ok(err.retry, 'a retry button');
  assert.ok(await page.isVisible('#status-panel button:text("Sign in")'));
  await page.screenshot({ path: path.join(results, 'e2e-unauthorized.png') });

  // Retry while still signed out: the same message. Sign in again: the chat loads.
  await page.click('#retry');
  await expectState(page, 'error');
  assert.equal((await errorPanel(page)).kind, 'unauthorized');
  await page.click('#sign-in');
  await page.waitForSelector('#account[data-state=signed-in]');
  await expectState(page, 'ready');
  await assertTranscript(page, 1);
  done();
});

test('a fault through the base URL field: another chat\'s message → invalidResponse with its JSON path', async (t) => {
  const { page, done } = await openReady(t);
  await page.click('#server-card > summary');
  await applyBaseUrl(page, '/_x/mutate=wrongChat');
  await expectState(page, 'error');
  const err = await errorPanel(page);
  assert.equal(err.kind, 'invalidResponse');
  assert.equal(err.title, "The server's answer doesn't match the Neptun API");
  assert.equal(err.facts.path, 'chatMessages[1].chat_conversation_id');
  assert.ok(err.retry);
  assert.equal(await page.$$eval('#messages > .message', (l) => l.length), 0, 'nothing of the bad answer is shown');
  assert.equal(new URL(page.url()).searchParams.get('baseUrl'), '/_x/mutate=wrongChat');
  await page.screenshot({ path: path.join(results, 'e2e-invalid-response.png') });

  // ?baseUrl= works on a fresh load too, and clearing the field goes back to the real answer.
  await page.goto(`${srv.url}/?baseUrl=${encodeURIComponent('/_x/mutate=missingField')}`);
  await page.waitForSelector('html[data-booted=true]');
  await expectState(page, 'error');
  assert.equal(await page.inputValue('#base-url'), '/_x/mutate=missingField');
  assert.equal((await errorPanel(page)).facts.path, `chatMessages[${messagesOf(1).length - 1}].updated_at`);
  await applyBaseUrl(page, '');
  await expectState(page, 'ready');
  await assertTranscript(page, 1);
  done();
});

test('every error kind gets its own message', async (t) => {
  const { page, done } = await openReady(t);
  const seen = new Map();
  const expectKind = async (kind, { status, path: jsonPath } = {}) => {
    await expectState(page, 'error');
    const err = await errorPanel(page);
    assert.equal(err.kind, kind);
    assert.ok(err.title && err.text, `${kind}: a title and an explanation`);
    assert.ok(err.retry, `${kind}: a retry button`);
    if (status !== undefined) assert.match(err.facts.status ?? '', new RegExp(`^${status}\\b`), `${kind}: status shown`);
    if (jsonPath !== undefined) assert.equal(err.facts.path, jsonPath);
    if (seen.has(err.title) && seen.get(err.title) !== kind) assert.fail(`${kind} and ${seen.get(err.title)} share the title ${err.title}`);
    seen.set(err.title, kind);
    return err;
  };
  const fault = async (spec) => {
    await page.selectOption('#fault', spec); // changing the preset reloads
  };

  await page.click('#server-card > summary');
  assert.ok(await page.isVisible('#fault'), 'fault presets on the dev server');
  await fault('fail=404');
  await expectKind('notFound', { status: 404 });
  await fault('fail=403');
  await expectKind('forbidden', { status: 403 });
  await fault('fail=400');
  await expectKind('badRequest', { status: 400 });
  await fault('fail=418');
  await expectKind('http', { status: 418 });
  await fault('fail=503,body=html');
  await expectKind('server', { status: 503 });
  await fault('dbnull=always');
  const dbnull = await expectKind('server');
  assert.match(dbnull.text, /chatMessages: null/);
  await fault('fail=429,retryAfter=1');
  const limited = await expectKind('rateLimited', { status: 429 });
  assert.equal(limited.facts['retry-after'], '1 second');
  await fault('reset=1');
  await expectKind('network');
  await fault('stall=1');
  await expectKind('timeout');
  await fault('mutate=notJson');
  await expectKind('invalidResponse');
  await fault('delay=4000');
  await page.waitForSelector('#transcript[data-state=loading] #cancel');
  assert.equal(await page.textContent('#status-panel .panel-title'), 'Loading messages…');
  await page.screenshot({ path: path.join(results, 'e2e-loading.png') });
  await page.click('#cancel');
  await expectKind('aborted');

  // Accepted variants render like the real thing.
  await fault('mutate=systemActor');
  await expectState(page, 'ready');
  assert.equal(await page.$eval('#messages > .message', (m) => m.dataset.actor + ':' + m.querySelector('.actor').textContent), 'system:System');
  await fault('');
  await expectState(page, 'ready');

  // Not the user's chat → 401 (the real server answers 401, not 404); a bad id never leaves the page.
  await page.fill('#chat-id', '5');
  await page.click('#load');
  const other = await expectKind('unauthorized', { status: 401 });
  assert.equal(other.title, UNAUTHORIZED_TITLE);
  await page.fill('#chat-id', 'abc');
  await page.click('#load');
  await expectKind('invalidArgument');
  assert.equal(await page.$('dd[data-fact=status]'), null, 'no status: no request was made');
  await page.fill('#chat-id', '0');
  await page.click('#load');
  await expectKind('invalidArgument');
  assert.equal(seen.size, 12, 'all twelve kinds shown, each with its own title');

  // Retry after the cause is gone.
  await page.fill('#chat-id', '1');
  await page.click('#retry');
  await expectState(page, 'ready');
  done();
});

test('the long chat (3000 messages) renders without freezing the page', async (t) => {
  const { page, done } = await openReady(t);
  await page.evaluate(() => {
    const hb = (window.__heartbeat = { last: performance.now(), maxGap: 0, ticks: 0 });
    window.__heartbeatTimer = setInterval(() => {
      const now = performance.now();
      hb.maxGap = Math.max(hb.maxGap, now - hb.last);
      hb.last = now;
      hb.ticks++;
    }, 50);
  });
  await page.click('#chat-list .chat-item[data-chat-id="3"]');
  await expectState(page, 'ready', 30_000);
  await page.waitForTimeout(150);
  const hb = await page.evaluate(() => {
    clearInterval(window.__heartbeatTimer);
    return window.__heartbeat;
  });
  assert.ok(hb.ticks > 0);
  assert.ok(hb.maxGap < 1000, `the main thread stalled for ${Math.round(hb.maxGap)} ms`);
  t.diagnostic(`heartbeat: ${hb.ticks} ticks, longest gap ${Math.round(hb.maxGap)} ms`);

  await assertTranscript(page, 3);
  // The end of the transcript can be reached and is painted.
  await page.$eval('#transcript', (t) => (t.scrollTop = t.scrollHeight));
  const last = messagesOf(3).at(-1);
  await page.locator(`#message-${last.id}`).waitFor({ state: 'visible' });
  assert.ok(await page.locator(`#message-${last.id}`).isVisible());
  await page.screenshot({ path: path.join(results, 'e2e-long-chat.png') });
  done();
});

test('message text is rendered as text, never as HTML', async (t) => {
  const { page, done } = await open(t);
  const out = await page.evaluate(async () => {
    const { renderMarkdown } = await import('/markdown.js');
    window.__pwned = false;
    const node = renderMarkdown('<img src=x onerror="window.__pwned=true"> **bold** and `<b>code</b>`\nnext line\n\n```html\n<script>window.__pwned=true</script>\n```');
    document.body.append(node);
    await new Promise((r) => setTimeout(r, 100));
    return {
      pwned: window.__pwned,
      imgs: node.querySelectorAll('img, script, b').length,
      strong: node.querySelector('strong')?.textContent,
      code: node.querySelector('.md-code')?.textContent,
      brs: node.querySelectorAll('p br').length,
      pre: node.querySelector('pre code')?.textContent,
      lang: node.querySelector('.md-codeblock')?.dataset.language,
    };
  });
  assert.deepEqual(out, { pwned: false, imgs: 0, strong: 'bold', code: '<b>code</b>', brs: 1, pre: '<script>window.__pwned=true</script>', lang: 'html' });
  done();
});
