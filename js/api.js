// The public API over the wasm-bindgen glue (neptun_client.js). The WebAssembly module loads itself
// on first use, once, shared by concurrent first calls; `init()` preloads it or takes the module
// from you. Each entry point (index.js for browsers and bundlers, node.js, inline.js) says how the
// module is found.
import * as glue from './neptun_client.js';
import { describe, wasmLoadError } from './errors.js';
import { fetchChatMessages, readOptions } from './fetch.js';

/**
 * The compiled module from a Response (compiled while it downloads when served as application/wasm),
 * its bytes, or a compiled `WebAssembly.Module`.
 */
async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response === 'function' && source instanceof Response) {
    if (servedAsWasm(source)) return WebAssembly.compileStreaming(source);
    return WebAssembly.compile(await source.arrayBuffer());
  }
  return WebAssembly.compile(source);
}

/** Is `response` served with Content-Type application/wasm (which streaming compilation requires)? */
export function servedAsWasm(response) {
  return (response.headers.get('content-type') ?? '').split(';')[0].trim() === 'application/wasm';
}

/**
 * `locate(source)` resolves to a Response, bytes or a Module (see `compile`), `source` being what
 * the caller passed to `init()`, if anything. `locateSync()` returns the bytes for a synchronous
 * load, where the runtime allows one (Node, the inline build); browsers have none.
 */
export function createApi(locate, locateSync) {
  let ready = false;
  let loading;

  const instantiated = (error) =>
    wasmLoadError(`could not instantiate neptun_client_bg.wasm: ${describe(error)}`);

  function init(source) {
    if (ready) return Promise.resolve();
    loading ??= (async () => {
      const found = await locate(source);
      try {
        glue.initSync(await compile(found));
      } catch (error) {
        throw instantiated(error);
      }
      ready = true;
    })().catch((error) => {
      loading = undefined; // a later call tries again
      throw error;
    });
    return loading;
  }

  function initSync(source) {
    if (ready) return;
    const module = source ?? locateSync?.();
    if (module === undefined) {
      throw wasmLoadError(
        'this build loads neptun_client_bg.wasm asynchronously: await init() once before synchronous ' +
          'calls (getChatMessages loads it by itself)',
      );
    }
    try {
      glue.initSync(module);
    } catch (error) {
      throw instantiated(error);
    }
    ready = true;
  }

  // A client's options, read once and checked.
  const checked = (options) => {
    const given = readOptions(options);
    glue.checkOptions(given);
    return given;
  };
  // A call's request; the module checks the ids before it reads the options, so that a call with a
  // bad id runs no option getter.
  const request = (client, userId, chatId, options) => glue.request(client, userId, chatId, () => readOptions(options));
  const defaults = {}; // the client options of the free getChatMessages: none

  // Async: a bad id or option rejects (the request is made, and the options read, synchronously
  // once the module is loaded).
  async function getChatMessages(userId, chatId, options) {
    if (!ready) await init();
    return fetchChatMessages(glue, request(defaults, userId, chatId, options));
  }

  function parseChatMessages(body, chatId) {
    initSync();
    return glue.parseChatMessages(body, chatId);
  }

  class NeptunClient {
    #options;
    #client;

    constructor(options) {
      this.#options = options;
      // Checks the options now where the module can load synchronously (Node, or after init());
      // otherwise the first call does, and rejects with the same invalidArgument error.
      if (ready || locateSync) {
        initSync();
        this.#client = checked(options);
      }
    }

    async getChatMessages(userId, chatId, options) {
      if (!this.#client) {
        await init();
        this.#client ??= checked(this.#options);
      }
      return fetchChatMessages(glue, request(this.#client, userId, chatId, options));
    }
  }

  return { init, initSync, getChatMessages, parseChatMessages, NeptunClient };
}
