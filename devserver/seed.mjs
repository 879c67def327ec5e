// Seeded data for the Neptun dev server: deterministic (no Math.random, no clock), shaped like the rows
// of the real tables (chat_conversation, chat_conversation_message; see docs/CONTRACT.md). Timestamps
// are `timestamp without time zone` columns serialized as JSON of a JS Date (UTC, milliseconds).

import { mulberry32 } from './prng.mjs';

/** Seeded accounts. `password` is plain text: this is a dev server. */
export const users = Object.freeze([
  Object.freeze({ id: 1, email: 'demo@neptun.dev', password: 'neptun-demo' }),
  Object.freeze({ id: 2, email: 'other@neptun.dev', password: 'neptun-other' }),
]);

/** The demo account shown on the demo page and in the CLI banner. */
export const demoAccount = Object.freeze({ userId: 1, email: 'demo@neptun.dev', password: 'neptun-demo' });

const iso = (ms) => new Date(ms).toISOString();
const at = (s) => Date.parse(s);

// ---------------------------------------------------------------------------------------------------
// Chat 1: "Getting started with Neptun" (8 messages, realistic Markdown)
// ---------------------------------------------------------------------------------------------------

const chat1Texts = [
  // 0 user
  'Hi! 👋 I just signed up for Neptun. What can I do here, and which model should I pick to start?',
  // 1 assistant
  `# Welcome to Neptun 🚀

Neptun is a chat UI for **open-weight models**. A few things you can do right away:

- Ask questions and get answers rendered as *Markdown*
- Paste code and ask for a review
- Attach files to a chat (they are kept per conversation)
- Switch models per chat:
  1. \`qwen/Qwen2.5-72B-Instruct\` — a good general default
  2. \`qwen/Qwen2.5-Coder-32B-Instruct\` — for code
  3. \`mistralai/Mistral-7B-Instruct-v0.3\` — small and fast

> Tip: the model is chosen when the chat is created; start a new chat to try another one.`,
  // 2 user
  'Nice. Can you show me how to call the messages API from TypeScript? I want to list the messages of a chat.',
  // 3 assistant (> 2 KB)
  `## Listing the messages of a chat

The endpoint is \`GET /api/users/{user_id}/chats/{chat_id}/messages\`. It needs the \`neptun-session\` cookie, so in a
browser you send the request with credentials:

\`\`\`ts
interface ChatMessage {
  id: number;
  message: string;
  actor: 'user' | 'assistant';
  created_at: string;
  updated_at: string;
}

export async function listMessages(userId: number, chatId: number): Promise<ChatMessage[]> {
  const res = await fetch(\`/api/users/\${userId}/chats/\${chatId}/messages\`, {
    credentials: 'include',
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) {
    throw new Error(\`HTTP \${res.status}\`);
  }
  const body = (await res.json()) as { chatMessages: ChatMessage[] | null };
  if (body.chatMessages === null) {
    throw new Error('the server could not read the chat');
  }
  return body.chatMessages;
}
\`\`\`

From a terminal, pass the cookie yourself:

\`\`\`bash
curl -sS \\
  -H 'Accept: application/json' \\
  -H "Cookie: neptun-session=$NEPTUN_SESSION" \\
  "https://neptun-webui.vercel.app/api/users/1/chats/1/messages" | jq '.chatMessages | length'
\`\`\`

Or with Python and \`httpx\`:

\`\`\`python
import httpx

def list_messages(user_id: int, chat_id: int, session: str) -> list[dict]:
    url = f"https://neptun-webui.vercel.app/api/users/{user_id}/chats/{chat_id}/messages"
    r = httpx.get(url, cookies={"neptun-session": session}, timeout=10.0)
    r.raise_for_status()
    return r.json()["chatMessages"]
\`\`\`

A successful answer looks like this:

\`\`\`json
{
  "chatMessages": [
    {
      "id": 1,
      "message": "Hello!",
      "actor": "user",
      "created_at": "2024-03-20T10:00:00.000Z",
      "updated_at": "2024-03-20T10:00:00.000Z",
      "neptun_user_id": 1,
      "chat_conversation_id": 1
    }
  ]
}
\`\`\`

### Things to keep in mind

| status | meaning | what to do |
|--------|---------|------------|
| 401 | no session, or not your chat | sign in again |
| 400 | the ids are not positive integers | fix the ids |
| 429 | rate limited | wait for \`Retry-After\` |
| 5xx | server trouble | retry with backoff |

- Messages come back sorted by \`updated_at\`, oldest first.
- Keep the order; don't sort them again on the client.
- The session cookie is \`HttpOnly\`: your script cannot read it, and that is on purpose. 🔒`,
  // 4 user
  'Danke! One more: does it handle non-ASCII text? My notes are full of words like Größe, naïve and 日本語.',
  // 5 assistant
  `Yes — messages are stored as UTF-8 \`text\`, so anything goes: **Größe**, *naïve*, 日本語, even emoji 🎉.

A quick check in Rust:

\`\`\`rust
fn main() {
    let word = "Größe";
    assert_eq!(word.chars().count(), 5);
    assert_eq!(word.len(), 7); // 'ö' and 'ß' take two bytes each in UTF-8
    println!("{word}: {} chars, {} bytes", word.chars().count(), word.len());
}
\`\`\`

So count characters with \`chars()\`, not \`len()\`, when you show lengths to people. 🙂`,
  // 6 user
  'Haha, fair. Last question: how do I sign out?',
  // 7 assistant
  `Click your avatar in the top-right corner and choose **Sign out**. Under the hood that calls:

\`\`\`http
POST /api/auth/logout
\`\`\`

which clears the \`neptun-session\` cookie. Have fun with Neptun! ✨`,
];

