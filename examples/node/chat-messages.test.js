// Vitest (node environment) against a Neptun server: NEPTUN_BASE_URL, and either NEPTUN_SESSION or the
// demo account's credentials in NEPTUN_EMAIL / NEPTUN_PASSWORD (the test signs in itself).
import { beforeAll, describe, expect, test } from 'vitest';
import { getChatMessages, isNeptunError, NeptunClient } from 'neptun-client';

const baseUrl = process.env.NEPTUN_BASE_URL;
let sessionCookie = process.env.NEPTUN_SESSION;

beforeAll(async () => {
  if (!baseUrl) throw new Error('set NEPTUN_BASE_URL to the Neptun server, e.g. http://127.0.0.1:3000');
  if (sessionCookie) return;
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: process.env.NEPTUN_EMAIL, password: process.env.NEPTUN_PASSWORD }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('neptun-session='));
  if (!response.ok || !cookie) throw new Error(`sign-in failed: HTTP ${response.status}; set NEPTUN_SESSION or NEPTUN_EMAIL/NEPTUN_PASSWORD`);
  sessionCookie = cookie.slice('neptun-session='.length).split(';')[0];
});

describe('getChatMessages in Vitest (node environment)', () => {
  test('reads a chat with the session cookie', async () => {
    const { chatMessages } = await getChatMessages(1, 1, { baseUrl, sessionCookie });
    expect(chatMessages.length).toBeGreaterThan(0);
    for (const m of chatMessages) {
      expect(m.chat_conversation_id).toBe(1);
      expect(['user', 'assistant', 'system']).toContain(m.actor);
      expect(typeof m.message).toBe('string');
    }
  });

  test('a client with defaults reads the same chat', async () => {
    const client = new NeptunClient({ baseUrl, sessionCookie });
    const a = await client.getChatMessages(1, 1);
    const b = await getChatMessages(1, 1, { baseUrl, sessionCookie });
    expect(a).toEqual(b);
  });

  test('without the cookie the error is typed: unauthorized', async () => {
    const err = await getChatMessages(1, 1, { baseUrl, retries: 0 }).catch((e) => e);
    expect(isNeptunError(err)).toBe(true);
    expect(err.kind).toBe('unauthorized');
    expect(err.status).toBe(401);
  });

  test('bad ids are rejected before any request', async () => {
    const err = await getChatMessages(0, 1, { baseUrl, sessionCookie }).catch((e) => e);
    expect(isNeptunError(err) && err.kind).toBe('invalidArgument');
  });
});
