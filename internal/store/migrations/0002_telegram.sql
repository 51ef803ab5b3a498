-- Durability for the Telegram channel. No table holds message text, a name, a username or
-- a plain chat id: chats are chat keys (HMAC), and the chat id needed to send a reply is
-- sealed (AES-GCM under the same secret) and kept only while a reply waits.

-- Updates stored before Telegram is told we have them. event is the minimised event
-- (kind, button data, command, what the rules understood), never the text itself.
CREATE TABLE inbox (
	update_id   INTEGER PRIMARY KEY,
	chat_key    TEXT NOT NULL,
	chat        BLOB NOT NULL,
	event       BLOB NOT NULL,
	received_at INTEGER NOT NULL,
	done_at     INTEGER
);
CREATE INDEX inbox_pending ON inbox (done_at, update_id);
CREATE INDEX inbox_chat ON inbox (chat_key);

-- Replies and other calls waiting to be made, in order per chat. params is the Bot API
-- call's parameters: Lantern's own scripted text, never the person's.
CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	chat_key   TEXT NOT NULL,
	chat       BLOB NOT NULL,
	method     TEXT NOT NULL,
	params     BLOB NOT NULL,
	not_before INTEGER NOT NULL, -- unix milliseconds
	attempts   INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX outbox_chat ON outbox (chat_key, id);

-- Ids of the messages of a chat, both directions, kept only so /clear can delete them and
-- only for the 48 hours Telegram lets a bot delete messages.
CREATE TABLE message_ids (
	chat_key   TEXT NOT NULL,
	message_id INTEGER NOT NULL,
	at         INTEGER NOT NULL,
	PRIMARY KEY (chat_key, message_id)
);
CREATE INDEX message_ids_at ON message_ids (at);

-- Small named counters: the getUpdates offset.
CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

-- The person blocked the bot (Telegram answered 403): nothing more is sent until they
-- write again.
ALTER TABLE sessions ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