// Offsets (seconds after the chat's first message) of each message; created == updated except where a
// message was edited (updated later, still before the next message).
const chat1Times = [
  [0, 0],
  [7, 7],
  [95, 95],
  [112, 140],
  [260, 260],
  [271, 271],
  [400, 400],
  [404, 404],
];

// ---------------------------------------------------------------------------------------------------
// Chat 3: "Long chat" (3000 generated messages, 50–600 chars)
// ---------------------------------------------------------------------------------------------------

const WORDS = (
  'neptun model prompt token context answer question wasm rust browser cookie session request ' +
  'response latency stream cache retry backoff header status server client chat message markdown ' +
  'list table code fence unicode emoji timestamp integer string array object field schema error ' +
  'network timeout abort signal promise future async await compile build test deploy proxy origin ' +
  'credentials fetch json parse validate decode encode order sort page limit offset cursor ' +
  'café naïve Größe déjà vu résumé 🚀 ✅ 🙂'
).split(' ');

function longChatText(rand, n, actor) {
  const target = 51 + Math.floor(rand() * 550); // 51..600 → final length 50..600
  const style = rand();
  let text = actor === 'user' ? `Question ${n}: ` : `Answer ${n}: `;
  if (style < 0.12) {
    text += 'Here is a list:\n';
    while (text.length < target) text += `- ${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]}\n`;
  } else if (style < 0.2) {
    text += 'Try this:\n```js\n';
    while (text.length < target) text += `const ${['a', 'b', 'c', 'd'][Math.floor(rand() * 4)]}${n} = "${WORDS[Math.floor(rand() * WORDS.length)]}";\n`;
  } else {
    let first = true;
    while (text.length < target) {
      let w = WORDS[Math.floor(rand() * WORDS.length)];
      if (first) w = w[0].toUpperCase() + w.slice(1);
      first = rand() < 0.12;
      text += w + (first ? '. ' : ' ');
    }
  }
  // Cut on a code-point boundary and end with a period.
  let chars = Array.from(text);
  let out = '';
  for (const c of chars) {
    if (out.length + c.length > target - 1) break;
    out += c;
  }
  out = out.replace(/\s+$/, '');
  while (out.length < 49) out += '.';
  return out + '.';
}

// ---------------------------------------------------------------------------------------------------
// Build the tables
// ---------------------------------------------------------------------------------------------------

const MODEL = {
  general: 'qwen/Qwen2.5-72B-Instruct',
  gemma: 'google/gemma-2-27b-it',
  nemo: 'mistralai/Mistral-Nemo-Instruct-2407',
  coder: 'qwen/Qwen2.5-Coder-32B-Instruct',
  llama: 'cloudflare/llama-3.3-70b-instruct-fp8-fast',
};

const messageRows = [];
const fileRows = [];
let nextMessageId = 1;
let nextFileId = 1;

function msg(chatId, userId, actor, text, createdMs, updatedMs = createdMs) {
  const row = {
    id: nextMessageId++,
    message: text,
    actor,
    created_at: iso(createdMs),
    updated_at: iso(updatedMs),
    neptun_user_id: userId,
    chat_conversation_id: chatId,
  };
  messageRows.push(row);
  return row;
}

// Chat 1
const chat1Start = at('2024-03-20T10:00:00.000Z');
chat1Texts.forEach((text, i) => {
  const [c, u] = chat1Times[i];
  msg(1, 1, i % 2 === 0 ? 'user' : 'assistant', text, chat1Start + c * 1000 + i * 37, chat1Start + u * 1000 + i * 37);
});

// Chat 3 (long)
const chat3Start = at('2024-03-21T08:00:00.000Z');
{
  const rand = mulberry32(0x6e657074); // "nept"
  let t = chat3Start;
  for (let i = 0; i < 3000; i++) {
    const actor = i % 2 === 0 ? 'user' : 'assistant';
    msg(3, 1, actor, longChatText(rand, i + 1, actor), t);
    t += 1000 + Math.floor(rand() * 240_000); // 1 s .. 241 s later, millisecond precision
  }
}

