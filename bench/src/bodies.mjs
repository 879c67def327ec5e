// Deterministic generator of realistic `GET /api/users/{u}/chats/{c}/messages` bodies, and the shared
// check-matrix cases. Node only (the browser fetches the files written by build.mjs).
//
// A body: `{"chatMessages":[...]}` with N messages shaped like the real server's rows (field order of
// devserver/seed.mjs), serialized by JSON.stringify as the real (Node) server does. Message text is
// 50–2,000 code points (uniform), Markdown with headings, lists, emphasis, links, inline code, code
// fences (quotes, backslashes, tabs: JSON escapes), tables, quotes, accented and CJK words, and
// emoji (astral, ZWJ sequences, flags, skin tones: 4-byte UTF-8). Every 10th message carries 1–3
// files (source code, 100–1,500 chars). Timestamps ascend (JSON of a JS Date), a few messages are
// edited later. Same seed → same bytes.

import fs from 'node:fs';
import { mulberry32 } from '../../devserver/prng.mjs';

export const USER_ID = 1;
export const CHAT_ID = 42;
/** Bump when the generator's output changes (cached bodies are regenerated). */
export const GENERATOR_VERSION = 3;


const WORDS = (
  'the a to of and in is it for on with that this you can be as are not use your we if or from by an at ' +
  'request response latency stream cache retry backoff header status server client chat message markdown ' +
  'model token prompt context window function return value error type string number array object field ' +
  'query index table column row migration schema session cookie origin browser fetch promise async await ' +
  'compile build test deploy release version commit branch merge review performance memory allocation ' +
  'parser decoder validator benchmark median ratio throughput vector embedding cluster shard replica'
).split(' ');
const INTL = ['café', 'naïve', 'über', 'Größe', 'señor', 'façade', 'déjà vu', 'smörgåsbord', 'Zürich', 'résumé', '東京', 'データ', '模型', '你好', 'привет', 'ελληνικά', 'שלום', 'مرحبا', 'हिन्दी', '한국어'];
const EMOJI = ['🙂', '🚀', '✅', '👍', '👍🏽', '🔥', '🎉', '🤔', '💡', '⚠️', '❤️', '🧪', '📦', '🐛', '✨', '🇩🇪', '🇯🇵', '👩‍💻', '🧑🏻‍🔬', '🙏', '😅', '📈', '🦀', '🐍'];
const LANGS = [
  ['typescript', 'ts'],
  ['python', 'py'],
  ['rust', 'rs'],
  ['json', 'json'],
  ['bash', 'sh'],
  ['sql', 'sql'],
  ['go', 'go'],
];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function words(rand, n) {
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    let w = r < 0.04 ? pick(rand, INTL) : pick(rand, WORDS);
    if (r > 0.97) w = `**${w}**`;
    else if (r > 0.94) w = `*${w}*`;
    else if (r > 0.91) w = '`' + w + '()`';
    else if (r > 0.9) w = `[${w}](https://example.com/docs/${w.replace(/[^a-z]/g, '') || 'x'}?ref=chat&id=${Math.floor(rand() * 1000)})`;
    else if (r > 0.88) w += ' ' + pick(rand, EMOJI);
    out += (i ? ' ' : '') + w;
  }
  return out;
}

function sentence(rand) {
  const s = words(rand, 6 + Math.floor(rand() * 14));
  return s.charAt(0).toUpperCase() + s.slice(1) + (rand() < 0.1 ? '?' : '.');
}

