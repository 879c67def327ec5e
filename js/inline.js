// neptun-client with the WebAssembly module inlined (base64) in the JavaScript: for bundlers that
// do not emit `new URL('…', import.meta.url)` assets (esbuild) and classic scripts. About 15 KB
// larger (gzipped) than the default entry.
import wasmBase64 from './neptun_client_bg.wasm.base64.js';
import { createApi } from './api.js';

export { isNeptunError } from './errors.js';

function locateSync() {
  const text = atob(wasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export const { init, initSync, getChatMessages, parseChatMessages, NeptunClient } = createApi(
  async (source) => source ?? locateSync(),
  locateSync,
);
export default init;
