// Prints the messages of a Neptun chat as JSON, from Node 20+ (no browser, so no cookie jar: the
// session cookie's value is passed as `sessionCookie`). No init step, no path to the .wasm.
//
//   NEPTUN_BASE_URL=http://127.0.0.1:3000 NEPTUN_SESSION=<neptun-session cookie value> \
//     node print-messages.mjs [chatId] [userId]
import { getChatMessages, isNeptunError } from 'neptun-client';

const baseUrl = process.env.NEPTUN_BASE_URL ?? 'https://neptun-webui.vercel.app';
const sessionCookie = process.env.NEPTUN_SESSION;
const chatId = Number(process.argv[2] ?? 1);
const userId = Number(process.argv[3] ?? 1);

try {
  const { chatMessages } = await getChatMessages(userId, chatId, { baseUrl, sessionCookie });
  console.log(JSON.stringify(chatMessages, null, 2));
  console.error(`${chatMessages.length} messages in chat ${chatId}`);
} catch (err) {
  if (!isNeptunError(err)) throw err;
  console.error(`neptun-client error (${err.kind}): ${err.message}`);
  if (err.kind === 'unauthorized') console.error('Set NEPTUN_SESSION to the value of your neptun-session cookie.');
  process.exitCode = 1;
}
