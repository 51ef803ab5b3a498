package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/lantern-help/lantern/internal/store"
)

// mustOpen opens path through the production Open and closes it when the test ends.
func mustOpen(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

// rawCount counts rows with a separate plain connection, so the check does not go
// through the code under test.
func rawCount(t *testing.T, path, query string, args ...any) int {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestSessionRoundTrip(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "lantern.db")
	const key = "k1"

	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.LoadSession(ctx, key); err != nil || ok {
		t.Fatalf("LoadSession before save = ok %v, err %v; want false, nil", ok, err)
	}
	if err := db.SaveSession(ctx, key, []byte(`{"node":"welcome"}`)); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.LoadSession(ctx, key)
	if err != nil || !ok || string(got) != `{"node":"welcome"}` {
		t.Fatalf("LoadSession = %q, %v, %v", got, ok, err)
	}

	t.Run("Upsert", func(t *testing.T) {
		if err := db.SaveSession(ctx, key, []byte(`{"node":"menu"}`)); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.LoadSession(ctx, key)
		if err != nil || !ok || string(got) != `{"node":"menu"}` {
			t.Fatalf("LoadSession after upsert = %q, %v, %v", got, ok, err)
		}
		if n, err := db.CountSessions(ctx); err != nil || n != 1 {
			t.Fatalf("CountSessions = %d, %v; want 1", n, err)
		}
	})

	t.Run("EmptyAndNilState", func(t *testing.T) {
		for _, state := range [][]byte{nil, {}} {
			if err := db.SaveSession(ctx, "empty", state); err != nil {
				t.Fatalf("SaveSession(%#v): %v", state, err)
			}
			got, ok, err := db.LoadSession(ctx, "empty")
			if err != nil || !ok || len(got) != 0 {
				t.Fatalf("LoadSession = %q, %v, %v; want empty, true, nil", got, ok, err)
			}
		}
		if err := db.DeleteChat(ctx, "empty"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("EmptyKeyRejected", func(t *testing.T) {
		if err := db.SaveSession(ctx, "", []byte("x")); err == nil {
			t.Error("SaveSession with empty key: want error")
		}
		if _, _, err := db.LoadSession(ctx, ""); err == nil {
			t.Error("LoadSession with empty key: want error")
		}
		if err := db.DeleteChat(ctx, ""); err == nil {
			t.Error("DeleteChat with empty key: want error")
		}
	})

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	t.Run("Reopen", func(t *testing.T) {
		before := rawCount(t, path, `SELECT count(*) FROM schema_migrations`)
		if before == 0 {
			t.Fatal("schema_migrations is empty after Open")
		}
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.LoadSession(ctx, key)
		if err != nil || !ok || string(got) != `{"node":"menu"}` {
			t.Fatalf("LoadSession after reopen = %q, %v, %v", got, ok, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		mustOpen(t, path)
		if after := rawCount(t, path, `SELECT count(*) FROM schema_migrations`); after != before {
			t.Errorf("schema_migrations has %d rows after reopening twice, want %d", after, before)
		}
	})
}

func TestOpenPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lantern.db")
	db := mustOpen(t, path)
	var mode string
	err := db.Tx(t.Context(), func(tx *sql.Tx) error {
		return tx.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	})
	if err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, secure int
	err = db.Tx(t.Context(), func(tx *sql.Tx) error {
		if err := tx.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil {
			return err
		}
		return tx.QueryRow(`PRAGMA secure_delete`).Scan(&secure)
	})
	if err != nil || fk != 1 || secure != 1 {
		t.Errorf("foreign_keys = %d, secure_delete = %d, err %v; want 1, 1", fk, secure, err)
	}
}

func TestOpenOddPaths(t *testing.T) {
	t.Run("Memory", func(t *testing.T) {
		db := mustOpen(t, ":memory:")
		if err := db.SaveSession(t.Context(), "k", []byte("s")); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountSessions(t.Context()); err != nil || n != 1 {
			t.Fatalf("CountSessions = %d, %v; want 1", n, err)
		}
	})
	t.Run("URISpecialCharacters", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a?b#c%20d")
		path := filepath.Join(dir, "x.db")
		if err := mkdir(dir); err != nil {
			t.Fatal(err)
		}
		mustOpen(t, path)
		if !exists(path) {
			t.Fatalf("Open did not create %s", path)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if _, err := store.Open(""); err == nil {
			t.Fatal("Open(\"\"): want error")
		}
	})
	t.Run("MissingDirectory", func(t *testing.T) {
		_, err := store.Open(filepath.Join(t.TempDir(), "no", "such", "x.db"))
		if err == nil {
			t.Fatal("want error")
		}
		if strings.Contains(err.Error(), "CGO_ENABLED") {
			t.Errorf("error blames cgo for a missing directory: %v", err)
		}
	})
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lantern.db")
	db := mustOpen(t, path)
	err := db.Tx(t.Context(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err := store.Open(path); err == nil {
		db.Close()
		t.Fatal("Open of a database with an unknown migration: want error")
	} else if !strings.Contains(err.Error(), "9999") {
		t.Errorf("error does not name the version: %v", err)
	}
}

func TestExpireSessions(t *testing.T) {
	ctx := t.Context()
	db := mustOpen(t, filepath.Join(t.TempDir(), "lantern.db"))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }

	if err := db.SaveSession(ctx, "old", []byte("o")); err != nil {
		t.Fatal(err)
	}
	now = now.Add(31 * 24 * time.Hour)
	if err := db.SaveSession(ctx, "fresh", []byte("f")); err != nil {
		t.Fatal(err)
	}

	n, err := db.ExpireSessions(ctx, 30*24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("ExpireSessions = %d, %v; want 1, nil", n, err)
	}
	if _, ok, _ := db.LoadSession(ctx, "old"); ok {
		t.Error("old session survived expiry")
	}
	if _, ok, _ := db.LoadSession(ctx, "fresh"); !ok {
		t.Error("fresh session was expired")
	}
	if n, err := db.ExpireSessions(ctx, 30*24*time.Hour); err != nil || n != 0 {
		t.Errorf("second ExpireSessions = %d, %v; want 0, nil", n, err)
	}
	if _, err := db.ExpireSessions(ctx, 0); err == nil {
		t.Error("ExpireSessions(0): want error")
	}
}

func TestDeleteChat(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "lantern.db")
	db := mustOpen(t, path)
	for _, k := range []string{"gone", "kept"} {
		if err := db.SaveSession(ctx, k, []byte("secret-state-"+k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.DeleteChat(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	for _, table := range store.ChatTables {
		if n := rawCount(t, path, `SELECT count(*) FROM `+table+` WHERE chat_key = ?`, "gone"); n != 0 {
			t.Errorf("%s still has %d rows for the deleted chat", table, n)
		}
	}
	if _, ok, _ := db.LoadSession(ctx, "kept"); !ok {
		t.Error("DeleteChat removed another chat's session")
	}
	if err := db.DeleteChat(ctx, "never-seen"); err != nil {
		t.Errorf("DeleteChat of a missing chat: %v", err)
	}
}

// TestChatTablesCoverSchema guards DeleteChat: every table with a chat_key column must
// be in the list it erases, or /forget would leave data behind.
func TestChatTablesCoverSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lantern.db")
	mustOpen(t, path)
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'chat_key' ORDER BY m.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var withKey []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		withKey = append(withKey, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	listed := slices.Sorted(slices.Values(store.ChatTables))
	if !slices.Equal(withKey, listed) {
		t.Errorf("tables with a chat_key column = %v, chatTables = %v; they must match", withKey, listed)
	}
}

func TestTx(t *testing.T) {
	ctx := t.Context()
	db := mustOpen(t, filepath.Join(t.TempDir(), "lantern.db"))
	insert := func(key string) func(*sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO sessions (chat_key, state, updated_at) VALUES (?, x'00', 0)`, key)
			return err
		}
	}

	if err := db.Tx(ctx, insert("committed")); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.LoadSession(ctx, "committed"); !ok {
		t.Error("Tx did not commit")
	}

	boom := errors.New("boom")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if err := insert("rolled-back")(tx); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Tx error = %v, want %v", err, boom)
	}
	if _, ok, _ := db.LoadSession(ctx, "rolled-back"); ok {
		t.Error("Tx did not roll back on error")
	}

	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic in fn was swallowed")
			}
		}()
		db.Tx(ctx, func(tx *sql.Tx) error {
			insert("panicked")(tx)
			panic("boom")
		})
	}()
	if _, ok, err := db.LoadSession(ctx, "panicked"); ok || err != nil {
		t.Errorf("after panic: ok %v, err %v; want rolled back and the DB still usable", ok, err)
	}
}

// TestConcurrentSessions runs many savers and loaders at once on one DB; run it with
// -race. None of them may fail, in particular not with "database is locked".
func TestConcurrentSessions(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "lantern.db"))
	const workers, rounds = 8, 50

	errs := make(chan error, workers*rounds)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				own := fmt.Sprintf("chat-%d", w)
				state := fmt.Appendf(nil, `{"w":%d,"i":%d}`, w, i)
				if err := db.SaveSession(ctx, own, state); err != nil {
					errs <- err
					continue
				}
				if err := db.SaveSession(ctx, "shared", state); err != nil {
					errs <- err
				}
				got, ok, err := db.LoadSession(ctx, own)
				if err != nil {
					errs <- err
				} else if !ok || !bytes.Equal(got, state) {
					errs <- fmt.Errorf("worker %d round %d: loaded %q, %v; want %q", w, i, got, ok, state)
				}
				if _, _, err := db.LoadSession(ctx, "shared"); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := db.CountSessions(ctx); err != nil || n != workers+1 {
		t.Errorf("CountSessions = %d, %v; want %d", n, err, workers+1)
	}
}

// TestTwoHandles opens the same file twice, as two processes would, and writes through
// both at once: busy_timeout and BEGIN IMMEDIATE must keep "database is locked" away.
func TestTwoHandles(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "lantern.db")
	a, b := mustOpen(t, path), mustOpen(t, path)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i, db := range []*store.DB{a, b} {
		wg.Go(func() {
			for j := range 50 {
				if err := db.SaveSession(ctx, fmt.Sprintf("h%d-%d", i, j), []byte("s")); err != nil {
					errs <- err
				}
				if err := db.DeleteChat(ctx, fmt.Sprintf("h%d-%d", 1-i, j)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkSaveSession(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b, filepath.Join(b.TempDir(), "lantern.db"))
	state := bytes.Repeat([]byte(`{"node":"sextortion.first","lang":"en"}`), 8) // ~300 bytes
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("%064x", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := db.SaveSession(ctx, keys[i%len(keys)], state); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func TestLockFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lantern.db")
	unlock, err := store.LockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.LockFile(path); err == nil {
		t.Fatal("a second lock on the same database succeeded")
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	unlock, err = store.LockFile(path)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock()
}
