package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Update is an incoming update as the inbox keeps it: its id, the chat it belongs to (a chat
// key and the sealed chat id) and the minimised event, which never holds message text.
type Update struct {
	ID      int64
	ChatKey string
	Chat    []byte // sealed chat id
	Event   []byte
}

// Incoming is an update to store, with the id of the person's message (for /clear) when
// there is one.
type Incoming struct {
	Update
	MessageID int
}

// Ingest stores an update before Telegram is told it arrived. It returns false if the update
// was already stored: Telegram may deliver an update twice.
func (db *DB) Ingest(ctx context.Context, u Update, messageID int) (bool, error) {
	fresh, err := db.IngestBatch(ctx, []Incoming{{Update: u, MessageID: messageID}}, "", 0)
	if err != nil {
		return false, err
	}
	return fresh[0], nil
}

// IngestBatch stores a batch of updates in one transaction and, when counter is not empty,
// sets that counter (the getUpdates offset) in the same transaction, so the offset never
// runs ahead of what is stored. fresh[i] is false for an update stored before.
func (db *DB) IngestBatch(ctx context.Context, batch []Incoming, counter string, value int64) ([]bool, error) {
	fresh := make([]bool, len(batch))
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		now := db.Now().Unix()
		for i, in := range batch {
			u := in.Update
			if u.ID <= 0 || u.ChatKey == "" {
				return errors.New("update id and chat key are required")
			}
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO inbox (update_id, chat_key, chat, event, received_at) VALUES (?, ?, ?, ?, ?)`,
				u.ID, u.ChatKey, nonNil(u.Chat), nonNil(u.Event), now)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			fresh[i] = n == 1
			if fresh[i] && in.MessageID > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO message_ids (chat_key, message_id, at) VALUES (?, ?, ?)`,
					u.ChatKey, in.MessageID, now); err != nil {
					return err
				}
			}
		}
		if counter != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET value = excluded.value`, counter, value); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: ingest updates: %w", err)
	}
	return fresh, nil
}

// Pending returns the stored updates whose turn has not run yet, oldest first.
func (db *DB) Pending(ctx context.Context) ([]Update, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT update_id, chat_key, chat, event FROM inbox WHERE done_at IS NULL ORDER BY update_id`)
	if err != nil {
		return nil, fmt.Errorf("store: pending updates: %w", err)
	}
	defer rows.Close()
	var out []Update
	for rows.Next() {
		var u Update
		if err := rows.Scan(&u.ID, &u.ChatKey, &u.Chat, &u.Event); err != nil {
			return nil, fmt.Errorf("store: pending updates: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: pending updates: %w", err)
	}
	return out, nil
}

// Counter returns a named counter (0 if never set).
func (db *DB) Counter(ctx context.Context, name string) (int64, error) {
	var v int64
	err := db.db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: counter %s: %w", name, err)
	}
	return v, nil
}

// Op is one Bot API call a turn wants made, in order, for its chat.
type Op struct {
	Method string
	Params []byte // JSON
}

// Turn is what one turn reads and decides inside its transaction.
type Turn struct {
	tx      *sql.Tx
	ctx     context.Context
	key     string
	now     time.Time
	State   []byte // the saved state (nil if the chat has none)
	Found   bool
	Blocked bool // the person had blocked the bot
}

