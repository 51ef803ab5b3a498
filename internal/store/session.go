package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// chatTables lists every table that holds rows about a chat, each keyed by a chat_key
// column. DeleteChat erases a chat from all of them. A migration that adds such a table
// must add it here too (a test checks that every table with a chat_key column is listed).
// The schools table names its staff chat in an owner column instead: deleteChat keeps the
// school rows (pupils still use the codes) and sets their owner to NULL.
var chatTables = []string{
	"inbox",
	"message_ids",
	"outbox",
	"sessions",
}

// LoadSession returns the saved dialog state of the chat with the given chat key.
// ok is false, with a nil error, if the chat has no session. The caller owns the
// returned slice.
func (db *DB) LoadSession(ctx context.Context, key string) (state []byte, ok bool, err error) {
	if key == "" {
		return nil, false, errors.New("store: load session: empty chat key")
	}
	err = db.rd.QueryRowContext(ctx, `SELECT state FROM sessions WHERE chat_key = ?`, key).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: load session: %w", err)
	}
	if state == nil {
		state = []byte{}
	}
	return state, true, nil
}

// SaveSession stores the dialog state of the chat with the given chat key, replacing any
// earlier state, and marks the session as active at db.Now(). state is opaque to the
// store and must not contain message text or anything that identifies a person.
func (db *DB) SaveSession(ctx context.Context, key string, state []byte) error {
	if key == "" {
		return errors.New("store: save session: empty chat key")
	}
	if state == nil {
		state = []byte{} // go-sqlite3 binds a nil slice as NULL, and state is NOT NULL
	}
	_, err := db.db.ExecContext(ctx, `
		INSERT INTO sessions (chat_key, state, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (chat_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		key, state, db.Now().Unix())
	if err != nil {
		return fmt.Errorf("store: save session: %w", err)
	}
	return nil
}

// DeleteChat erases everything the store holds about the chat with the given chat key,
// from every table in one transaction: either all of it goes or none does. Deleting a
// chat the store does not know is not an error.
func (db *DB) DeleteChat(ctx context.Context, key string) error {
	if key == "" {
		return errors.New("store: delete chat: empty chat key")
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		return deleteChat(ctx, tx, key)
	})
	if err != nil {
		return fmt.Errorf("store: delete chat: %w", err)
	}
	return nil
}

// ExpireSessions deletes every session that has not been saved for longer than idle,
// measured with db.Now(), and returns how many it deleted. idle must be positive.
// Timestamps have one-second resolution.
//
// Expiry leaves school codes owned by their staff chat (schools.owner): staff come back
// after long pauses (holidays, a new school year) and must still see and retire their
// codes. Only erasing the chat (DeleteChat, TurnResult.Forget) detaches them.
func (db *DB) ExpireSessions(ctx context.Context, idle time.Duration) (int64, error) {
	if idle <= 0 {
		return 0, fmt.Errorf("store: expire sessions: idle must be positive, got %v", idle)
	}
	cutoff := db.Now().Add(-idle).Unix()
	res, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE updated_at < ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("store: expire sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: expire sessions: %w", err)
	}
	return n, nil
}

// CountSessions returns how many sessions are stored.
func (db *DB) CountSessions(ctx context.Context) (int64, error) {
	var n int64
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count sessions: %w", err)
	}
	return n, nil
}

// deleteChat erases a chat inside a transaction. Inbox rows are emptied rather than
// deleted: their update id alone, with nothing about the chat, stays so a redelivered
// update is still recognised as seen. School codes the chat made keep working but lose
// their owner, so nothing links the chat to them any more.
func deleteChat(ctx context.Context, tx *sql.Tx, key string) error {
	for _, table := range chatTables {
		q := `DELETE FROM ` + table + ` WHERE chat_key = ?` // table comes from the fixed list above
		if table == "inbox" {
			q = `UPDATE inbox SET chat_key = '', chat = x'', event = x'', done_at = coalesce(done_at, 0) WHERE chat_key = ?`
		}
		if _, err := tx.ExecContext(ctx, q, key); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schools SET owner = NULL WHERE owner = ?`, key); err != nil {
		return fmt.Errorf("schools: %w", err)
	}
	return nil
}