function codeLine(rand, lang, n) {
  const id = `${pick(rand, ['value', 'item', 'row', 'msg', 'res', 'cfg'])}${n}`;
  const w = pick(rand, WORDS);
  switch (lang) {
    case 'python':
      return pick(rand, [`    ${id} = data.get("${w}", None)`, `    if not ${id}:\n        raise ValueError(f"missing {${id}!r}")`, `print("${w}\\t${n}", end="\\n")`]);
    case 'rust':
      return pick(rand, [`    let ${id}: Vec<u8> = "${w}".bytes().collect();`, `    println!("{} -> {:?}", ${n}, ${id});`, `    match ${id} { Some(v) => v, None => return Err("${w}".into()) }`]);
    case 'json':
      return `  "${w}_${n}": { "id": ${n}, "path": "C:\\\\temp\\\\${w}", "ok": ${rand() < 0.5} },`;
    case 'bash':
      return pick(rand, [`curl -s "http://127.0.0.1:3000/api/${w}" | jq '.${w}[${n}]'`, `export ${w.toUpperCase()}_${n}="\${HOME}/${w}"`, `grep -rn '${w}' src/ | wc -l`]);
    case 'sql':
      return `SELECT id, "${w}" FROM chat_conversation_message WHERE id > ${n} AND actor = 'user';`;
    case 'go':
      return `\t${id} := fmt.Sprintf("%s-%d", "${w}", ${n})`;
    default:
      return pick(rand, [`  const ${id} = await fetch(\`/api/${w}/\${${n}}\`, { credentials: 'include' });`, `  if (!${id}.ok) throw new Error("HTTP " + ${id}.status + ": ${w}");`, `  return ${id}.json() as Promise<{ ${w}: string[] }>;`]);
  }
}

function codeBlock(rand, maxLines) {
  const [lang] = pick(rand, LANGS);
  const lines = [];
  const n = 2 + Math.floor(rand() * maxLines);
  for (let i = 0; i < n; i++) lines.push(codeLine(rand, lang, i));
  return { lang, text: lines.join('\n') };
}

function block(rand) {
  const r = rand();
  if (r < 0.34) {
    let p = '';
    const n = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) p += (i ? ' ' : '') + sentence(rand);
    return p;
  }
  if (r < 0.46) return `${'#'.repeat(1 + Math.floor(rand() * 3))} ${words(rand, 2 + Math.floor(rand() * 5))}`;
  if (r < 0.62) {
    const ordered = rand() < 0.4;
    const n = 2 + Math.floor(rand() * 5);
    const items = [];
    for (let i = 0; i < n; i++) items.push(`${ordered ? `${i + 1}.` : '-'} ${words(rand, 3 + Math.floor(rand() * 9))}`);
    return items.join('\n');
  }
  if (r < 0.82) {
    const { lang, text } = codeBlock(rand, 12);
    return '```' + lang + '\n' + text + '\n```';
  }
  if (r < 0.9) return `> ${sentence(rand)} ${pick(rand, EMOJI)}`;
  if (r < 0.96) {
    const rows = ['| option | default | notes |', '|---|---|---|'];
    const n = 2 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) rows.push(`| \`${pick(rand, WORDS)}\` | ${Math.floor(rand() * 1000)} | ${words(rand, 4)} |`);
    return rows.join('\n');
  }
  return `${pick(rand, EMOJI)}${pick(rand, EMOJI)} ${sentence(rand)}`;
}

/** Exactly `target` code points of Markdown (never splits a surrogate pair). */
function markdown(rand, target) {
  let out = '';
  let cps = 0;
  while (cps < target) {
    const b = (out ? '\n\n' : '') + block(rand);
    out += b;
    cps += [...b].length; // code points
  }
  if (cps > target) out = [...out].slice(0, target).join('');
  return out;
}

const iso = (ms) => new Date(ms).toISOString();

/** Message `i` (0-based) of a generated chat, as the server's row. */
function makeMessage(rand, i, chatId, state) {
  const id = 1000 + i;
  const actor = i === 0 ? 'system' : i % 2 === 1 ? 'user' : 'assistant';
  const target = 50 + Math.floor(rand() * 1951); // 50..2000 code points
  const created = state.t;
  const updated = rand() < 0.05 ? created + 1000 + Math.floor(rand() * 60_000) : created;
  state.t = updated + 1000 + Math.floor(rand() * 240_000);
  const m = {
    id,
    message: markdown(rand, target),
    actor,
    created_at: iso(created),
    updated_at: iso(updated),
    neptun_user_id: USER_ID,
    chat_conversation_id: chatId,
  };
  if (i % 10 === 9) {
    const files = [];
    const n = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) {
      const [language, extension] = pick(rand, LANGS);
      let text = '';
      let line = 0;
      const len = 100 + Math.floor(rand() * 1401);
      while (text.length < len) text += codeLine(rand, language, line++) + '\n';
      const ts = iso(created - 1000 - Math.floor(rand() * 5000));
      files.push({
        id: state.fileId++,
        title: `${pick(rand, WORDS)}_${id}_${k}.${extension}`,
        text: text.slice(0, len),
        language,
        extension,
        neptun_user_id: USER_ID,
        chat_conversation_id: chatId,
        chat_conversation_message_id: id,
        created_at: ts,
        updated_at: ts,
      });
    }
    m.files = files;
  }
  return m;
}