// Chat 4 (files)
const chat4Start = at('2024-04-02T14:30:00.000Z');
{
  const m1 = msg(4, 1, 'user', 'Can you review these two files? The build fails on the second one.', chat4Start);
  msg(
    4,
    1,
    'assistant',
    'In `lib.rs` the function returns `Result<u32, String>` but `main.py` expects a plain int. Either unwrap in Rust or handle the error in Python:\n\n```python\ntry:\n    n = count_words(text)\nexcept ValueError as e:\n    print(f"failed: {e}")\n```',
    chat4Start + 21_250,
  );
  const m3 = msg(4, 1, 'user', 'Thanks — here is the fixed config too.', chat4Start + 300_000);
  msg(4, 1, 'assistant', 'Looks good ✅ — `strict = true` will catch this kind of mismatch earlier.', chat4Start + 309_512);
  const file = (message, title, text, language, extension, offsetMs) => {
    const ts = iso(Date.parse(message.created_at) - offsetMs);
    const row = {
      id: nextFileId++,
      title,
      text,
      language,
      extension,
      neptun_user_id: 1,
      chat_conversation_id: 4,
      chat_conversation_message_id: message.id,
      created_at: ts,
      updated_at: ts,
    };
    fileRows.push(row);
    (message.files ??= []).push(row);
  };
  file(m1, 'lib.rs', 'pub fn count_words(s: &str) -> Result<u32, String> {\n    Ok(s.split_whitespace().count() as u32)\n}\n', 'rust', 'rs', 2_000);
  file(m1, 'main.py', 'from lib import count_words\n\nprint(count_words("hello world") + 1)\n', 'python', 'py', 1_500);
  file(m3, 'config.toml', '[build]\nstrict = true\ntarget = "wasm32-unknown-unknown"\n', 'toml', 'toml', 800);
}

// Chat 5 (user 2)
const chat5Start = at('2024-04-03T09:15:00.000Z');
msg(5, 2, 'user', 'This chat belongs to the other user. You should never see it as demo@neptun.dev.', chat5Start);
msg(5, 2, 'assistant', 'Understood. Access to it is limited to its owner (user 2).', chat5Start + 4_321);
msg(5, 2, 'user', 'Great, thanks.', chat5Start + 60_000);

const lastUpdated = (chatId, fallback) => {
  const rows = messageRows.filter((m) => m.chat_conversation_id === chatId);
  return rows.length ? rows.reduce((a, m) => (m.updated_at > a ? m.updated_at : a), rows[0].updated_at) : fallback;
};

const chatRows = [
  { id: 1, name: 'Getting started with Neptun', model: MODEL.general, created_at: iso(chat1Start - 1_234), neptun_user_id: 1 },
  { id: 2, name: 'Empty chat', model: MODEL.gemma, created_at: '2024-03-20T12:00:00.000Z', neptun_user_id: 1 },
  { id: 3, name: 'Long chat', model: MODEL.nemo, created_at: iso(chat3Start - 5_000), neptun_user_id: 1 },
  { id: 4, name: 'Chat with files', model: MODEL.coder, created_at: iso(chat4Start - 9_999), neptun_user_id: 1 },
  { id: 5, name: "Someone else's chat", model: MODEL.llama, created_at: iso(chat5Start - 2_500), neptun_user_id: 2 },
].map((c) => ({
  id: c.id,
  name: c.name,
  model: c.model,
  created_at: c.created_at,
  updated_at: lastUpdated(c.id, c.created_at),
  neptun_user_id: c.neptun_user_id,
}));

function deepFreeze(v) {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze(v[k]);
  }
  return v;
}

/** All chat rows (table chat_conversation), by id. Frozen. */
export const chats = deepFreeze(chatRows);
/** All message rows (table chat_conversation_message, plus `files` in chat 4), in id order. Frozen. */
export const messages = deepFreeze(messageRows);
/** All ChatFile rows (as embedded in chat 4's messages). Frozen. */
export const files = deepFreeze(fileRows);

const byUpdatedAt = (a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : 0);

/** The user with this id, or undefined. */
export function userById(id) {
  return users.find((u) => u.id === id);
}

/** The chat row with this id, or undefined. */
export function chatById(id) {
  return chats.find((c) => c.id === id);
}

/**
 * The messages of a chat exactly as the endpoint returns them: fresh (mutable) copies, sorted by
 * updated_at ascending. Unknown chat → [].
 */
export function messagesOf(chatId) {
  return structuredClone(messages.filter((m) => m.chat_conversation_id === chatId).sort(byUpdatedAt));
}

/** The chats of a user as fresh copies, in id order. Unknown user → []. */
export function chatsOf(userId) {
  return structuredClone(chats.filter((c) => c.neptun_user_id === userId));
}
