// The dev server's command line (run as `node devserver/server.mjs ...`; server.mjs calls `main()`).
// First stdout line: `NEPTUN_DEV_URL=http://127.0.0.1:PORT`, then a banner for people.

import fs from 'node:fs';
import path from 'node:path';
import { startDevServer } from './server.mjs';
import { demoAccount } from './seed.mjs';

const USAGE = `usage: node devserver/server.mjs [--port N] [--host H] [--static PREFIX=DIR ...] [--origin ORIGIN ...] [--log]`;

export function parseArgs(argv) {
  const opts = { staticDirs: {}, allowedOrigins: null, log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') && !a.startsWith('--static=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const next = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--port') {
      const p = Number(next());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be 0..65535');
      opts.port = p;
    } else if (flag === '--host') {
      opts.host = next();
    } else if (flag === '--static' || a.startsWith('--static=')) {
      const v = a.startsWith('--static=') ? a.slice('--static='.length) : next();
      const eq = v.indexOf('=');
      if (eq < 1) throw new Error(`--static expects PREFIX=DIR, got ${v}`);
      opts.staticDirs[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (flag === '--origin') {
      (opts.allowedOrigins ??= []).push(next());
    } else if (flag === '--log') {
      opts.log = true;
    } else if (flag === '--help' || flag === '-h') {
      opts.help = true;
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  return opts;
}

export async function main(argv = process.argv.slice(2)) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  for (const dir of Object.values(opts.staticDirs)) {
    if (!fs.existsSync(dir)) process.stderr.write(`warning: static dir ${dir} does not exist (yet)\n`);
  }
  const srv = await startDevServer(opts);
  const banner = [
    `NEPTUN_DEV_URL=${srv.url}`,
    '',
    `  Neptun dev server listening on ${srv.url}`,
    ...(opts.staticDirs['/'] ? ['', `  ==> Open the demo: ${srv.url}/`, ''] : []),
    `  Demo login: ${demoAccount.email} / ${demoAccount.password}  (user id ${demoAccount.userId}, chats 1-4)`,
    `  Endpoint:   GET ${srv.url}/api/users/1/chats/1/messages`,
    `  Faults:     ${srv.url}/_x/key=k1,fail=503,times=2/api/users/1/chats/1/messages`,
    `  CORS:       ${opts.allowedOrigins ? opts.allowedOrigins.join(', ') : 'any http://127.0.0.1:<port>'}`,
    ...Object.entries(opts.staticDirs).map(([p, d]) => `  Static:     ${p} -> ${path.resolve(d)}`),
    '  Ctrl-C to stop.',
    '',
  ].join('\n');
  process.stdout.write(banner);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
