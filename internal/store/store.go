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
	ctx := context.Background()
	if err := db.selfCheck(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	// Checkpoint the WAL every ~40 MB instead of every 4 MB: each checkpoint costs two
	// fsyncs, and under load they, not the queries, set the pace.
	if _, err := sqldb.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 10000`); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if path != ":memory:" {
		rd, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?mode=ro&_busy_timeout=5000&_query_only=1")
		if err != nil {
			sqldb.Close()
			return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
		}
		rd.SetMaxOpenConns(4)
		db.rd = rd
	}
	return db, nil
}

// Close closes the database. Statements still running finish first.
func (db *DB) Close() error {
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

// Tx runs fn inside one transaction (BEGIN IMMEDIATE, so it holds the write lock from
// the start). If fn returns nil the transaction is committed; if fn returns an error
// or panics it is rolled back, and the error is returned unchanged (the panic goes on).
// fn must not use db's other methods: the DB has one connection, which fn's
// transaction holds, so they would wait forever.
func (db *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin transaction: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback() // the error that caused it matters more than a failed rollback
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit transaction: %w", err)
	}
	committed = true
	return nil
}

// escapePath makes a file path safe inside a "file:" URI: SQLite decodes %XX escapes
// and ends the path at '?' or '#'.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}
