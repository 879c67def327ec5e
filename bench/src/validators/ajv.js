// ajv 8: the contract as a JSON Schema, compiled (with ajv-formats' full `date-time`). Validates in
// place and returns the parsed value.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BenchRejection, MAX_SAFE_INTEGER, withContract } from './common.js';

let ajv;

export function makeAjv(chatId) {
  ajv ??= addFormats(new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }), { mode: 'full', formats: ['date-time'] });
  const id = { type: 'integer', minimum: 1, maximum: MAX_SAFE_INTEGER };
  const timestamp = { type: 'string', format: 'date-time' };
  const requestedChat = { const: chatId };
  const file = {
    type: 'object',
    required: ['id', 'title', 'text', 'language', 'extension', 'neptun_user_id', 'chat_conversation_id', 'chat_conversation_message_id', 'created_at', 'updated_at'],
    properties: {
      id,
      title: { type: 'string' },
      text: { type: 'string' },
      language: { type: 'string' },
      extension: { type: 'string' },
      neptun_user_id: id,
      chat_conversation_id: requestedChat,
      chat_conversation_message_id: id,
      created_at: timestamp,
      updated_at: timestamp,
    },
  };
  const message = {
    type: 'object',
    required: ['id', 'message', 'actor', 'created_at', 'updated_at', 'chat_conversation_id'],
    properties: {
      id,
      message: { type: 'string' },
      actor: { enum: ['user', 'assistant', 'system'] },
      created_at: timestamp,
      updated_at: timestamp,
      neptun_user_id: { type: ['integer', 'null'], minimum: 1, maximum: MAX_SAFE_INTEGER },
      chat_conversation_id: requestedChat,
      files: { type: ['array', 'null'], items: file },
    },
  };
  const validate = ajv.compile({
    type: 'object',
    required: ['chatMessages'],
    properties: { chatMessages: { type: 'array', items: message } },
  });
  return withContract((value) => {
    if (validate(value)) return value;
    const e = validate.errors[0];
    throw new BenchRejection('invalid', e.instancePath, e.message);
  });
}
