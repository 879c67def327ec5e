// valibot 1: the contract as a valibot schema (v.object strips unknown keys and returns new objects).
import * as v from 'valibot';
import { withContract } from './common.js';

export function makeValibot(chatId) {
  const id = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
  const timestamp = v.pipe(v.string(), v.isoTimestamp());
  const requestedChat = v.literal(chatId);
  const file = v.object({
    id,
    title: v.string(),
    text: v.string(),
    language: v.string(),
    extension: v.string(),
    neptun_user_id: id,
    chat_conversation_id: requestedChat,
    chat_conversation_message_id: id,
    created_at: timestamp,
    updated_at: timestamp,
  });
  const message = v.object({
    id,
    message: v.string(),
    actor: v.picklist(['user', 'assistant', 'system']),
    created_at: timestamp,
    updated_at: timestamp,
    neptun_user_id: v.nullish(id),
    chat_conversation_id: requestedChat,
    files: v.nullish(v.array(file)),
  });
  const root = v.object({ chatMessages: v.array(message) });
  const config = { abortEarly: true };
  return withContract((value) => v.parse(root, value, config));
}
