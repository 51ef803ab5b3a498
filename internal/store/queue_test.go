package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/store"
)

// t0 is the start of every test clock in this file.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// openClocked opens a fresh database whose clock reads *now. The test may move *now
// between calls (each call hands its work to the committer through a channel, which orders
// the write before the committer's read), never while calls are running concurrently.
func openClocked(t *testing.T) (db *store.DB, path string, now *time.Time) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "lantern.db")
	db = mustOpen(t, path)
	now = new(time.Time)
	*now = t0
	db.Now = func() time.Time { return *now }
	return db, path, now
}

// rawRow scans one row with a separate plain connection.
func rawRow(t *testing.T, path, query string, args []any, dest ...any) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow(query, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// rawInts returns the first column of every row as int64s, with a separate plain connection.
func rawInts(t *testing.T, path, query string, args ...any) []int64 {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func upd(id int64, key string) store.Update {
	return store.Update{ID: id, ChatKey: key, Chat: []byte("sealed-" + key), Event: fmt.Appendf(nil, `{"u":%d}`, id)}
}

func mustIngest(t *testing.T, db *store.DB, u store.Update, messageID int) {
	t.Helper()
	fresh, err := db.Ingest(t.Context(), u, messageID)
	if err != nil || !fresh {
		t.Fatalf("Ingest(%d) = %v, %v; want fresh", u.ID, fresh, err)
	}
}

func pendingIDs(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	us, err := db.Pending(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, u := range us {
		ids = append(ids, u.ID)
	}
	return ids
}

// turn runs a turn whose fn returns res, and returns the Turn fn saw.
func turn(t *testing.T, db *store.DB, updateID int64, key string, res store.TurnResult) store.Turn {
	t.Helper()
	var seen store.Turn
	err := db.RunTurn(t.Context(), updateID, key, func(tn *store.Turn) (store.TurnResult, error) {
		seen = *tn
		return res, nil
	})
	if err != nil {
		t.Fatalf("RunTurn(%d, %s): %v", updateID, key, err)
	}
	return seen
}

func msgIDs(t *testing.T, db *store.DB, key string) []int {
	t.Helper()
	var ids []int
	err := db.RunTurn(t.Context(), 0, key, func(tn *store.Turn) (store.TurnResult, error) {
		var err error
		ids, err = tn.MessageIDs()
		return store.TurnResult{State: tn.State}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func ops(methods ...string) []store.Op {
	var out []store.Op
	for i, m := range methods {
		out = append(out, store.Op{Method: m, Params: fmt.Appendf(nil, `{"n":%d}`, i)})
	}
	return out
}

// drain takes every queued call of a chat off the outbox, head by head, and returns their
// methods in the order Head gave them.
func drain(t *testing.T, db *store.DB, key string) []string {
	t.Helper()
	var methods []string
	for {
		o, ok, err := db.Head(t.Context(), key)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return methods
		}
		methods = append(methods, o.Method)
		if err := db.Drop(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIngest(t *testing.T) {
	ctx := t.Context()

	t.Run("FreshThenSeen", func(t *testing.T) {
		db, path, _ := openClocked(t)
		fresh, err := db.Ingest(ctx, upd(1, "a"), 100)
		if err != nil || !fresh {
			t.Fatalf("first Ingest = %v, %v; want true, nil", fresh, err)
		}
		fresh, err = db.Ingest(ctx, upd(1, "a"), 101)
		if err != nil || fresh {
			t.Fatalf("second Ingest of the same update = %v, %v; want false, nil", fresh, err)
		}
		if got := rawInts(t, path, `SELECT message_id FROM message_ids WHERE chat_key = 'a' ORDER BY message_id`); !slices.Equal(got, []int64{100}) {
			t.Errorf("message ids = %v, want [100] (none recorded for the redelivered update)", got)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM inbox`); n != 1 {
			t.Errorf("inbox has %d rows, want 1", n)
		}
		if _, err := db.Ingest(ctx, upd(2, "a"), 0); err != nil {
			t.Fatal(err)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids`); n != 1 {
			t.Errorf("message id 0 was recorded: %d rows, want 1", n)
		}
	})

	t.Run("BatchAndCounter", func(t *testing.T) {
		db, path, _ := openClocked(t)
		mustIngest(t, db, upd(5, "a"), 50)
		batch := []store.Incoming{
			{Update: upd(6, "a"), MessageID: 60},
			{Update: upd(5, "a"), MessageID: 55}, // stored before
			{Update: upd(7, "b"), MessageID: 70},
			{Update: upd(6, "a"), MessageID: 66}, // twice in one batch
		}
		fresh, err := db.IngestBatch(ctx, batch, "offset", 8)
		if err != nil {
			t.Fatal(err)
		}
		if want := []bool{true, false, true, false}; !slices.Equal(fresh, want) {
			t.Errorf("fresh = %v, want %v", fresh, want)
		}
		if v, err := db.Counter(ctx, "offset"); err != nil || v != 8 {
			t.Errorf("Counter = %d, %v; want 8", v, err)
		}
		if got := rawInts(t, path, `SELECT message_id FROM message_ids ORDER BY message_id`); !slices.Equal(got, []int64{50, 60, 70}) {
			t.Errorf("message ids = %v, want [50 60 70]: only fresh updates record theirs", got)
		}

		// Without a counter name, no counter is touched.
		if _, err := db.IngestBatch(ctx, []store.Incoming{{Update: upd(9, "a")}}, "", 99); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.Counter(ctx, "offset"); v != 8 {
			t.Errorf("Counter = %d after a batch without counter, want 8", v)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM counters`); n != 1 {
			t.Errorf("counters has %d rows, want 1", n)
		}
	})

	t.Run("FailedBatchStoresNothing", func(t *testing.T) {
		db, path, _ := openClocked(t)
		if _, err := db.IngestBatch(ctx, []store.Incoming{{Update: upd(1, "a"), MessageID: 10}}, "offset", 2); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]store.Update{
			"EmptyChatKey": {ID: 3, Chat: []byte("c")},
			"ZeroID":       {ChatKey: "b"},
			"NegativeID":   {ID: -4, ChatKey: "b"},
		} {
			t.Run(name, func(t *testing.T) {
				batch := []store.Incoming{
					{Update: upd(2, "a"), MessageID: 20},
					{Update: bad, MessageID: 30},
					{Update: upd(5, "b"), MessageID: 50},
				}
				fresh, err := db.IngestBatch(ctx, batch, "offset", 6)
				if err == nil {
					t.Fatalf("IngestBatch with a bad update = %v, nil; want an error", fresh)
				}
				if v, _ := db.Counter(ctx, "offset"); v != 2 {
					t.Errorf("Counter = %d after a failed batch, want 2 (unchanged)", v)
				}
				if got := rawInts(t, path, `SELECT update_id FROM inbox ORDER BY update_id`); !slices.Equal(got, []int64{1}) {
					t.Errorf("inbox = %v after a failed batch, want [1]", got)
				}
				if got := rawInts(t, path, `SELECT message_id FROM message_ids ORDER BY message_id`); !slices.Equal(got, []int64{10}) {
					t.Errorf("message ids = %v after a failed batch, want [10]", got)
				}
			})
		}
		// The good updates of the failed batch were not stored, so they are fresh now.
		mustIngest(t, db, upd(2, "a"), 20)
	})

	t.Run("PendingInOrder", func(t *testing.T) {
		db, _, _ := openClocked(t)
		if ids := pendingIDs(t, db); len(ids) != 0 {
			t.Fatalf("Pending on an empty inbox = %v", ids)
		}
		for _, id := range []int64{30, 10, 40, 20} {
			mustIngest(t, db, upd(id, "k"+strconv.FormatInt(id, 10)), 0)
		}
		if _, err := db.Ingest(ctx, store.Update{ID: 50, ChatKey: "nil"}, 0); err != nil {
			t.Fatal(err)
		}
		turn(t, db, 40, "k40", store.TurnResult{State: []byte("s")})
		us, err := db.Pending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, u := range us {
			ids = append(ids, u.ID)
			if u.ID == 50 {
				if u.ChatKey != "nil" || len(u.Chat) != 0 || len(u.Event) != 0 {
					t.Errorf("update with nil chat and event came back as %+v", u)
				}
				continue
			}
			if want := upd(u.ID, u.ChatKey); u.ChatKey != "k"+strconv.FormatInt(u.ID, 10) ||
				!bytes.Equal(u.Chat, want.Chat) || !bytes.Equal(u.Event, want.Event) {
				t.Errorf("Pending returned %+v, want %+v", u, want)
			}
		}
		if want := []int64{10, 20, 30, 50}; !slices.Equal(ids, want) {
			t.Errorf("Pending = %v, want %v (undone, by update id)", ids, want)
		}
	})
}

func TestRunTurn(t *testing.T) {
	ctx := t.Context()

	t.Run("CommitsStateOpsAndDone", func(t *testing.T) {
		db, _, _ := openClocked(t)
		mustIngest(t, db, upd(1, "a"), 10)
		mustIngest(t, db, upd(2, "a"), 11)
		seen := turn(t, db, 1, "a", store.TurnResult{
			State:      []byte("s1"),
			Ops:        ops("sendMessage", "sendPhoto", "deleteMessage"),
			SealedChat: []byte("sealed-a"),
		})
		if seen.Found || seen.State != nil || seen.Blocked {
			t.Errorf("first turn saw Found %v, State %q, Blocked %v; want nothing", seen.Found, seen.State, seen.Blocked)
		}
		if got, ok, err := db.LoadSession(ctx, "a"); err != nil || !ok || string(got) != "s1" {
			t.Errorf("LoadSession = %q, %v, %v; want s1", got, ok, err)
		}
		if ids := pendingIDs(t, db); !slices.Equal(ids, []int64{2}) {
			t.Errorf("Pending = %v, want [2]", ids)
		}
		o, ok, err := db.Head(ctx, "a")
		if err != nil || !ok {
			t.Fatalf("Head = %v, %v", ok, err)
		}
		if o.ChatKey != "a" || string(o.Chat) != "sealed-a" || o.Method != "sendMessage" || string(o.Params) != `{"n":0}` ||
			o.Attempts != 0 || !o.NotBefore.Equal(t0) {
			t.Errorf("Head = %+v", o)
		}

		seen = turn(t, db, 2, "a", store.TurnResult{State: []byte("s2"), Ops: ops("answerCallbackQuery"), SealedChat: []byte("sealed-a")})
		if !seen.Found || string(seen.State) != "s1" {
			t.Errorf("second turn saw Found %v, State %q; want true, s1", seen.Found, seen.State)
		}
		if got := drain(t, db, "a"); !slices.Equal(got, []string{"sendMessage", "sendPhoto", "deleteMessage", "answerCallbackQuery"}) {
			t.Errorf("outbox order = %v", got)
		}
		if ids := pendingIDs(t, db); len(ids) != 0 {
			t.Errorf("Pending = %v, want none", ids)
		}
		if err := db.RunTurn(ctx, 3, "", func(*store.Turn) (store.TurnResult, error) { return store.TurnResult{}, nil }); err == nil {
			t.Error("RunTurn with an empty chat key: want error")
		}
	})

	t.Run("ErrorRollsBack", func(t *testing.T) {
		db, path, _ := openClocked(t)
		mustIngest(t, db, upd(1, "a"), 10)
		turn(t, db, 1, "a", store.TurnResult{State: []byte("s1"), Ops: ops("first"), SealedChat: []byte("x")})
		mustIngest(t, db, upd(2, "a"), 20)

		boom := errors.New("boom")
		err := db.RunTurn(ctx, 2, "a", func(*store.Turn) (store.TurnResult, error) {
			return store.TurnResult{State: []byte("s2"), Forget: true, ForgetIDs: true, Ops: ops("second"), SealedChat: []byte("x")}, boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("RunTurn error = %v, want one wrapping %v", err, boom)
		}
		func() {
			defer func() {
				if p := recover(); p != "turn panic" {
					t.Errorf("recovered %v, want the turn's panic value", p)
				}
			}()
			db.RunTurn(ctx, 2, "a", func(*store.Turn) (store.TurnResult, error) { panic("turn panic") })
		}()

		if got, _, err := db.LoadSession(ctx, "a"); err != nil || string(got) != "s1" {
			t.Errorf("state = %q, %v after failed turns; want s1", got, err)
		}
		if ids := pendingIDs(t, db); !slices.Equal(ids, []int64{2}) {
			t.Errorf("Pending = %v, want [2]: a failed turn must leave its update pending", ids)
		}
		if n, err := db.OutboxDepth(ctx); err != nil || n != 1 {
			t.Errorf("OutboxDepth = %d, %v; want 1", n, err)
		}
		if got := rawInts(t, path, `SELECT message_id FROM message_ids ORDER BY message_id`); !slices.Equal(got, []int64{10, 20}) {
			t.Errorf("message ids = %v, want [10 20]", got)
		}
		// The update runs again, successfully.
		turn(t, db, 2, "a", store.TurnResult{State: []byte("s2")})
		if ids := pendingIDs(t, db); len(ids) != 0 {
			t.Errorf("Pending = %v, want none", ids)
		}
	})

	t.Run("Forget", func(t *testing.T) {
		db, path, _ := openClocked(t)
		// Two chats to forget (one gets a goodbye queued in the same turn) and one to keep.
		for i, key := range []string{"gone", "bye", "kept"} {
			base := int64(10 * (i + 1))
			mustIngest(t, db, upd(base, key), int(base))
			turn(t, db, base, key, store.TurnResult{State: []byte("state-" + key), Ops: ops("hello"), SealedChat: []byte("c-" + key)})
			mustIngest(t, db, upd(base+1, key), int(base+1)) // still pending when the chat is forgotten
			mustIngest(t, db, upd(base+2, key), 0)           // the update that forgets
		}
		turn(t, db, 12, "gone", store.TurnResult{State: []byte("ignored"), Forget: true})
		turn(t, db, 22, "bye", store.TurnResult{State: []byte("ignored"), Forget: true, Ops: ops("goodbye"), SealedChat: []byte("c-bye")})

		for _, table := range store.ChatTables {
			if n := rawCount(t, path, `SELECT count(*) FROM `+table+` WHERE chat_key = ?`, "gone"); n != 0 {
				t.Errorf("%s still has %d rows of the forgotten chat", table, n)
			}
			if table == "outbox" {
				continue
			}
			if n := rawCount(t, path, `SELECT count(*) FROM `+table+` WHERE chat_key = ?`, "bye"); n != 0 {
				t.Errorf("%s still has %d rows of the forgotten chat", table, n)
			}
		}
		if got := drain(t, db, "bye"); !slices.Equal(got, []string{"goodbye"}) {
			t.Errorf("outbox of the chat forgotten with a goodbye = %v, want only [goodbye]", got)
		}
		if _, ok, _ := db.LoadSession(ctx, "gone"); ok {
			t.Error("Forget saved the turn's state")
		}
		// The inbox keeps the bare update ids, emptied and done.
		if n := rawCount(t, path, `SELECT count(*) FROM inbox WHERE update_id IN (10, 11, 12, 20, 21, 22)
			AND chat_key = '' AND length(chat) = 0 AND length(event) = 0 AND done_at IS NOT NULL`); n != 6 {
			t.Errorf("%d of the forgotten chats' 6 inbox rows are emptied and done", n)
		}
		if ids := pendingIDs(t, db); !slices.Equal(ids, []int64{31, 32}) {
			t.Errorf("Pending = %v, want [31 32] (the kept chat's only)", ids)
		}
		for _, id := range []int64{10, 11, 12} {
			if fresh, err := db.Ingest(ctx, upd(id, "gone"), 99); err != nil || fresh {
				t.Errorf("Ingest(%d) after Forget = %v, %v; want not fresh", id, fresh, err)
			}
		}
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids WHERE chat_key = 'gone'`); n != 0 {
			t.Errorf("a redelivered update of the forgotten chat recorded %d message ids", n)
		}
		// The other chat is untouched.
		if got, ok, _ := db.LoadSession(ctx, "kept"); !ok || string(got) != "state-kept" {
			t.Errorf("kept chat's session = %q, %v", got, ok)
		}
		if got := rawInts(t, path, `SELECT message_id FROM message_ids WHERE chat_key = 'kept' ORDER BY message_id`); !slices.Equal(got, []int64{30, 31}) {
			t.Errorf("kept chat's message ids = %v, want [30 31]", got)
		}
		if got := drain(t, db, "kept"); !slices.Equal(got, []string{"hello"}) {
			t.Errorf("kept chat's outbox = %v", got)
		}
	})

	t.Run("ForgetIDs", func(t *testing.T) {
		db, path, _ := openClocked(t)
		mustIngest(t, db, upd(1, "a"), 10)
		mustIngest(t, db, upd(2, "b"), 20)
		mustIngest(t, db, upd(3, "a"), 11)
		turn(t, db, 3, "a", store.TurnResult{State: []byte("cleared"), ForgetIDs: true, Ops: ops("deleteMessages"), SealedChat: []byte("x")})
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids WHERE chat_key = 'a'`); n != 0 {
			t.Errorf("ForgetIDs left %d message ids", n)
		}
		if got, ok, _ := db.LoadSession(ctx, "a"); !ok || string(got) != "cleared" {
			t.Errorf("session = %q, %v; ForgetIDs must still save the state", got, ok)
		}
		if got := drain(t, db, "a"); !slices.Equal(got, []string{"deleteMessages"}) {
			t.Errorf("outbox = %v", got)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids WHERE chat_key = 'b'`); n != 1 {
			t.Errorf("ForgetIDs of one chat dropped another's ids")
		}
	})

	t.Run("MessageIDsLast48Hours", func(t *testing.T) {
		db, _, now := openClocked(t)
		mustIngest(t, db, upd(1, "a"), 5) // at t0
		*now = t0.Add(30 * time.Hour)
		mustIngest(t, db, upd(2, "a"), 7)
		mustIngest(t, db, upd(3, "b"), 8)
		*now = t0.Add(47 * time.Hour)
		if err := db.Queue(ctx, 0, "a", []byte("x"), ops("sendMessage")); err != nil {
			t.Fatal(err)
		}
		o, _, _ := db.Head(ctx, "a")
		if err := db.Sent(ctx, o, 6); err != nil {
			t.Fatal(err)
		}
		if got := msgIDs(t, db, "a"); !slices.Equal(got, []int{5, 6, 7}) {
			t.Errorf("MessageIDs at 47 h = %v, want [5 6 7]", got)
		}
		*now = t0.Add(49 * time.Hour)
		if got := msgIDs(t, db, "a"); !slices.Equal(got, []int{6, 7}) {
			t.Errorf("MessageIDs at 49 h = %v, want [6 7] (5 is older than 48 h)", got)
		}
		*now = t0.Add(96 * time.Hour)
		if got := msgIDs(t, db, "a"); len(got) != 0 {
			t.Errorf("MessageIDs at 96 h = %v, want none", got)
		}
	})

	t.Run("BlockedUntilNextTurn", func(t *testing.T) {
		db, path, now := openClocked(t)
		turn(t, db, 0, "a", store.TurnResult{State: []byte("s"), Ops: ops("one", "one-b"), SealedChat: []byte("x")})
		turn(t, db, 0, "b", store.TurnResult{State: []byte("s"), Ops: ops("three"), SealedChat: []byte("y")})
		*now = now.Add(5 * time.Second)
		turn(t, db, 0, "a", store.TurnResult{State: []byte("s"), Ops: ops("two"), SealedChat: []byte("x")})
		first, _, _ := db.Head(ctx, "a")
		if err := db.Blocked(ctx, first); err != nil {
			t.Fatal(err)
		}
		// The refused call and the rest of its turn go; a call queued later (an answer to
		// something sent after unblocking) stays.
		if o, ok, _ := db.Head(ctx, "a"); !ok || o.Method != "two" {
			t.Fatalf("after Blocked of the first call, head = %+v %v; want the later turn's", o, ok)
		}
		if err := db.Blocked(ctx, store.Outgoing{ChatKey: "a", ID: math.MaxInt64}); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := db.Head(ctx, "a"); ok {
			t.Error("Blocked left calls queued")
		}
		if n, _ := db.OutboxDepth(ctx); n != 1 {
			t.Errorf("OutboxDepth = %d, want 1 (the other chat's call)", n)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM sessions WHERE chat_key = 'a' AND blocked = 1`); n != 1 {
			t.Error("session not marked blocked")
		}
		seen := turn(t, db, 0, "a", store.TurnResult{State: []byte("s2")})
		if !seen.Found || !seen.Blocked || string(seen.State) != "s" {
			t.Errorf("turn after Blocked saw Found %v, Blocked %v, State %q; want true, true, s", seen.Found, seen.Blocked, seen.State)
		}
		if seen := turn(t, db, 0, "a", store.TurnResult{State: []byte("s3")}); seen.Blocked {
			t.Error("the turn after a blocked one still saw Blocked")
		}
		if n := rawCount(t, path, `SELECT count(*) FROM sessions WHERE blocked != 0`); n != 0 {
			t.Errorf("%d sessions still blocked", n)
		}
		if err := db.Blocked(ctx, store.Outgoing{ChatKey: "no-session", ID: 1}); err != nil {
			t.Errorf("Blocked of a chat without a session: %v", err)
		}
	})
}

func TestOutbox(t *testing.T) {
	ctx := t.Context()

	t.Run("HeadSentDropDepth", func(t *testing.T) {
		db, path, now := openClocked(t)
		if _, ok, err := db.Head(ctx, "a"); ok || err != nil {
			t.Fatalf("Head of an empty chat = %v, %v; want false, nil", ok, err)
		}
		if n, err := db.OutboxDepth(ctx); err != nil || n != 0 {
			t.Fatalf("OutboxDepth = %d, %v; want 0", n, err)
		}
		turn(t, db, 0, "a", store.TurnResult{Ops: ops("m1", "m2", "m3"), SealedChat: []byte("x")})
		turn(t, db, 0, "b", store.TurnResult{Ops: ops("n1"), SealedChat: []byte("y")})
		if n, _ := db.OutboxDepth(ctx); n != 4 {
			t.Errorf("OutboxDepth = %d, want 4", n)
		}

		*now = t0.Add(time.Minute)
		o, ok, err := db.Head(ctx, "a")
		if err != nil || !ok || o.Method != "m1" {
			t.Fatalf("Head = %+v, %v, %v", o, ok, err)
		}
		if err := db.Sent(ctx, o, 501); err != nil {
			t.Fatal(err)
		}
		if o, _, _ := db.Head(ctx, "a"); o.Method != "m2" {
			t.Errorf("Head after Sent = %s, want m2", o.Method)
		}
		var at int64
		rawRow(t, path, `SELECT at FROM message_ids WHERE chat_key = 'a' AND message_id = 501`, nil, &at)
		if at != t0.Add(time.Minute).Unix() {
			t.Errorf("message id recorded at %d, want %d", at, t0.Add(time.Minute).Unix())
		}
		// Sent twice (a retry of an accepted call) changes nothing more.
		if err := db.Sent(ctx, o, 502); err != nil {
			t.Fatal(err)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids`); n != 1 {
			t.Errorf("a second Sent of the same call recorded another id: %d ids", n)
		}

		o, _, _ = db.Head(ctx, "a")
		if err := db.Sent(ctx, o, 0); err != nil {
			t.Fatal(err)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids`); n != 1 {
			t.Errorf("Sent with message id 0 recorded an id: %d ids", n)
		}
		o, _, _ = db.Head(ctx, "a")
		if o.Method != "m3" {
			t.Fatalf("Head = %s, want m3", o.Method)
		}
		if err := db.Drop(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := db.Head(ctx, "a"); ok {
			t.Error("Head after the last call was dropped: want nothing")
		}
		if n, _ := db.OutboxDepth(ctx); n != 1 {
			t.Errorf("OutboxDepth = %d, want 1", n)
		}
		if err := db.Drop(ctx, o.ID); err != nil {
			t.Errorf("Drop of a dropped call: %v", err)
		}
	})

	t.Run("SentAfterForget", func(t *testing.T) {
		db, path, _ := openClocked(t)
		turn(t, db, 0, "a", store.TurnResult{Ops: ops("m1"), SealedChat: []byte("x")})
		o, ok, _ := db.Head(ctx, "a")
		if !ok {
			t.Fatal("nothing queued")
		}
		// The chat is forgotten while the call is in flight.
		if err := db.DeleteChat(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if err := db.Sent(ctx, o, 700); err != nil {
			t.Fatal(err)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM message_ids`); n != 0 {
			t.Errorf("Sent of a forgotten chat's call recorded %d message ids", n)
		}
	})

	t.Run("RetryAndHold", func(t *testing.T) {
		db, path, _ := openClocked(t)
		turn(t, db, 0, "a", store.TurnResult{Ops: ops("m1", "m2", "m3"), SealedChat: []byte("x")})
		turn(t, db, 0, "b", store.TurnResult{Ops: ops("n1"), SealedChat: []byte("y")})
		ids := rawInts(t, path, `SELECT id FROM outbox WHERE chat_key = 'a' ORDER BY id`)
		notBefore := func(key string) []int64 {
			return rawInts(t, path, `SELECT not_before FROM outbox WHERE chat_key = ? ORDER BY id`, key)
		}
		ms := func(d time.Duration) int64 { return t0.Add(d).UnixMilli() }

		later := t0.Add(10*time.Minute + 123*time.Millisecond)
		if err := db.Retry(ctx, ids[0], later); err != nil {
			t.Fatal(err)
		}
		o, _, _ := db.Head(ctx, "a")
		if o.ID != ids[0] || o.Attempts != 1 || !o.NotBefore.Equal(later) {
			t.Errorf("Head after Retry = id %d, attempts %d, not before %v; want %d, 1, %v", o.ID, o.Attempts, o.NotBefore, ids[0], later)
		}
		if err := db.Retry(ctx, ids[0], later); err != nil {
			t.Fatal(err)
		}
		if o, _, _ := db.Head(ctx, "a"); o.Attempts != 2 {
			t.Errorf("attempts = %d after two retries, want 2", o.Attempts)
		}

		// m1 waits until 10 min; Hold until 5 min moves m2 and m3 forward, not m1 back.
		if err := db.Hold(ctx, "a", t0.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		want := []int64{later.UnixMilli(), ms(5 * time.Minute), ms(5 * time.Minute)}
		if got := notBefore("a"); !slices.Equal(got, want) {
			t.Errorf("not_before after Hold = %v, want %v", got, want)
		}
		if got := notBefore("b"); !slices.Equal(got, []int64{ms(0)}) {
			t.Errorf("Hold of one chat moved another's calls: %v", got)
		}
		if err := db.Hold(ctx, "a", t0.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got := notBefore("a"); !slices.Equal(got, want) {
			t.Errorf("not_before after a Hold into the past = %v, want %v (never backward)", got, want)
		}
		if err := db.Hold(ctx, "a", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got := notBefore("a"); !slices.Equal(got, []int64{ms(time.Hour), ms(time.Hour), ms(time.Hour)}) {
			t.Errorf("not_before after Hold for an hour = %v", got)
		}
	})

	t.Run("OutboxChats", func(t *testing.T) {
		db, _, _ := openClocked(t)
		if got, err := db.OutboxChats(ctx); err != nil || len(got) != 0 {
			t.Fatalf("OutboxChats of an empty outbox = %v, %v", got, err)
		}
		turn(t, db, 0, "a", store.TurnResult{Ops: ops("a1"), SealedChat: []byte("x")})
		turn(t, db, 0, "b", store.TurnResult{Ops: ops("b1", "b2"), SealedChat: []byte("x")})
		turn(t, db, 0, "c", store.TurnResult{Ops: ops("c1"), SealedChat: []byte("x")})
		turn(t, db, 0, "a", store.TurnResult{Ops: ops("a2"), SealedChat: []byte("x")})
		if got, err := db.OutboxChats(ctx); err != nil || !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Errorf("OutboxChats = %v, %v; want [a b c]", got, err)
		}
		o, _, _ := db.Head(ctx, "a")
		if err := db.Sent(ctx, o, 1); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.OutboxChats(ctx); !slices.Equal(got, []string{"b", "c", "a"}) {
			t.Errorf("OutboxChats after a's oldest call was sent = %v, want [b c a]", got)
		}
		if err := db.Blocked(ctx, store.Outgoing{ChatKey: "b", ID: math.MaxInt64}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.OutboxChats(ctx); !slices.Equal(got, []string{"c", "a"}) {
			t.Errorf("OutboxChats after b blocked = %v, want [c a]", got)
		}
	})

	t.Run("Queue", func(t *testing.T) {
		db, path, _ := openClocked(t)
		mustIngest(t, db, upd(7, "group"), 70)
		mustIngest(t, db, upd(8, "group"), 80)
		if err := db.Queue(ctx, 7, "group", []byte("sealed-group"), ops("sendMessage", "leaveChat")); err != nil {
			t.Fatal(err)
		}
		if ids := pendingIDs(t, db); !slices.Equal(ids, []int64{8}) {
			t.Errorf("Pending = %v, want [8]", ids)
		}
		if n, _ := db.CountSessions(ctx); n != 0 {
			t.Errorf("Queue created %d sessions", n)
		}
		o, ok, err := db.Head(ctx, "group")
		if err != nil || !ok || string(o.Chat) != "sealed-group" || o.Method != "sendMessage" || !o.NotBefore.Equal(t0) {
			t.Errorf("Head = %+v, %v, %v", o, ok, err)
		}
		if got := drain(t, db, "group"); !slices.Equal(got, []string{"sendMessage", "leaveChat"}) {
			t.Errorf("queued = %v", got)
		}
		if err := db.Queue(ctx, 8, "group", nil, nil); err != nil {
			t.Fatal(err)
		}
		if ids := pendingIDs(t, db); len(ids) != 0 {
			t.Errorf("Pending = %v after Queue without calls, want none", ids)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM outbox`); n != 0 {
			t.Errorf("Queue without calls queued %d", n)
		}
	})
}

func TestPurgeTransient(t *testing.T) {
	ctx := t.Context()
	db, path, now := openClocked(t)
	// Old: update 1 handled, update 2 pending, update 3 of a chat since forgotten (its
	// inbox row emptied and marked done).
	mustIngest(t, db, upd(1, "a"), 10)
	turn(t, db, 1, "a", store.TurnResult{})
	mustIngest(t, db, upd(2, "a"), 20)
	mustIngest(t, db, upd(3, "gone"), 30)
	turn(t, db, 0, "gone", store.TurnResult{Forget: true})
	// Young: update 4 handled, update 5 pending.
	*now = t0.Add(47 * time.Hour)
	mustIngest(t, db, upd(4, "a"), 40)
	turn(t, db, 4, "a", store.TurnResult{})
	mustIngest(t, db, upd(5, "a"), 50)

	*now = t0.Add(49 * time.Hour)
	if err := db.PurgeTransient(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rawInts(t, path, `SELECT update_id FROM inbox ORDER BY update_id`); !slices.Equal(got, []int64{2, 4, 5}) {
		t.Errorf("inbox after purge = %v, want [2 4 5]", got)
	}
	if got := rawInts(t, path, `SELECT message_id FROM message_ids ORDER BY message_id`); !slices.Equal(got, []int64{40, 50}) {
		t.Errorf("message ids after purge = %v, want [40 50]", got)
	}
	if ids := pendingIDs(t, db); !slices.Equal(ids, []int64{2, 5}) {
		t.Errorf("Pending after purge = %v, want [2 5]", ids)
	}
	// A second purge at the same time finds nothing more.
	if err := db.PurgeTransient(ctx); err != nil {
		t.Fatal(err)
	}
	if n := rawCount(t, path, `SELECT count(*) FROM inbox`); n != 3 {
		t.Errorf("inbox has %d rows after a second purge, want 3", n)
	}
}

func TestSealer(t *testing.T) {
	secretA := []byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	secretB := []byte("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
	sa, err := store.NewSealer(secretA)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := store.NewSealer(secretB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.NewSealer(secretA[:store.MinSecretLen-1]); err == nil {
		t.Error("NewSealer with a short secret: want error")
	}

	for _, id := range []int64{123456789, -1001234567890, 0, 1, -1, 1<<63 - 1, -1 << 63} {
		sealed := sa.Seal(id)
		got, err := sa.Open(sealed)
		if err != nil || got != id {
			t.Errorf("Open(Seal(%d)) = %d, %v", id, got, err)
		}
		again := sa.Seal(id)
		if bytes.Equal(sealed, again) {
			t.Errorf("two seals of %d are equal; the nonce must be random", id)
		}
		if got, err := sa.Open(again); err != nil || got != id {
			t.Errorf("Open of the second seal of %d = %d, %v", id, got, err)
		}
		if id != 0 && id != 1 && id != -1 {
			var plain [8]byte
			binary.BigEndian.PutUint64(plain[:], uint64(id))
			for _, s := range [][]byte{sealed, again} {
				if bytes.Contains(s, plain[:]) || bytes.Contains(s, []byte(strconv.FormatInt(id, 10))) {
					t.Errorf("seal of %d contains the id: %x", id, s)
				}
			}
		}
		if got, err := sb.Open(sealed); err == nil {
			t.Errorf("a sealer with another secret opened the seal of %d as %d", id, got)
		}
	}

	sealed := sa.Seal(42)
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x01
		if got, err := sa.Open(bad); err == nil {
			t.Fatalf("Open of a seal with byte %d flipped = %d, nil; want error", i, got)
		}
	}
	for _, n := range []int{0, 1, 11, 12, 13, len(sealed) - 1} {
		if got, err := sa.Open(sealed[:n]); err == nil {
			t.Errorf("Open of a seal cut to %d bytes = %d, nil; want error", n, got)
		}
	}
	if _, err := sa.Open(append(bytes.Clone(sealed), 0)); err == nil {
		t.Error("Open of a seal with a byte appended: want error")
	}
	if _, err := sa.Open(nil); err == nil {
		t.Error("Open(nil): want error")
	}
}

// TestGroupCommit runs many transactions at once, so the committer carries several in one
// SQLite transaction, some failing and one panicking: each must succeed or fail alone. Run
// it with -race.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lantern.db")
	db := mustOpen(t, path)
	const goroutines, perG = 32, 20
	if err := db.SaveSession(ctx, "taken", []byte("x")); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	type kind int
	const (
		ok kind = iota
		fails
		violates // a statement fails on the primary key, then fn returns that error
		cancels  // the job's context is cancelled before it runs
		panics
	)
	kindOf := func(g, i int) kind {
		switch {
		case g == 13 && i == 7:
			return panics
		case (g+i)%5 == 2:
			return fails
		case (g*perG+i)%17 == 3:
			return violates
		case (g*perG+i)%41 == 5:
			return cancels
		}
		return ok
	}
	type panicValue struct{ g, i int }
	errFail := errors.New("fn failed")

	// Hold the committer in one transaction while the others start, so that they queue
	// up and are committed in groups.
	release, entered := make(chan struct{}), make(chan struct{})
	holdDone := make(chan error, 1)
	go func() {
		holdDone <- db.Tx(ctx, func(tx *sql.Tx) error {
			close(entered)
			<-release
			_, err := tx.Exec(`INSERT INTO sessions (chat_key, state, updated_at) VALUES ('holder', x'00', 0)`)
			return err
		})
	}()
	<-entered

	var (
		mu        sync.Mutex
		groups    = map[*sql.Tx][]kind{} // what ran in each SQLite transaction
		errs      = make([][]error, goroutines)
		recovered []any
	)
	var wg sync.WaitGroup
	for g := range goroutines {
		errs[g] = make([]error, perG)
		wg.Go(func() {
			for i := range perG {
				k := kindOf(g, i)
				jctx := ctx
				if k == cancels {
					jctx = cancelled
				}
				func() {
					defer func() {
						if p := recover(); p != nil {
							mu.Lock()
							recovered = append(recovered, p)
							mu.Unlock()
						}
					}()
					errs[g][i] = db.Tx(jctx, func(tx *sql.Tx) error {
						mu.Lock()
						groups[tx] = append(groups[tx], k)
						mu.Unlock()
						for _, suffix := range []string{"a", "b"} {
							if _, err := tx.Exec(`INSERT INTO sessions (chat_key, state, updated_at) VALUES (?, x'01', 0)`,
								fmt.Sprintf("g%02d-%02d%s", g, i, suffix)); err != nil {
								return err
							}
						}
						var n int
						if err := tx.QueryRow(`SELECT count(*) FROM sessions WHERE chat_key LIKE ?`, fmt.Sprintf("g%02d-%02d_", g, i)).Scan(&n); err != nil {
							return err
						}
						if n != 2 {
							return fmt.Errorf("transaction sees %d of its own 2 rows", n)
						}
						switch k {
						case fails:
							return fmt.Errorf("job %d/%d: %w", g, i, errFail)
						case violates:
							_, err := tx.Exec(`INSERT INTO sessions (chat_key, state, updated_at) VALUES ('taken', x'02', 0)`)
							if err == nil {
								return errors.New("inserting a duplicate chat key succeeded")
							}
							return err
						case panics:
							panic(panicValue{g, i})
						}
						return nil
					})
				}()
			}
		})
	}
	close(release)
	wg.Wait()
	if err := <-holdDone; err != nil {
		t.Fatalf("holding transaction: %v", err)
	}

	if len(recovered) != 1 || recovered[0] != (panicValue{13, 7}) {
		t.Errorf("recovered panics = %v, want exactly [{13 7}]", recovered)
	}
	var want []string
	for g := range goroutines {
		for i := range perG {
			err := errs[g][i]
			switch kindOf(g, i) {
			case ok:
				if err != nil {
					t.Errorf("job %d/%d: %v", g, i, err)
				}
				want = append(want, fmt.Sprintf("g%02d-%02da", g, i), fmt.Sprintf("g%02d-%02db", g, i))
			case fails:
				if !errors.Is(err, errFail) {
					t.Errorf("job %d/%d returned %v, want its own error", g, i, err)
				}
			case violates:
				if err == nil {
					t.Errorf("job %d/%d with a constraint violation returned nil", g, i)
				}
			case cancels:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("job %d/%d with a cancelled context returned %v", g, i, err)
				}
			case panics:
				if err != nil {
					t.Errorf("job %d/%d panicked and also returned %v", g, i, err)
				}
			}
		}
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT chat_key FROM sessions WHERE chat_key LIKE 'g%' ORDER BY chat_key`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		got = append(got, k)
	}
	rows.Close()
	if !slices.Equal(got, want) {
		extra, missing := 0, 0
		for _, k := range got {
			if !slices.Contains(want, k) {
				extra++
				if extra <= 5 {
					t.Errorf("row %s of a failed transaction was committed", k)
				}
			}
		}
		for _, k := range want {
			if !slices.Contains(got, k) {
				missing++
				if missing <= 5 {
					t.Errorf("row %s of a successful transaction is missing", k)
				}
			}
		}
		t.Errorf("%d rows committed, want %d (%d extra, %d missing)", len(got), len(want), extra, missing)
	}
	var state []byte
	if err := raw.QueryRow(`SELECT state FROM sessions WHERE chat_key = 'taken'`).Scan(&state); err != nil || !bytes.Equal(state, []byte("x")) {
		t.Errorf("the pre-existing row = %q, %v; want x", state, err)
	}
	if n := rawCount(t, path, `SELECT count(*) FROM sessions WHERE chat_key = 'holder'`); n != 1 {
		t.Error("the holding transaction was not committed")
	}

	// Report how the jobs were grouped; the checks above hold whatever the grouping.
	mixed, largest := 0, 0
	for _, ks := range groups {
		largest = max(largest, len(ks))
		if slices.Contains(ks, ok) && slices.ContainsFunc(ks, func(k kind) bool { return k != ok }) {
			mixed++
		}
	}
	t.Logf("%d SQLite transactions, largest carried %d jobs, %d mixed failures with successes", len(groups), largest, mixed)
}

// TestGroupCommitCancelledStatement cancels a transaction's context while its statement
// runs. go-sqlite3 then calls sqlite3_interrupt, and SQLite rolls back the whole SQLite
// transaction when an INSERT, UPDATE or DELETE inside it is interrupted: with group commit
// that transaction also carries other callers' jobs, which must never be told a falsehood:
// the group fails as a whole and says to try again. Each round only sometimes hits the
// statement while it runs (the cancel races with its start), so the test runs many rounds.
func TestGroupCommitCancelledStatement(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lantern.db")
	db := mustOpen(t, path)
	const rounds, rowsPerRound = 60, 5000

	var (
		mu      sync.Mutex
		results = map[string]error{} // innocent job's key -> what its Tx returned
		failed  int
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("i-%d-%d", g, n)
				err := db.Tx(context.Background(), func(tx *sql.Tx) error {
					_, err := tx.Exec(`INSERT INTO sessions (chat_key, state, updated_at) VALUES (?, x'00', 0)`, key)
					return err
				})
				mu.Lock()
				results[key] = err
				if err != nil {
					failed++
				}
				mu.Unlock()
			}
		})
	}

	cancelledErrs := make([]error, 0, rounds)
	for round := range rounds {
		ctx, cancel := context.WithCancel(context.Background())
		started := make(chan struct{})
		go func() {
			<-started
			cancel()
		}()
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			close(started)
			_, err := tx.ExecContext(ctx, `INSERT INTO sessions (chat_key, state, updated_at)
				SELECT 'c-' || ? || '-' || n, x'00', 0
				FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c LIMIT ?)`,
				round, rowsPerRound)
			return err
		})
		cancel()
		cancelledErrs = append(cancelledErrs, err)
		mu.Lock()
		harmed := failed > 0
		mu.Unlock()
		if harmed {
			break
		}
	}
	close(stop)
	wg.Wait()

	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stored := map[string]int{} // innocent key, or "c-<round>", -> rows
	rows, err := raw.Query(`SELECT CASE WHEN chat_key LIKE 'c-%' THEN rtrim(chat_key, '0123456789') ELSE chat_key END, count(*)
		FROM sessions GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		stored[k] = n
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}

	for round, err := range cancelledErrs {
		n := stored[fmt.Sprintf("c-%d-", round)]
		if (err == nil && n != rowsPerRound) || (err != nil && n != 0) {
			t.Errorf("cancelled transaction %d returned %v and left %d of its %d rows", round, err, n, rowsPerRound)
		}
	}
	// Tx's contract forbids a cancellable context inside fn (the store's own code never does
	// it); this job breaks it on purpose. What must still hold: no job is told it failed while
	// its row was committed, none is told it succeeded without it, and a job that failed
	// with the group is told to try again.
	phantom := 0
	for key, err := range results {
		n := stored[key]
		switch {
		case err != nil && n == 1:
			phantom++
			if phantom <= 3 {
				t.Errorf("job %s was committed although Tx returned %v", key, err)
			}
		case err != nil && !strings.Contains(err.Error(), "try again"):
			t.Errorf("job %s failed with %v; a job lost with its group must be told to try again", key, err)
		case err == nil && n != 1:
			t.Errorf("job %s returned nil but its row is missing", key)
		}
	}
}

// TestCloseCheckpoints checks that Close leaves the whole database in the main file: it
// runs a TRUNCATE checkpoint, and the last connection to close removes the WAL.
func TestCloseCheckpoints(t *testing.T) {
	ctx := t.Context()
	const n = 300

	write := func(t *testing.T, db *store.DB, prefix string) {
		t.Helper()
		for i := range n {
			if err := db.SaveSession(ctx, fmt.Sprintf("%s%04d", prefix, i), bytes.Repeat([]byte{'s'}, 200)); err != nil {
				t.Fatal(err)
			}
		}
	}
	walSize := func(path string) int64 {
		fi, err := os.Stat(path + "-wal")
		if errors.Is(err, os.ErrNotExist) {
			return 0
		}
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	// mainFileSessions copies the main database file alone, without its WAL, and counts the
	// sessions in the copy.
	mainFileSessions := func(t *testing.T, path string) int {
		t.Helper()
		cp := filepath.Join(t.TempDir(), "copy.db")
		src, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		dst, err := os.Create(cp)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		if err := dst.Close(); err != nil {
			t.Fatal(err)
		}
		return rawCount(t, cp, `SELECT count(*) FROM sessions`)
	}

	t.Run("OnlyHandle", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "lantern.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		write(t, db, "s")
		if walSize(path) == 0 {
			t.Fatal("no WAL before Close; the test proves nothing")
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if size := walSize(path); size != 0 {
			t.Errorf("WAL is %d bytes after Close, want empty or absent", size)
		}
		if got := mainFileSessions(t, path); got != n {
			t.Errorf("the main file alone holds %d sessions, want %d", got, n)
		}
	})

	t.Run("WhileAnotherHandleIsOpen", func(t *testing.T) {
		// The other handle keeps the WAL file alive, so only Close's own checkpoint
		// can have emptied it.
		path := filepath.Join(t.TempDir(), "lantern.db")
		other := mustOpen(t, path)
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		write(t, db, "s")
		if walSize(path) == 0 {
			t.Fatal("no WAL before Close; the test proves nothing")
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if size := walSize(path); size != 0 {
			t.Errorf("WAL is %d bytes after Close with another handle open, want 0 (TRUNCATE checkpoint)", size)
		}
		if got := mainFileSessions(t, path); got != n {
			t.Errorf("the main file alone holds %d sessions, want %d", got, n)
		}
		if c, err := other.CountSessions(ctx); err != nil || c != n {
			t.Errorf("other handle counts %d sessions, %v; want %d", c, err, n)
		}
	})
}
