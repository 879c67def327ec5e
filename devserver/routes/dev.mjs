// Control routes for tests (not part of Neptun): GET /_dev/health, GET /_dev/requests?key=<id>
// (how many requests a fault key saw, and for each whether it carried a valid session cookie),
// POST /_dev/reset (forget every counter and session).

import { json } from '../respond.mjs';

function requests(ctx) {
  const c = ctx.state.counters.get(ctx.url.searchParams.get('key') ?? '');
  return json(200, { count: c?.count ?? 0, cookies: c ? [...c.cookies] : [] });
}

function reset(ctx) {
  ctx.state.counters.clear();
  ctx.state.sessions.clear();
  return json(200, { ok: true });
}

export const devRoutes = [
  { method: 'GET', path: '/_dev/health', handle: () => json(200, { ok: true }) },
  { method: 'GET', path: '/_dev/requests', handle: requests },
  { method: 'POST', path: '/_dev/reset', handle: reset },
];
