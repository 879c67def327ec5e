// neptun-client for Node (and Vitest, SSR): the WebAssembly module is read from the package's own
// file, synchronously on first use (no fetch of a file: URL).
import { readFileSync } from 'node:fs';
import { createApi } from './api.js';
import { describe, wasmLoadError } from './errors.js';

export { isNeptunError } from './errors.js';

function locateSync() {
  const file = new URL('./neptun_client_bg.wasm', import.meta.url);
  try {
    return readFileSync(file);
  } catch (error) {
    throw wasmLoadError(`could not read ${file.pathname} (${describe(error)}): is the package installed completely?`);
  }
}

export const { init, initSync, getChatMessages, parseChatMessages, NeptunClient } = createApi(
  async (source) => source ?? locateSync(),
  locateSync,
);
export default init;
