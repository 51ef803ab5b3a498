// Package store keeps Lantern's state in one SQLite file: per-chat dialog sessions today,
// and later the seen updates, outbox and statistics. The schema lives in embedded,
// numbered migrations that Open applies.
//
// Privacy: the store never sees a name, username, phone number, chat id or message text.
// Every row about a chat is keyed by a chat key, the HMAC of the chat id made by a Keyer,
// and the dialog state is an opaque blob the store does not read. DeleteChat erases all of
// a chat's rows in one transaction, and ExpireSessions drops sessions that have gone idle.
// The package logs nothing.
//
// The package depends on github.com/mattn/go-sqlite3, which needs cgo. Build and test with
// CGO_ENABLED=1 and -tags "sqlite_fts5 sqlite_omit_load_extension".
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// DB is an open Lantern database. It is safe for concurrent use once Now is set.
//
// It holds a single connection (SetMaxOpenConns(1)): SQLite allows one writer at a time,
// and one connection makes every statement in this process wait its turn in Go instead
// of failing with "database is locked". Reads queue behind writes too, which is fine at
// a bot's load; a separate read-only pool can be added later if reads ever need to run
// beside a write.
type DB struct {
	// Now returns the current time. Every timestamp the store writes or compares
	// (updated_at, expiry cut-offs, applied_at) comes from it. Open sets it to
	// time.Now; tests may replace it, but only before the DB is used concurrently.
	Now func() time.Time

	db   *sql.DB // the one writer connection
	rd   *sql.DB // read-only connections for the sender's polling queries (WAL lets them run beside the writer)
	path string

	ck        *sql.DB // the checkpointer's connection
	ckStop    chan struct{}
	ckDone    chan struct{}
	jobs      chan job // transactions waiting for the committer (group.go)
	closeOnce sync.Once
	closeMu   sync.RWMutex // held for reading while a Tx hands over its job
	closed    bool
	stopped   chan struct{} // closed when the committer has finished
}

// dsnParams are the connection settings for every connection:
//   - WAL lets readers in other processes (backups, `sqlite3` on the shell) run beside
//     the writer;
//   - busy_timeout makes a connection wait up to 5 s for another process's lock;
//   - _txlock=immediate starts every transaction with BEGIN IMMEDIATE, so a transaction
//     that reads then writes never fails on the lock upgrade (go-sqlite3 does not call
//     the busy handler in that case);
//   - foreign keys on, synchronous=NORMAL (safe with WAL, loses at most the last commits
//     on power loss, never corrupts);
//   - secure_delete=on overwrites deleted rows with zeros, so an erased chat does not
//     linger in free pages of the file.
const dsnParams = "_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=on&_synchronous=NORMAL&_secure_delete=on"

// Open opens the SQLite database at path, creating the file if needed, checks that the
// SQLite driver really works, and applies any embedded migrations the file lacks.
// path may be ":memory:" for a private in-memory database (useful in tests of other
// packages). The caller must Close the DB.
//
// Open fails if the binary was built without cgo (go-sqlite3 then only has a stub), or if
// the file has migrations newer than this binary knows: an older binary would not know
// which tables hold a chat's data, so it could not honour DeleteChat.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: open: empty database path")
	}
	sqldb, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?"+dsnParams)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One connection, kept forever: see the DB doc comment. Keeping it also keeps a
	// ":memory:" database alive, since each new connection would get an empty one.
	sqldb.SetMaxOpenConns(1)
	sqldb.SetMaxIdleConns(1)
	sqldb.SetConnMaxLifetime(0)
	sqldb.SetConnMaxIdleTime(0)

	db := &DB{Now: time.Now, db: sqldb, rd: sqldb, path: path}
	db.startCommitter()
	ctx := context.Background()
	if err := db.selfCheck(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// Commits never checkpoint the WAL themselves: a checkpoint's fsyncs would stall the
	// one writer, and every chat waiting behind it. A connection of its own checkpoints in
	// the background instead (checkpointer).
	if path != ":memory:" {
		if _, err := sqldb.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		ck, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?_busy_timeout=5000&_synchronous=NORMAL")
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open %s for checkpoints: %w", path, err)
		}
		ck.SetMaxOpenConns(1)
		db.ck = ck
		db.ckStop = make(chan struct{})
		db.ckDone = make(chan struct{})
		go db.checkpointer()
	}
	if path != ":memory:" {
		rd, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?mode=ro&_busy_timeout=5000&_query_only=1")
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
		}
		rd.SetMaxOpenConns(4)
		db.rd = rd
	}
	return db, nil
}

