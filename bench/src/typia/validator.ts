// typia's validator of the messages body (CONTRACT.md rules). `typia generate` turns the
// `typia.createAssert<Root>()` below into plain JS in bench/generated/typia/validator.ts.
// The requested chat id cannot be a type, so it is a custom tag that reads `chat.id` at run time
// (set by bench/src/validators/typia.js before each call).
import typia, { tags } from "typia";

export const chat = { id: 0 };

type Id = number & tags.Type<"uint64"> & tags.Minimum<1> & tags.Maximum<9007199254740991>;
type ChatId = Id &
  tags.TagBase<{
    kind: "requestedChat";
    target: "number";
    value: undefined;
    validate: "$input === chat.id";
    exclusive: false;
  }>;
type Timestamp = string & tags.Format<"date-time">;

export interface ChatFile {
  id: Id;
  title: string;
  text: string;
  language: string;
  extension: string;
  neptun_user_id: Id;
  chat_conversation_id: ChatId;
  chat_conversation_message_id: Id;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChatMessage {
  id: Id;
  message: string;
  actor: "user" | "assistant" | "system";
  created_at: Timestamp;
  updated_at: Timestamp;
  neptun_user_id?: Id | null;
  chat_conversation_id: ChatId;
  files?: ChatFile[] | null;
}

export interface Root {
  chatMessages: ChatMessage[];
}

export const assertRoot = typia.createAssert<Root>();
