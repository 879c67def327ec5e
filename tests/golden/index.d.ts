/* tslint:disable */
/* eslint-disable */
/**
 * A file attached to a chat message.
 */
export interface ChatFile {
    /**
     * The file's id (a positive integer).
     */
    id: number;
    /**
     * The file's title, usually a file name such as `"example.py"`.
     */
    title: string;
    /**
     * The file's text content.
     */
    text: string;
    /**
     * The language of the content, such as `"python"`.
     */
    language: string;
    /**
     * The file extension without the dot, such as `"py"`.
     */
    extension: string;
    /**
     * The id of the user who owns the file.
     */
    neptun_user_id: number;
    /**
     * The chat the file belongs to: always the requested chat (checked by the client).
     */
    chat_conversation_id: number;
    /**
     * The message the file is attached to.
     */
    chat_conversation_message_id: number;
    /**
     * When the file was created: an RFC 3339 timestamp.
     */
    created_at: string;
    /**
     * When the file was last updated: an RFC 3339 timestamp.
     */
    updated_at: string;
}

/**
 * One message of a chat conversation.
 */
export interface ChatMessage {
    /**
     * The message's id (a positive integer).
     */
    id: number;
    /**
     * The message text: any Unicode, usually Markdown with code fences; can be tens of KB.
     * (The endpoint document's example calls it `content`; that spelling is accepted on input.)
     */
    message: string;
    /**
     * Who wrote the message. (The endpoint document's example calls it `role`; accepted on input.)
     */
    actor: Actor;
    /**
     * When the message was created: an RFC 3339 timestamp such as `"2024-03-20T10:00:00.000Z"`.
     */
    created_at: string;
    /**
     * When the message was last updated: an RFC 3339 timestamp; the server sorts by it.
     */
    updated_at: string;
    /**
     * The id of the user who owns the chat. Sent by the real server, absent from the document's model.
     */
    neptun_user_id?: number;
    /**
     * The chat this message belongs to: always the requested chat (checked by the client).
     */
    chat_conversation_id: number;
    /**
     * Files attached to the message. This endpoint's server does not send them today; when present
     * they are validated like the rest.
     */
    files?: ChatFile[];
}

/**
 * Options of `getChatMessages` and of `new NeptunClient(...)`. Every field is optional; per-call
 * options override the client's.
 */
export interface GetChatMessagesOptions {
    /**
     * Origin (and optional path prefix) of the Neptun server. Default
     * `"https://neptun-webui.vercel.app"`. `""` calls the same origin with a relative URL (as
     * Neptun's own web UI does); `"/neptun"` goes through a proxy path on your origin. Relative
     * values work only in a browser. Example: `"http://127.0.0.1:3000"`.
     */
    baseUrl?: string;
    /**
     * Aborts the call, including retries and their waits; the promise then rejects with kind
     * `"aborted"`. Default: none.
     */
    signal?: AbortSignal;
    /**
     * Time limit of each attempt (headers and body), in milliseconds: an integer from 1 to
     * 2147483647. Default `10000`. When every attempt times out the call rejects with kind `"timeout"`.
     */
    timeoutMs?: number;
    /**
     * How many times to retry after a network error, a timeout, HTTP 408, 429, 500, 502, 503, 504 or
     * `chatMessages: null`, with exponential backoff (300 ms × 2ⁿ, jittered) or the server's
     * `Retry-After` (up to 10 s). An integer from 0 to 10. Default `2`.
     */
    retries?: number;
    /**
     * Outside a browser only (Node, workers, SSR): the value of the `neptun-session` cookie, sent as
     * `Cookie: neptun-session=<value>`. It is a secret: it never appears in an error. In a browser
     * this is an `invalidArgument` error: there the browser sends the HttpOnly cookie itself.
     */
    sessionCookie?: string;
    /**
     * The fetch `credentials` mode. Default `"include"` (send the session cookie, also cross-origin).
     */
    credentials?: Credentials;
    /**
     * Largest response body to read, in bytes: an integer from 1 to 536870888. Default `67108864`
     * (64 MiB). A longer body ends the call with kind `"invalidResponse"` as soon as it is known:
     * from `Content-Length` before reading, otherwise while reading.
     */
    maxBodyBytes?: number;
}

/**
 * The author of a message.
 */
export type Actor = "user" | "assistant" | "system";

/**
 * The body of a successful `GET /api/users/{user_id}/chats/{chat_id}/messages`.
 */
