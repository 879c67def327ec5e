// The dev server's route table: every route of the server in one list, matched in order. A route is
// `{ method, path, handle(ctx, params) }`; `path` is a string (exact match) or a RegExp whose named
// groups become `params`. A path that matches with another method is a 405 listing the allowed ones;
// a path no route matches goes to `fallback`.

import { methodNotAllowed } from './respond.mjs';
import { devRoutes } from './routes/dev.mjs';
import { authRoutes } from './routes/auth.mjs';
import { messageRoutes } from './routes/messages.mjs';

export const routes = [...devRoutes, ...authRoutes, ...messageRoutes];

function match(pattern, pathname) {
  if (typeof pattern === 'string') return pattern === pathname ? {} : null;
  const m = pattern.exec(pathname);
  return m ? { ...m.groups } : null;
}

/** `(ctx, pathname) => Promise<result>` over `table`. */
export function router(table, fallback) {
  return async (ctx, pathname) => {
    const allowed = [];
    for (const route of table) {
      const params = match(route.path, pathname);
      if (!params) continue;
      if (route.method === ctx.req.method) return route.handle(ctx, params);
      allowed.push(route.method);
    }
    if (allowed.length) return methodNotAllowed([...allowed, 'OPTIONS'].join(', '));
    return fallback(ctx, pathname);
  };
}
