//! The contract's wire types: what `getChatMessages` resolves to.
//!
//! Field names mirror the server's JSON (`snake_case` rows of the Postgres tables). The TypeScript
//! declarations in `pkg/neptun_client.d.ts` are generated from these types by tsify, and the doc
//! comments below become their JSDoc.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// The body of a successful `GET /api/users/{user_id}/chats/{chat_id}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct GetChatMessagesResponse {
    /// The chat's messages in the server's order (sorted by `updated_at`, oldest first).
    #[serde(rename = "chatMessages")]
    pub chat_messages: Vec<ChatMessage>,
}

/// One message of a chat conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct ChatMessage {
    /// The message's id (a positive integer).
    pub id: u64,
    /// The message text: any Unicode, usually Markdown with code fences; can be tens of KB.
    /// (The endpoint document's example calls it `content`; that spelling is accepted on input.)
    #[serde(alias = "content")]
    pub message: String,
    /// Who wrote the message. (The endpoint document's example calls it `role`; accepted on input.)
    #[serde(alias = "role")]
    pub actor: Actor,
    /// When the message was created: an RFC 3339 timestamp such as `"2024-03-20T10:00:00.000Z"`.
    pub created_at: String,
    /// When the message was last updated: an RFC 3339 timestamp; the server sorts by it.
    pub updated_at: String,
    /// The id of the user who owns the chat. Sent by the real server, absent from the document's model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub neptun_user_id: Option<u64>,
    /// The chat this message belongs to: always the requested chat (checked by the client).
    pub chat_conversation_id: u64,
    /// Files attached to the message. This endpoint's server does not send them today; when present
    /// they are validated like the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub files: Option<Vec<ChatFile>>,
}

/// The author of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Actor {
    /// Written by the person using Neptun.
    User,
    /// Written by the AI assistant.
    Assistant,
    /// A system message (named by the endpoint document's notes; not in the server's enum today).
    System,
}

/// A file attached to a chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct ChatFile {
    /// The file's id (a positive integer).
    pub id: u64,
    /// The file's title, usually a file name such as `"example.py"`.
    pub title: String,
    /// The file's text content.
    pub text: String,
    /// The language of the content, such as `"python"`.
    pub language: String,
    /// The file extension without the dot, such as `"py"`.
    pub extension: String,
    /// The id of the user who owns the file.
    pub neptun_user_id: u64,
    /// The chat the file belongs to: always the requested chat (checked by the client).
    pub chat_conversation_id: u64,
    /// The message the file is attached to.
    pub chat_conversation_message_id: u64,
    /// When the file was created: an RFC 3339 timestamp.
    pub created_at: String,
    /// When the file was last updated: an RFC 3339 timestamp.
    pub updated_at: String,
}
