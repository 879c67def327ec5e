import { defineConfig } from 'vitest/config';

// neptun-client needs no configuration: 'node' is Vitest's default environment, written out here.
export default defineConfig({
  test: { environment: 'node', include: ['*.test.js'] },
});
