import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// neptun-client needs no configuration here. The proxy only makes the dev server same-origin with
// the Neptun API (its session cookie is HttpOnly + SameSite=Lax): `npm run dev` forwards /api to
// NEPTUN_API_URL. The built dist/ is meant to be served by the Neptun server itself.
export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1', // not localhost: the cookie belongs to the host name it was set for
    proxy: { '/api': process.env.NEPTUN_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