// MessageIDs returns the ids of the chat's messages from the last 48 hours, oldest first:
// the ones Telegram still lets a bot delete.
func (t *Turn) MessageIDs() ([]int, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT message_id FROM message_ids WHERE chat_key = ? AND at >= ? ORDER BY message_id`,
		t.key, t.now.Add(-MessageIDLifetime).Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// TurnResult is what a turn commits.
type TurnResult struct {
	State      []byte // the new state; ignored when Forget
	Forget     bool   // erase the chat first (then Ops are still queued, e.g. "done")
	ForgetIDs  bool   // drop the chat's message ids (after /clear)
	DropQueued bool   // drop the chat's messages still waiting to be sent (for /clear)
	Ops        []Op
	SealedChat []byte // the chat to send Ops to

	// Counts are added to the aggregate statistics on the turn's UTC day, even when
	// Forget: they hold no one's data.
	Counts []Count
	// NewSchool, if set, is a school code made by this chat (school staff): it is owned
	// by the turn's chat key and created on the turn's day, whatever Owner, Created and
	// Name say (Name stays empty: only an operator names a school). If the code is taken
	// the turn fails, nothing is written, and RunTurn's error wraps ErrSchoolExists (the
	// channel runs the turn again, with a new code).
	NewSchool *School
	// RetireSchool, if set, retires that code, only if the turn's chat made it and it is
	// active; otherwise it does nothing.
	RetireSchool string
}

// MessageIDLifetime is how long message ids are kept: Telegram lets bots delete messages
// for 48 hours.
const MessageIDLifetime = 48 * time.Hour

// RunTurn runs one turn in one transaction: it loads the chat's state, calls fn, and commits
// fn's new state, queues its calls in the outbox, applies its school changes and counts and
// marks the update done (updateID 0 for none), all or nothing. If the update is already
// done, fn is not called and nothing changes. A crash before the commit leaves the update
// pending, to be run again; after it, the replies are in the outbox and will be sent.
func (db *DB) RunTurn(ctx context.Context, updateID int64, key string, fn func(*Turn) (TurnResult, error)) error {
	if key == "" {
		return errors.New("store: run turn: empty chat key")
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx)                     // never interrupt a statement: it would undo the whole group (see Tx)
		t := &Turn{tx: tx, ctx: ctx, key: key, now: db.Now()} // ctx: never cancelled, see above
		if updateID > 0 {
			// A turn that already ran (its update is done) never runs twice.
			var done sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT done_at FROM inbox WHERE update_id = ?`, updateID).Scan(&done)
			if err == nil && done.Valid {
				return nil
			}
		}
		var blocked int
		err := tx.QueryRowContext(ctx, `SELECT state, blocked FROM sessions WHERE chat_key = ?`, key).Scan(&t.State, &blocked)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("load session: %w", err)
		default:
			t.Found, t.Blocked = true, blocked != 0
		}
		res, err := fn(t)
		if err != nil {
			return err
		}
		// Schools first, so that a Forget in the same turn detaches a school it made too.
		if err := applySchools(ctx, tx, key, t.now, res); err != nil {
			return err
		}
		if err := addCounts(ctx, tx, t.now, res.Counts); err != nil {
			return err
		}
		if res.Forget {
			if err := deleteChat(ctx, tx, key); err != nil {
				return fmt.Errorf("forget: %w", err)
			}
		} else {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (chat_key, state, updated_at, blocked) VALUES (?, ?, ?, 0)
				ON CONFLICT (chat_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, blocked = 0`,
				key, nonNil(res.State), t.now.Unix()); err != nil {
				return fmt.Errorf("save session: %w", err)
			}
		}
		if res.DropQueued {
			// Replies not sent yet would appear after the chat was cleared.
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE chat_key = ? AND method = 'sendMessage'`, key); err != nil {
				return fmt.Errorf("drop queued messages: %w", err)
			}
		}
		if res.ForgetIDs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM message_ids WHERE chat_key = ?`, key); err != nil {
				return fmt.Errorf("forget message ids: %w", err)
			}
		}
		for _, op := range res.Ops {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (chat_key, chat, method, params, not_before, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				key, nonNil(res.SealedChat), op.Method, nonNil(op.Params), t.now.UnixMilli(), t.now.Unix()); err != nil {
				return fmt.Errorf("queue %s: %w", op.Method, err)
			}
		}
		if updateID > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE inbox SET done_at = ? WHERE update_id = ?`, t.now.Unix(), updateID); err != nil {
				return fmt.Errorf("mark update done: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: run turn: %w", err)
	}
	return nil
}

