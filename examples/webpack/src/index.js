// Renders the messages of chat ?chat=N (default 1) of the signed-in user (id 1 in the dev data).
// The page runs on the Neptun API's origin (served by that server, or through a dev proxy), so baseUrl
// is '' and the browser sends the HttpOnly session cookie.
import { getChatMessages, isNeptunError } from 'neptun-client';

const USER_ID = 1;

async function main() {
  const root = document.getElementById('app');
  const chatId = Number(new URLSearchParams(location.search).get('chat') ?? '1');
  root.dataset.state = 'loading';
  root.textContent = 'Loading messages…';
  try {
    const { chatMessages } = await getChatMessages(USER_ID, chatId, { baseUrl: '' });
    const list = document.createElement('ol');
    list.className = 'messages';
    for (const m of chatMessages) {
      const item = document.createElement('li');
      item.className = 'message ' + m.actor;
      item.dataset.id = String(m.id);
      const actor = document.createElement('div');
      actor.className = 'actor';
      actor.textContent = m.actor;
      const text = document.createElement('div');
      text.className = 'text';
      text.textContent = m.message;
      item.append(actor, text);
      list.append(item);
    }
    root.replaceChildren(list);
    root.dataset.state = chatMessages.length ? 'ready' : 'empty';
  } catch (err) {
    const kind = isNeptunError(err) ? err.kind : 'unknown';
    const message = document.createElement('p');
    message.className = 'error';
    message.setAttribute('role', 'alert');
    message.textContent = kind === 'unauthorized' ? 'Please sign in first.' : 'Could not load the chat: ' + String(err);
    root.replaceChildren(message);
    root.dataset.kind = kind;
    root.dataset.state = 'error';
  }
}

main();
