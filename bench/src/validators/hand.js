// A careful hand-written validator of CONTRACT.md, the way one would write it without a library:
// one loop over the parsed value, typeof checks, a char-code RFC 3339 check (a port of the crate's
// src/time.rs: grammar, month lengths and leap years, leap second 60, offsets), aliases renamed in
// place, unknown fields ignored. Validates in place and returns the parsed value; throws a
// BenchRejection with the JSON path of the first problem.
import { BenchRejection } from './common.js';

const fail = (path, detail) => {
  throw new BenchRejection('invalid', path, detail);
};

const isId = (v) => Number.isSafeInteger(v) && v > 0;

/** Two or four ASCII digits at `at`, as a number, or -1. */
function digits(s, at, n) {
  let out = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48; // NaN past the end
    if (!(c >= 0 && c <= 9)) return -1;
    out = out * 10 + c;
  }
  return out;
}

function daysInMonth(year, month) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** RFC 3339 date-time, exactly as src/time.rs `is_rfc3339`. */
export function isRfc3339(s) {
  if (typeof s !== 'string') return false;
  const len = s.length;
  if (len < 20) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116 && t !== 32)) return false;
  if (day > daysInMonth(year, month)) return false;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === start) return false;
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i + 1 === len;
  if ((z === 43 || z === 45) && len - i === 6) {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    return s.charCodeAt(i + 3) === 58 && oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
  }
  return false;
}

function renameAliases(m, path) {
  if (m.content !== undefined) {
    if (m.message !== undefined) fail(path + '.message', 'duplicate field (`message` and its alias `content`)');
    m.message = m.content;
    delete m.content;
  }
  if (m.role !== undefined) {
    if (m.actor !== undefined) fail(path + '.actor', 'duplicate field (`actor` and its alias `role`)');
    m.actor = m.role;
    delete m.role;
  }
}

function checkFile(f, chatId, path) {
  if (f === null || typeof f !== 'object' || Array.isArray(f)) fail(path, 'expected a file object');
  if (!isId(f.id)) fail(path + '.id', 'expected a positive safe integer');
  if (typeof f.title !== 'string') fail(path + '.title', 'expected a string');
  if (typeof f.text !== 'string') fail(path + '.text', 'expected a string');
  if (typeof f.language !== 'string') fail(path + '.language', 'expected a string');
  if (typeof f.extension !== 'string') fail(path + '.extension', 'expected a string');
  if (!isId(f.neptun_user_id)) fail(path + '.neptun_user_id', 'expected a positive safe integer');
  if (f.chat_conversation_id !== chatId) fail(path + '.chat_conversation_id', `expected the requested chat ${chatId}`);
  if (!isId(f.chat_conversation_message_id)) fail(path + '.chat_conversation_message_id', 'expected a positive safe integer');
  if (!isRfc3339(f.created_at)) fail(path + '.created_at', 'expected an RFC 3339 timestamp');
  if (!isRfc3339(f.updated_at)) fail(path + '.updated_at', 'expected an RFC 3339 timestamp');
}

export function makeHand(chatId) {
  return function validate(root) {
    if (root === null || typeof root !== 'object' || Array.isArray(root)) fail('', 'expected an object with a chatMessages array');
    const list = root.chatMessages;
    if (list === null) throw new BenchRejection('server', 'chatMessages', 'chatMessages is null (the server could not read the chat)');
    if (!Array.isArray(list)) fail('chatMessages', list === undefined ? 'missing required field' : 'expected an array');
    for (let i = 0, n = list.length; i < n; i++) {
      const m = list[i];
      if (m === null || typeof m !== 'object' || Array.isArray(m)) fail(`chatMessages[${i}]`, 'expected a message object');
      if (m.content !== undefined || m.role !== undefined) renameAliases(m, `chatMessages[${i}]`);
      if (!isId(m.id)) fail(`chatMessages[${i}].id`, 'expected a positive safe integer');
      if (typeof m.message !== 'string') fail(`chatMessages[${i}].message`, 'expected a string');
      const a = m.actor;
      if (a !== 'user' && a !== 'assistant' && a !== 'system') fail(`chatMessages[${i}].actor`, 'expected "user", "assistant" or "system"');
      if (!isRfc3339(m.created_at)) fail(`chatMessages[${i}].created_at`, 'expected an RFC 3339 timestamp');
      if (!isRfc3339(m.updated_at)) fail(`chatMessages[${i}].updated_at`, 'expected an RFC 3339 timestamp');
      const u = m.neptun_user_id;
      if (u !== undefined && u !== null && !isId(u)) fail(`chatMessages[${i}].neptun_user_id`, 'expected a positive safe integer');
      if (m.chat_conversation_id !== chatId) fail(`chatMessages[${i}].chat_conversation_id`, `expected the requested chat ${chatId}`);
      const files = m.files;
      if (files !== undefined && files !== null) {
        if (!Array.isArray(files)) fail(`chatMessages[${i}].files`, 'expected an array of files (or null)');
        for (let j = 0; j < files.length; j++) checkFile(files[j], chatId, `chatMessages[${i}].files[${j}]`);
      }
    }
    return root;
  };
}
