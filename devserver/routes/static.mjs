// Static files for the demo page and the browser tests: URL prefix → directory, longest prefix first,
// `index.html` for a directory, `Cache-Control: no-store`, and no way out of a mounted directory.

import fsp from 'node:fs/promises';
import path from 'node:path';
import { notFound, methodNotAllowed, badPath, decodeSegment } from '../respond.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

function mimeOf(file) {
  if (file.endsWith('.d.ts')) return 'text/plain; charset=utf-8';
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True when a raw request path tries to climb out of its directory (`..`, encoded or not). */
export function isTraversal(rawPath) {
  return decodeSegment(rawPath).split(/[/\\]/).includes('..') || rawPath.split('/').some((s) => /^(\.|%2e){2}$/i.test(s));
}

/**
 * A handler serving `staticDirs` (URL prefix → directory, relative to the working directory).
 * @returns {(method: string, pathname: string) => Promise<object>} a result
 */
export function staticFiles(staticDirs) {
  const mounts = Object.entries(staticDirs)
    .map(([prefix, dir]) => [prefix === '/' ? '/' : '/' + prefix.replace(/^\/+|\/+$/g, ''), path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);

  return async function serveStatic(method, pathname) {
    const mount = mounts.find(([prefix]) => prefix === '/' || pathname === prefix || pathname.startsWith(prefix + '/'));
    if (!mount) return notFound();
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed('GET, HEAD, OPTIONS');
    const [prefix, root] = mount;
    const decoded = decodeSegment(prefix === '/' ? pathname : pathname.slice(prefix.length));
    if (decoded.includes('\0') || decoded.split(/[/\\]/).includes('..')) return badPath();
    let file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return badPath();
    try {
      let st = await fsp.stat(file);
      if (st.isDirectory()) {
        file = path.join(file, 'index.html');
        st = await fsp.stat(file);
      }
      if (!st.isFile()) return notFound();
      const data = await fsp.readFile(file);
      return { status: 200, headers: { 'Content-Type': mimeOf(file), 'Cache-Control': 'no-store' }, body: data };
    } catch {
      return notFound();
    }
  };
}