function newState() {
  return { t: Date.parse('2024-01-15T09:00:00.000Z'), fileId: 1 };
}

/** The rows of an `n`-message chat (small n only: for the check matrix). */
export function generateMessages(n, chatId = CHAT_ID, seed = 0x6e657074 + n) {
  const rand = mulberry32(seed);
  const state = newState();
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(makeMessage(rand, i, chatId, state));
  return rows;
}

/**
 * An all-ASCII body: the same JSON text with every non-ASCII code point replaced by an ASCII letter
 * (non-ASCII characters occur only inside strings, so the text stays valid and keeps its shape).
 */
export const asciiOnly = (json) => json.replace(/[^\x00-\x7f]/gu, (c) => String.fromCharCode(97 + (c.codePointAt(0) % 26)));

/**
 * Writes the `n`-message body to `file` (streamed: 100,000 messages are ~150 MB). Returns its size.
 * `ascii`: the all-ASCII variant of the same body ([`asciiOnly`]).
 */
export function writeBody(file, n, chatId = CHAT_ID, seed = 0x6e657074 + n, { ascii = false } = {}) {
  const rand = mulberry32(seed);
  const state = newState();
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let chunk = '{"chatMessages":[';
  const flush = () => {
    const buf = Buffer.from(chunk, 'utf8');
    fs.writeSync(fd, buf);
    bytes += buf.length;
    chunk = '';
  };
  try {
    for (let i = 0; i < n; i++) {
      const json = JSON.stringify(makeMessage(rand, i, chatId, state));
      chunk += (i ? ',' : '') + (ascii ? asciiOnly(json) : json);
      if (chunk.length > 1 << 20) flush();
    }
    chunk += ']}';
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------
// Check-matrix cases: { name, group, expect, body } with expect 'ok' | 'invalid' | 'server'.
// group 'valid' / 'invalid' / 'server' gate timing (every contender must agree); group 'edge' is
// informational (what our decoder does with corner cases that JSON.parse-based validators may not see).
// ---------------------------------------------------------------------------------------------------

export function matrixCases(chatId = CHAT_ID) {
  const base = () => generateMessages(30, chatId, 0xc0ffee);
  const body = (rows) => JSON.stringify({ chatMessages: rows });
  const cases = [];
  const add = (group, expect, name, value) => cases.push({ group, expect, name, body: typeof value === 'string' ? value : body(value) });
  const edit = (fn) => {
    const rows = base();
    fn(rows);
    return rows;
  };
  const withTimestamp = (ts) => edit((r) => (r[3].created_at = ts));
  const withFile = (fn) => edit((r) => fn(r[9].files[0]));

  // valid
  add('valid', 'ok', 'canonical body (30 messages, files)', base());
  add('valid', 'ok', 'aliases role/content', edit((r) => r.forEach((m, i) => {
    if (i % 2) {
      m.role = m.actor;
      delete m.actor;
    }
    if (i % 3) {
      m.content = m.message;
      delete m.message;
    }
  })));
  add('valid', 'ok', 'unknown fields (root, message, file)', JSON.stringify({ ok: true, chatMessages: edit((r) => {
    r.forEach((m) => (m.rating = { stars: 5, by: [1, 2] }));
    r[9].files[0].size = 1234;
  }) }));
  add('valid', 'ok', 'optional: no neptun_user_id / null / files null / []', edit((r) => {
    delete r[0].neptun_user_id;
    r[1].neptun_user_id = null;
    r[2].files = null;
    r[3].files = [];
  }));
  add('valid', 'ok', 'actor "system"', edit((r) => (r[1].actor = 'system')));
  add('valid', 'ok', 'timestamp with offset, no fraction', withTimestamp('2024-03-20T12:00:00+02:00'));
  add('valid', 'ok', 'empty chat', '{"chatMessages":[]}');
  // server
  add('server', 'server', 'chatMessages: null', '{"chatMessages":null}');
  // invalid
  add('invalid', 'invalid', 'wrong actor ("bot")', edit((r) => (r[2].actor = 'bot')));
  add('invalid', 'invalid', 'missing updated_at', edit((r) => delete r[29].updated_at));
  add('invalid', 'invalid', 'bad timestamp ("yesterday")', edit((r) => (r[0].updated_at = 'yesterday')));
  add('invalid', 'invalid', 'timestamp without offset', withTimestamp('2024-03-20T10:00:00'));
  add('invalid', 'invalid', 'id 0', edit((r) => (r[4].id = 0)));
  add('invalid', 'invalid', 'id 1.5', edit((r) => (r[4].id = 1.5)));
  add('invalid', 'invalid', 'id -3', edit((r) => (r[4].id = -3)));
  add('invalid', 'invalid', 'id "5" (string)', edit((r) => (r[4].id = '5')));
  add('invalid', 'invalid', 'id 2^53+1', body(edit((r) => (r[4].id = 123456789))).replace('123456789', '9007199254740993'));
  add('invalid', 'invalid', 'wrong chat id', edit((r) => (r[5].chat_conversation_id = chatId + 1)));
  add('invalid', 'invalid', 'files entry missing a field (language)', withFile((f) => delete f.language));
  add('invalid', 'invalid', 'files entry: wrong chat id', withFile((f) => (f.chat_conversation_id = chatId + 1)));
  add('invalid', 'invalid', 'files entry: bad created_at', withFile((f) => (f.created_at = '2024-03-20')));
  add('invalid', 'invalid', 'files not an array', edit((r) => (r[9].files = { 0: r[9].files[0] })));
  add('invalid', 'invalid', 'message not a string', edit((r) => (r[6].message = 42)));
  add('invalid', 'invalid', 'message missing', edit((r) => delete r[6].message));
  add('invalid', 'invalid', 'message and content both', edit((r) => (r[6].content = 'again')));
  add('invalid', 'invalid', 'neptun_user_id 0', edit((r) => (r[7].neptun_user_id = 0)));
  add('invalid', 'invalid', 'message entry null', edit((r) => (r[8] = null)));
  add('invalid', 'invalid', 'no chatMessages', '{"messages":[]}');
  add('invalid', 'invalid', 'chatMessages not an array', '{"chatMessages":{}}');
  add('invalid', 'invalid', 'root is an array', '[]');
  add('invalid', 'invalid', 'not JSON (truncated)', body(base()).slice(0, 500));
  // edge (informational): expectations are the decoder's (CONTRACT.md + src/time.rs + src/decode.rs)
  add('edge', 'invalid', 'timestamp 2023-02-29 (no such day)', withTimestamp('2023-02-29T10:00:00Z'));
  add('edge', 'invalid', 'timestamp 2024-04-31 (no such day)', withTimestamp('2024-04-31T10:00:00Z'));
  add('edge', 'ok', 'timestamp leap second :60', withTimestamp('2024-12-31T23:59:60Z'));
  add('edge', 'ok', 'timestamp lowercase t/z', withTimestamp('2024-03-20t10:00:00z'));
  add('edge', 'ok', 'timestamp space separator', withTimestamp('2024-03-20 10:00:00Z'));
  add('edge', 'ok', 'timestamp 10 fraction digits', withTimestamp('2024-03-20T10:00:00.1234567890Z'));
  add('edge', 'invalid', 'timestamp offset +0200 (no colon)', withTimestamp('2024-03-20T10:00:00+0200'));
  add('edge', 'invalid', 'id 1e3 (exponent form)', body(edit((r) => (r[4].id = 123456789))).replace('123456789', '1e3'));
  add('edge', 'invalid', 'id 7.0', body(edit((r) => (r[4].id = 123456789))).replace('123456789', '7.0'));
  add('edge', 'invalid', 'duplicate key "id"', body(edit((r) => (r[4].id = 123456789))).replace('"id":123456789', '"id":1004,"id":1005'));
  add('edge', 'invalid', 'lone surrogate \\ud800 in message', body(edit((r) => (r[4].message = 'LONE'))).replace('"LONE"', '"a\\ud800b"'));
  return cases;
}
