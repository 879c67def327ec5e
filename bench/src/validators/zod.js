// zod 4: the contract as a zod schema (z.object strips unknown keys and returns new objects).
import * as z from 'zod';
import { withContract } from './common.js';

export function makeZod(chatId) {
  const id = z.int().positive(); // z.int(): a safe integer
  const timestamp = z.iso.datetime({ offset: true });
  const requestedChat = z.literal(chatId);
  const file = z.object({
    id,
    title: z.string(),
    text: z.string(),
    language: z.string(),
    extension: z.string(),
    neptun_user_id: id,
    chat_conversation_id: requestedChat,
    chat_conversation_message_id: id,
    created_at: timestamp,
    updated_at: timestamp,
  });
  const message = z.object({
    id,
    message: z.string(),
    actor: z.enum(['user', 'assistant', 'system']),
    created_at: timestamp,
    updated_at: timestamp,
    neptun_user_id: id.nullish(),
    chat_conversation_id: requestedChat,
    files: z.array(file).nullish(),
  });
  const root = z.object({ chatMessages: z.array(message) });
  return withContract((value) => root.parse(value));
}
