-- One row per chat: the dialog state, stored as an opaque blob the store never reads.
-- chat_key is the HMAC of the channel and chat id (see Keyer); the raw id is never stored.
-- updated_at is unix seconds from DB.Now, used by ExpireSessions.
CREATE TABLE sessions (
	chat_key   TEXT    PRIMARY KEY,
	state      BLOB    NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX sessions_updated_at ON sessions (updated_at);
