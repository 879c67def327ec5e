
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
