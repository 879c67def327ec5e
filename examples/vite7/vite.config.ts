import { defineConfig } from 'vite';

export default defineConfig({
  // The one line Vite 7 needs: its esbuild dep optimizer would copy neptun-client into
  // node_modules/.vite/deps, away from its .wasm file.
  optimizeDeps: { exclude: ['neptun-client'] },
  // Same origin as the Neptun API in dev (its session cookie is HttpOnly + SameSite=Lax).
  server: {
    host: '127.0.0.1', // not localhost: the cookie belongs to the host name it was set for
    proxy: { '/api': process.env.NEPTUN_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
