package telegram_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/telegram"
	"github.com/lantern-help/lantern/internal/telegramtest"
)

// More chats with queued replies at start than any buffer holds: all are sent.
func TestManyQueuedChatsAtStart(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 5,000 messages")
	}
	srv := telegramtest.New()
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "l.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	keyer, _ := store.NewKeyer(secret)
	sealer, _ := store.NewSealer(secret)
	const chats = 5000
	ctx := context.Background()
	for i := 0; i < chats; i++ {
		id := int64(200000 + i)
		op := store.Op{Method: "sendMessage", Params: []byte(`{"text":"queued before a restart"}`)}
		if err := db.Queue(ctx, 0, keyer.ChatKey("telegram", id), sealer.Seal(id), []store.Op{op}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b := startBot(t, srv.URL(), path, nil)
	if _, err := srv.WaitCalls(ctxT(t), "sendMessage", chats); err != nil {
		t.Fatalf("%v: %d of %d sent", err, len(srv.CallsOf("sendMessage")), chats)
	}
	b.stop(t)
}

// Stopping while replies are backed up (Telegram failing) returns promptly.
func TestStopWithBacklog(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), func(c *telegram.Config) {
		c.DrainFor = 100 * time.Millisecond
		c.Senders = 2
	})
	srv.FailNext("sendMessage", 100000, telegramtest.ServerError(502))
	for i := 0; i < 40; i++ {
		srv.SendText(int64(6000+i), "/help")
	}
	waitFor(t, func() bool { n, _ := b.db.OutboxDepth(context.Background()); return n >= 40 })
	done := make(chan struct{})
	go func() { b.stop(t); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return while replies were backed up")
	}
}

// Words typed after a command are read like any message: a crisis in them is answered, and
// nothing typed after /start or as a command name is stored.
func TestCommandsCarryNoText(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	dir := t.TempDir()
	b := startBot(t, srv.URL(), filepath.Join(dir, "l.db"), nil)
	const chat = 7001
	srv.SendText(chat, "/help he says he will post my pics, i want to die")
	b.settle(t, srv)
	contains(t, sent(srv, chat), lib.Text("en", firstText(lib.Flow.Crisis)))
	srv.SendText(chat, "/start my name is Zebulon Quasimodo and I live at 5 Elm St")
	srv.SendText(chat, "/ZebulonQuasimodo14")
	b.settle(t, srv)
	contains(t, sent(srv, chat), lib.Text("en", "command.unknown"))
	b.stop(t)
	assertFilesLack(t, dir, "Zebulon", "zebulon", "Quasimodo", "quasimodo", "Elm St")
}

// In a group, a command for another bot gets no answer.
func TestGroupCommandForAnotherBot(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const group = -3001
	srv.SendGroupText(group, "/start@some_other_bot")
	srv.SendGroupText(group, fmt.Sprintf("/help@%s", strings.ToUpper(telegramtest.DefaultBotUsername)))
	b.settle(t, srv)
	if n := len(sent(srv, group)); n != 1 {
		t.Errorf("%d messages to the group, want 1 (only the command for this bot)", n)
	}
}
