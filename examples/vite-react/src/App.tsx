import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getChatMessages, isNeptunError, type ChatMessage, type ErrorKind } from 'neptun-client';

/** The seeded dev account's user id and chats (a real app gets them from its session). */
const USER_ID = 1;
const CHATS = [
  { id: 1, name: 'Getting started with Neptun' },
  { id: 2, name: 'Empty chat' },
  { id: 3, name: 'Long chat' },
  { id: 4, name: 'Chat with files' },
] as const;

export function App() {
  const [chatId, setChatId] = useState<number>(CHATS[0].id);
  return (
    <main>
      <header>
        <h1>Neptun chat</h1>
        <label>
          Chat{' '}
          <select id="chat-picker" value={chatId} onChange={(e) => setChatId(Number(e.target.value))}>
            {CHATS.map((chat) => (
              <option key={chat.id} value={chat.id}>
                {chat.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ChatView chatId={chatId} />
    </main>
  );
}

function ChatView({ chatId }: { chatId: number }) {
  const query = useQuery({
    queryKey: ['chat-messages', USER_ID, chatId],
    // `signal` aborts the request when the query is cancelled (e.g. the chat view goes away).
    // baseUrl '' = same origin: the page is served next to the Neptun API, which owns the cookie.
    queryFn: ({ signal }) => getChatMessages(USER_ID, chatId, { baseUrl: '', signal }),
  });

  if (query.isPending) {
    return <section id="chat" data-state="loading" data-chat={chatId}>Loading messages…</section>;
  }
  if (query.isError) {
    return (
      <section id="chat" data-state="error" data-chat={chatId}>
        <ErrorView error={query.error} retrying={query.isFetching} onRetry={() => void query.refetch()} />
      </section>
    );
  }
  const messages = query.data.chatMessages;
  if (messages.length === 0) {
    return <section id="chat" data-state="empty" data-chat={chatId}>No messages in this chat yet.</section>;
  }
  return (
    <section id="chat" data-state="ready" data-chat={chatId}>
      <ol className="messages">
        {messages.map((m) => (
          <Message key={m.id} message={m} />
        ))}
      </ol>
    </section>
  );
}

function Message({ message }: { message: ChatMessage }) {
  return (
    <li className={`message ${message.actor}`} data-id={message.id}>
      <div className="actor">{message.actor}</div>
      <div className="text">{message.message}</div>
      {message.files?.length ? (
        <ul className="files">
          {message.files.map((f) => (
            <li key={f.id}>{f.title}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A title per error kind; the compiler checks that every kind is handled. */
function titleOf(kind: ErrorKind): string {
  switch (kind) {
    case 'unauthorized': return 'Please sign in';
    case 'forbidden': return 'You may not read this chat';
    case 'notFound': return 'No such chat';
    case 'badRequest': return 'The server rejected the chat id';
    case 'rateLimited': return 'Too many requests — wait a moment';
    case 'server': return 'The server is having trouble';
    case 'http': return 'Unexpected answer from the server';
    case 'network': return 'Cannot reach the server';
    case 'timeout': return 'The server took too long';
    case 'aborted': return 'Cancelled';
    case 'invalidResponse': return 'The server sent something unexpected';
    case 'invalidArgument': return 'Bug: invalid arguments';
    case 'wasmLoad': return 'The client could not load';
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

function ErrorView({ error, retrying, onRetry }: { error: Error; retrying: boolean; onRetry: () => void }) {
  if (!isNeptunError(error)) {
    return <div className="error" data-kind="unknown" role="alert">Unexpected error: {error.message}</div>;
  }
  return (
    <div className="error" data-kind={error.kind} role="alert">
      <h2>{titleOf(error.kind)}</h2>
      <p className="error-message">{error.message}</p>
      {error.kind === 'unauthorized' ? (
        <SignInForm />
      ) : (
        <button id="retry" type="button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </div>
  );
}

/** Signs in on the same origin; the server answers with the HttpOnly `neptun-session` cookie. */
function SignInForm() {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem('');
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
      });
      if (!response.ok) {
        setProblem(response.status === 401 ? 'Wrong email or password.' : `Sign-in failed (HTTP ${response.status}).`);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: ['chat-messages'] });
    } catch {
      setProblem('Cannot reach the server.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form id="sign-in" onSubmit={(e) => void submit(e)}>
      <input name="email" type="email" placeholder="demo@neptun.dev" autoComplete="username" required />
      <input name="password" type="password" placeholder="password" autoComplete="current-password" required />
      <button type="submit" disabled={busy}>Sign in</button>
      {problem ? <p className="problem">{problem}</p> : null}
    </form>
  );
}
