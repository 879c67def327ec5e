// The API under test, GET /api/users/{user_id}/chats/{chat_id}/messages, and the chat list the demo
// page needs, GET /api/users/{user_id}/chats. Both behave like the real server, in its order:
// 1. no or unknown session            → 401, Nitro envelope (statusMessage "Server Error")
// 2. an id that `Number()` does not
//    make a positive integer           → 400, h3 envelope with a ZodError
// 3. an id above 2^31−1 (int4)         → 500, Nitro envelope (the database refuses it)
// 4. another user's id, someone else's
//    chat or a chat that does not exist → 401, h3 envelope ("Unauthorized.", never 404)
// 5. 200 `{ chatMessages: [...] }`, the rows sorted by updated_at ascending.

import { chatById, chatsOf, messagesOf } from '../seed.mjs';
import { json, nitroError, h3Error, zodError, decodeSegment } from '../respond.mjs';
import { sessionUser } from './auth.mjs';

const INT4_MAX = 2 ** 31 - 1;

/** zod v3's issues for `z.number().int().positive()` applied to `Number(param)`. */
function idIssues(name, n) {
  if (Number.isNaN(n)) {
    return [{ code: 'invalid_type', expected: 'number', received: 'nan', path: [name], message: 'Expected number, received nan' }];
  }
  const issues = [];
  if (!Number.isInteger(n)) {
    issues.push({ code: 'invalid_type', expected: 'integer', received: 'float', path: [name], message: 'Expected integer, received float' });
  }
  if (!(n > 0)) {
    issues.push({ code: 'too_small', minimum: 0, type: 'number', inclusive: false, exact: false, path: [name], message: 'Number must be greater than 0' });
  }
  return issues;
}

/** Steps 1 to 3 and the user part of 4. Returns `{ error }` or `{ user, ids }`. */
function guard(ctx, params) {
  const user = sessionUser(ctx.state, ctx.req);
  if (!user) return { error: nitroError(ctx, 401, 'Server Error', 'Unauthorized') };
  const ids = {};
  const issues = [];
  for (const [name, raw] of Object.entries(params)) {
    ids[name] = Number(decodeSegment(raw));
    issues.push(...idIssues(name, ids[name]));
  }
  if (issues.length) return { error: zodError(issues) };
  for (const name of Object.keys(params)) {
    if (ids[name] > INT4_MAX) {
      return { error: nitroError(ctx, 500, 'Server Error', `value "${ids[name]}" is out of range for type integer`) };
    }
  }
  if (ids.user_id !== user.id) return { error: h3Error(401, 'Unauthorized.') };
  return { user, ids };
}

function chats(ctx, params) {
  const g = guard(ctx, params);
  if (g.error) return g.error;
  return json(200, { chats: chatsOf(g.user.id) });
}

function messages(ctx, params) {
  const g = guard(ctx, params);
  if (g.error) return g.error;
  const chat = chatById(g.ids.chat_id);
  if (!chat || chat.neptun_user_id !== g.user.id) return h3Error(401, 'Unauthorized.');
  const rows = messagesOf(chat.id); // sorted by updated_at ascending
  return { ...json(200, { chatMessages: rows }), rows };
}

export const messageRoutes = [
  { method: 'GET', path: /^\/api\/users\/(?<user_id>[^/]+)\/chats$/, handle: chats },
  { method: 'GET', path: /^\/api\/users\/(?<user_id>[^/]+)\/chats\/(?<chat_id>[^/]+)\/messages$/, handle: messages },
];
