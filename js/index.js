// neptun-client for browsers, workers and bundlers: the WebAssembly module is fetched from next to
// this file (`new URL(..., import.meta.url)`, which Vite and webpack emit as an asset).
import { createApi, servedAsWasm } from './api.js';
import { describe, wasmLoadError } from './errors.js';

export { isNeptunError } from './errors.js';

const HOSTING =
  'The file must be served next to the bundle with Content-Type application/wasm. With esbuild import ' +
  "'neptun-client/inline'; with Vite 7 dev add optimizeDeps: { exclude: ['neptun-client'] }; or host the " +
  'file yourself and pass its URL to init(url).';

// The runtime's fetch as it was when the package was imported: a test mock installed later for the
// API calls must not serve (or stall) the module itself.
const fetchAtImport = globalThis.fetch;

async function fetchWasm(url) {
  let response;
  try {
    response = await (fetchAtImport ?? globalThis.fetch)(url);
  } catch (error) {
    throw wasmLoadError(`could not fetch ${url} (${describe(error)}). ${HOSTING}`);
  }
  if (!response.ok) throw wasmLoadError(`fetching ${url} answered HTTP ${response.status}. ${HOSTING}`);
  if (servedAsWasm(response)) return response; // compiled while it downloads
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    const type = response.headers.get('content-type') ?? '';
    throw wasmLoadError(`${url} is not a WebAssembly module (Content-Type "${type}": an HTML fallback page?). ${HOSTING}`);
  }
  return bytes;
}

async function locate(source) {
  if (source !== undefined && typeof source !== 'string' && !(source instanceof URL)) return source;
  let url = source;
  if (url === undefined) {
    try {
      url = new URL('./neptun_client_bg.wasm', import.meta.url);
    } catch (error) {
      throw wasmLoadError(
        `cannot locate neptun_client_bg.wasm: import.meta.url is not available here (${describe(error)}; ` +
          `a classic script, e.g. esbuild --format=iife?). ${HOSTING}`,
      );
    }
  }
  return fetchWasm(url);
}

export const { init, initSync, getChatMessages, parseChatMessages, NeptunClient } = createApi(locate);
export default init;