// Queue marks an update done and queues calls for its chat, touching no session: for
// chats Lantern answers without a conversation (groups).
func (db *DB) Queue(ctx context.Context, updateID int64, key string, sealedChat []byte, ops []Op) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		now := db.Now()
		for _, op := range ops {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (chat_key, chat, method, params, not_before, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				key, nonNil(sealedChat), op.Method, nonNil(op.Params), now.UnixMilli(), now.Unix()); err != nil {
				return err
			}
		}
		if updateID > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE inbox SET done_at = ? WHERE update_id = ?`, now.Unix(), updateID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: queue: %w", err)
	}
	return nil
}

// Outgoing is a queued Bot API call.
type Outgoing struct {
	ID        int64
	ChatKey   string
	Chat      []byte // sealed chat id
	Method    string
	Params    []byte
	Attempts  int
	NotBefore time.Time
}

// Head returns the oldest queued call of one chat (ok false if the chat has none). Calls of
// a chat are made one at a time, in order, so only the head is ever due.
func (db *DB) Head(ctx context.Context, chatKey string) (Outgoing, bool, error) {
	var o Outgoing
	var nb int64
	err := db.rd.QueryRowContext(ctx, `SELECT id, chat_key, chat, method, params, attempts, not_before
		FROM outbox WHERE chat_key = ? ORDER BY id LIMIT 1`, chatKey).
		Scan(&o.ID, &o.ChatKey, &o.Chat, &o.Method, &o.Params, &o.Attempts, &nb)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	if err != nil {
		return o, false, fmt.Errorf("store: outbox head: %w", err)
	}
	o.NotBefore = time.UnixMilli(nb)
	return o, true, nil
}

// OutboxChats lists the chats with queued calls (at start, to resume sending).
func (db *DB) OutboxChats(ctx context.Context) ([]string, error) {
	rows, err := db.rd.QueryContext(ctx, `SELECT chat_key FROM outbox GROUP BY chat_key ORDER BY min(id)`)
	if err != nil {
		return nil, fmt.Errorf("store: outbox chats: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("store: outbox chats: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// Sent removes a call that Telegram accepted, and keeps the id of the message it created
// (0 for none) so /clear can delete it later.
func (db *DB) Sent(ctx context.Context, o Outgoing, messageID int) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, o.ID)
		if err != nil {
			return err
		}
		// A chat forgotten while its call was in flight keeps no message id either.
		if n, _ := res.RowsAffected(); n == 1 && messageID > 0 {
			_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO message_ids (chat_key, message_id, at) VALUES (?, ?, ?)`,
				o.ChatKey, messageID, db.Now().Unix())
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: sent: %w", err)
	}
	return nil
}

// Drop removes a call that can never succeed (Telegram said 400 Bad Request).
func (db *DB) Drop(ctx context.Context, id int64) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: drop outgoing: %w", err)
	}
	return nil
}

// Retry puts a call back to be tried again at notBefore, counting the attempt.
func (db *DB) Retry(ctx context.Context, id int64, notBefore time.Time) error {
	if _, err := db.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, not_before = ? WHERE id = ?`,
		notBefore.UnixMilli(), id); err != nil {
		return fmt.Errorf("store: retry outgoing: %w", err)
	}
	return nil
}

// Hold delays every queued call of a chat until at least until (Telegram's retry_after).
func (db *DB) Hold(ctx context.Context, chatKey string, until time.Time) error {
	if _, err := db.db.ExecContext(ctx, `UPDATE outbox SET not_before = max(not_before, ?) WHERE chat_key = ?`,
		until.UnixMilli(), chatKey); err != nil {
		return fmt.Errorf("store: hold chat: %w", err)
	}
	return nil
}

// Blocked records that the person blocked the bot: the call that was refused, the chat's
// calls queued before it and those queued with it are dropped, and the session is marked.
// Calls queued later stay: they answer something the person sent since (after unblocking).
func (db *DB) Blocked(ctx context.Context, o Outgoing) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		// The refused call, those before it, and the rest of the turn that queued it (queued
		// the same second); not the answers to anything sent later.
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE chat_key = ? AND
			(id <= ? OR created_at <= coalesce((SELECT created_at FROM outbox WHERE id = ?), 0))`, o.ChatKey, o.ID, o.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET blocked = 1 WHERE chat_key = ?`, o.ChatKey)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: mark blocked: %w", err)
	}
	return nil
}

// OutboxDepth returns how many calls are queued.
func (db *DB) OutboxDepth(ctx context.Context) (int64, error) {
	var n int64
	if err := db.rd.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: outbox depth: %w", err)
	}
	return n, nil
}

// PurgeTransient deletes message ids older than 48 hours and handled updates older than
// 48 hours (Telegram redelivers nothing older than 24 hours).
func (db *DB) PurgeTransient(ctx context.Context) error {
	cutoff := db.Now().Add(-MessageIDLifetime).Unix()
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		if _, err := tx.ExecContext(ctx, `DELETE FROM message_ids WHERE at < ?`, cutoff); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM inbox WHERE done_at IS NOT NULL AND received_at < ?`, cutoff)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: purge transient rows: %w", err)
	}
	return nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
