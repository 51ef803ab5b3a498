package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/telegramtest"
	"github.com/lantern-help/lantern/internal/turn"
)

// An update stored but not yet handled when the process died (between the inbox insert and
// the turn) is handled at the next start, once.
func TestResumePendingUpdate(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	secret := bytes.Repeat([]byte("r"), 32)
	keyer, _ := store.NewKeyer(secret)
	sealer, _ := store.NewSealer(secret)
	const chat = 5001
	ev, _ := encodeStored(stored{Kind: dialog.Command, Command: "privacy"})
	ctx := context.Background()
	if fresh, err := db.Ingest(ctx, store.Update{ID: 77, ChatKey: keyer.ChatKey(channel, chat), Chat: sealer.Seal(chat), Event: ev}, 0); err != nil || !fresh {
		t.Fatal(fresh, err)
	}
	r := &turn.Runner{Engine: dialog.New(lib, hotline.New(lib.Countries)), Assessor: safety.NewRules(lib), Store: db, Keyer: keyer}
	s, err := New(Config{Token: telegramtest.DefaultToken, APIURL: srv.URL(), PollTimeout: time.Second, GlobalRate: -1, ChatRate: -1}, r, sealer, nil)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	want := len(lib.Node("privacy").Shown(false))
	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	if _, err := srv.WaitCalls(wctx, "sendMessage", want); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(srv.CallsOf("sendMessage")); n != want {
		t.Errorf("%d messages, want %d", n, want)
	}
	if p, _ := db.Pending(ctx); len(p) != 0 {
		t.Errorf("%d updates still pending", len(p))
	}
}

// An update stored by the version before Articles (one article slug, "t") still gives that
// article when it is handled after an upgrade; a new one keeps its list.
func TestStoredArticleFromAnEarlierVersion(t *testing.T) {
	var old stored
	if err := json.Unmarshal([]byte(`{"k":1,"t":"take-it-down","a":{}}`), &old); err != nil {
		t.Fatal(err)
	}
	if got := old.event().Articles; !slices.Equal(got, []string{"take-it-down"}) {
		t.Errorf("old stored update: articles %v, want [take-it-down]", got)
	}
	raw, err := json.Marshal(stored{Articles: []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	var now stored
	if err := json.Unmarshal(raw, &now); err != nil {
		t.Fatal(err)
	}
	if got := now.event().Articles; !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("stored update: articles %v, want [a b]", got)
	}
}