// Close closes the database. Statements still running finish first.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.closeMu.Lock()
		db.closed = true
		db.closeMu.Unlock()
		close(db.jobs)
		<-db.stopped
		if db.ck != nil {
			close(db.ckStop)
			<-db.ckDone
			db.truncateWAL()
			db.ck.Close()
		}
	})
	if db.rd != db.db {
		db.rd.Close()
	}
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}

// selfCheck runs one trivial query so a broken driver fails at startup, not on the
// first message. A binary built with CGO_ENABLED=0 still compiles go-sqlite3, as a
// stub whose every call fails; the error then says how to fix the build.
func (db *DB) selfCheck(ctx context.Context) error {
	var version string
	err := db.db.QueryRowContext(ctx, "select sqlite_version()").Scan(&version)
	if err == nil {
		return nil
	}
	if !cgoEnabled {
		return fmt.Errorf("store: open %s: sqlite self-check failed: this binary was built without cgo, build with CGO_ENABLED=1: %w", db.path, err)
	}
	return fmt.Errorf("store: open %s: sqlite self-check: %w", db.path, err)
}

// ErrClosed is returned by Tx once the database is closing.
var ErrClosed = errors.New("store: database is closed")

// Tx runs fn inside a transaction and returns once it is committed. If fn returns nil its
// writes are committed; if fn returns an error or panics they are rolled back, and the error
// is returned unchanged (the panic goes on in the caller). Transactions of concurrent callers
// may be committed together (see group.go), each in its own savepoint, so fn must only use
// tx, never db's other methods, must not keep tx after it returns, and must not run its
// statements under a context that can be cancelled: an interrupted statement rolls back the
// whole group. ctx only decides whether fn starts at all.
func (db *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	j := job{ctx: ctx, fn: fn, done: make(chan result, 1)}
	db.closeMu.RLock()
	if db.closed {
		db.closeMu.RUnlock()
		return ErrClosed
	}
	select {
	case db.jobs <- j:
	case <-ctx.Done():
		db.closeMu.RUnlock()
		return ctx.Err()
	}
	db.closeMu.RUnlock()
	r := <-j.done
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// truncateWAL copies the whole WAL into the database file and empties it, on Close. SQLite
// runs one checkpoint at a time and answers busy at once, without waiting, when another
// handle's checkpointer is copying: so it tries again until a second has passed. (Waiting for
// another handle's readers is the busy timeout's, within one try.) Once, under the load of the
// whole test suite beside a helper's, the store's test of Close with another handle open found
// a 3.9 MB WAL left after Close (2026-12-01).
func (db *DB) truncateWAL() {
	deadline := time.Now().Add(time.Second)
	for {
		var busy, frames, copied int
		err := db.ck.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied)
		if (err == nil && busy == 0) || time.Now().After(deadline) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkpointer copies the WAL back into the database file every 250 ms, off the writer's
// path. PASSIVE never waits for the writer or readers; what it cannot copy now it copies
// next time.
func (db *DB) checkpointer() {
	defer close(db.ckDone)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-db.ckStop:
			return
		case <-t.C:
			db.ck.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// escapePath makes a file path safe inside a "file:" URI: SQLite decodes %XX escapes
// and ends the path at '?' or '#'.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}
