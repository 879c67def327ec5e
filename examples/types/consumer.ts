// A TypeScript consumer of neptun-client, compiled by `npm run check` under three configurations
// (all strict, skipLibCheck off): bundler + lib ES2022 + DOM; node16 and nodenext + @types/node
// without the DOM lib. Correct usage must compile; every `@ts-expect-error` line is a mistake the
// types must catch (tsc fails with "Unused '@ts-expect-error' directive" if one type-checks).
// There is no init step: `init()` is an optional preload.
import {
  getChatMessages,
  init,
  isNeptunError,
  NeptunClient,
  parseChatMessages,
  type Actor,
  type ChatFile,
  type ChatMessage,
  type ErrorKind,
  type GetChatMessagesOptions,
  type GetChatMessagesResponse,
  type NeptunError,
} from 'neptun-client';
import { getChatMessages as getChatMessagesInline } from 'neptun-client/inline';

const preload: Promise<unknown> = init();
void preload;

const options: GetChatMessagesOptions = {
  baseUrl: '',
  signal: new AbortController().signal,
  timeoutMs: 5_000,
  retries: 2,
  credentials: 'include',
};
const response: GetChatMessagesResponse = await getChatMessages(1, 42, options);
const first: ChatMessage | undefined = response.chatMessages[0];
if (first) {
  const actor: Actor = first.actor;
  const text: string = first.message;
  const owner: number | undefined = first.neptun_user_id;
  const files: ChatFile[] | undefined = first.files;
  const titles: string[] = files?.map((file) => file.title) ?? [];
  console.log(actor, text, owner, titles, first.created_at.length, first.chat_conversation_id + 1);
}
const client = new NeptunClient({ baseUrl: 'http://127.0.0.1:3000', sessionCookie: 'secret' });
const fromClient: GetChatMessagesResponse = await client.getChatMessages(1, 42, { retries: 0 });
const parsed: GetChatMessagesResponse = parseChatMessages(new Uint8Array(), 42);
parseChatMessages('{"chatMessages":[]}', 42);
const inline: GetChatMessagesResponse = await getChatMessagesInline(1, 42, { timeoutMs: 1_000 });
console.log(fromClient, parsed, inline);

/** Exhaustive over the kinds: adding or removing a kind breaks this function's compile. */
function explain(kind: ErrorKind): string {
  switch (kind) {
    case 'invalidArgument': return 'fix the call';
    case 'unauthorized': return 'sign in again';
    case 'forbidden': return 'not allowed';
    case 'notFound': return 'no such chat';
    case 'badRequest': return 'bad ids';
    case 'rateLimited': return 'slow down';
    case 'server': return 'server trouble';
    case 'http': return 'unexpected status';
    case 'network': return 'offline or CORS';
    case 'timeout': return 'too slow';
    case 'aborted': return 'cancelled';
    case 'invalidResponse': return 'bad body';
    case 'wasmLoad': return 'the client could not load';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

try {
  await getChatMessages(1, 42);
} catch (err: unknown) {
  if (isNeptunError(err)) {
    const narrowed: NeptunError = err;
    const asError: Error = narrowed;
    const status: number | undefined = narrowed.status;
    const path: string | undefined = narrowed.path;
    console.log(explain(narrowed.kind), status, path, narrowed.serverMessage, asError.message);
  }
}

// ---- Mistakes the types catch ----
// @ts-expect-error ids are numbers, not strings
await getChatMessages('1', 42);
// @ts-expect-error ids are numbers, not bigints
await getChatMessages(1n, 42);
// @ts-expect-error chatId is required
await getChatMessages(1);
// @ts-expect-error unknown option (a typo of timeoutMs)
await getChatMessages(1, 42, { timeout: 5_000 });
// @ts-expect-error credentials is a closed set
await getChatMessages(1, 42, { credentials: 'always' });
// @ts-expect-error the result is typed, not any
const notANumber: number = await getChatMessages(1, 42);
// @ts-expect-error actor is a closed union
const bot: Actor = 'bot';
// @ts-expect-error output uses `message`, not the document's `content`
console.log(response.chatMessages[0]?.content);
// @ts-expect-error files are optional: they may be undefined
const fileCount: number = response.chatMessages[0]!.files.length;
// @ts-expect-error body must be a string or a Uint8Array
parseChatMessages({ chatMessages: [] }, 42);
// @ts-expect-error the kind is a closed union
const wrongKind: ErrorKind = 'notFoundd';
// @ts-expect-error the inline entry has the same checked types
await getChatMessagesInline(1, '42');
console.log(notANumber, bot, fileCount, wrongKind);