export interface GetChatMessagesResponse {
    /**
     * The chat's messages in the server's order (sorted by `updated_at`, oldest first).
     */
    chatMessages: ChatMessage[];
}

/**
 * The fetch `credentials` mode.
 */
export type Credentials = "include" | "same-origin" | "omit";

/**
 * What went wrong, as a closed set: `switch (err.kind)` in TypeScript is checked for exhaustiveness.
 */
export type ErrorKind = "invalidArgument" | "unauthorized" | "forbidden" | "notFound" | "badRequest" | "rateLimited" | "server" | "http" | "network" | "timeout" | "aborted" | "invalidResponse" | "wasmLoad";


/**
 * Validates a body obtained elsewhere (SSR, a cache) for chat `chatId`, as `getChatMessages` does.
 *
 * Throws a `NeptunError`: `invalidArgument` for a bad `body` type or `chatId`, `invalidResponse`
 * (with `path`) for a body that fails the contract, `server` for `{"chatMessages": null}`.
 */
export function parseChatMessages(body: string | Uint8Array, chatId: number): GetChatMessagesResponse;

/**
 * A client with default options for every call (per-call options override them).
 */
export class NeptunClient {
    /**
     * Like the free `getChatMessages`, with this client's options as defaults.
     */
    getChatMessages(userId: number, chatId: number, options?: GetChatMessagesOptions): Promise<GetChatMessagesResponse>;
    /**
     * Creates a client. Bad options are a `NeptunError` of kind `invalidArgument`: thrown here once
     * the module is loaded (always in Node), else the first call rejects with it.
     */
    constructor(options?: GetChatMessagesOptions);
}

/**
 * Fetches the messages of chat `chatId` of user `userId`, validated against the contract.
 *
 * Resolves to exactly what the server sent, or rejects with a `NeptunError`.
 */
export function getChatMessages(userId: number, chatId: number, options?: GetChatMessagesOptions): Promise<GetChatMessagesResponse>;

/**
 * The one error type of neptun-client: a real `Error` with `name === "NeptunError"`.
 * `switch (err.kind)` is checked by the compiler. The session cookie never appears in it.
 */
export interface NeptunError extends Error {
    name: "NeptunError";
    /**
     * What went wrong: `"invalidArgument"` (bad id or option, no request made) · `"unauthorized"` (401) ·
     * `"forbidden"` (403) · `"notFound"` (404) · `"badRequest"` (400) · `"rateLimited"` (429) ·
     * `"server"` (5xx, or `chatMessages: null`) · `"http"` (another status) · `"network"` (no response:
     * unreachable, offline, CORS) · `"timeout"` · `"aborted"` (your signal) · `"invalidResponse"` (the body
     * breaks the contract; `path` says where) · `"wasmLoad"` (the WebAssembly module could not be loaded).
     */
    kind: ErrorKind;
    /** The HTTP status, for errors that come from a response. */
    status?: number;
    /** The server's `statusMessage`, or the HTTP reason phrase. */
    statusMessage?: string;
    /** The server's own explanation (`data.message`, `message` or the first Zod issue), at most 300 characters. */
    serverMessage?: string;
    /** For `invalidResponse`: the JSON path of the first problem, e.g. `chatMessages[3].updated_at` (`""`: the whole body). */
    path?: string;
    /** How long the server asked to wait (`Retry-After`), in milliseconds. */
    retryAfterMs?: number;
}

/**
 * Is `value` a `NeptunError` (an `Error` named `"NeptunError"` with a `kind`)? Works before the
 * WebAssembly module has loaded.
 */
export function isNeptunError(value: unknown): value is NeptunError;

/**
 * Where `init` finds the WebAssembly module (`neptun_client_bg.wasm`): its URL, its bytes, a compiled
 * `WebAssembly.Module`, or a `Response` (or a promise of one) from `fetch`.
 */
export type WasmSource = string | URL | ArrayBuffer | ArrayBufferView | object;

/**
 * Loads the WebAssembly module now, once. Optional: every call loads it by itself on first use.
 * Call it to preload, or to pass the module yourself (custom hosting, a strict CSP). Rejects with a
 * `NeptunError` of kind `"wasmLoad"` that says what failed; a later call tries again.
 */
export function init(source?: WasmSource): Promise<void>;

/**
 * Loads the WebAssembly module synchronously from its bytes or a compiled `WebAssembly.Module`. In
 * Node (and with `neptun-client/inline`) `source` is optional. Throws a `"wasmLoad"` `NeptunError`.
 */
export function initSync(source?: ArrayBuffer | ArrayBufferView | object): void;

export default init;
