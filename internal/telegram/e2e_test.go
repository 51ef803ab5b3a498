package telegram_test

import (
	"bytes"
	"context"
	"html"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safetytest"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/telegram"
	"github.com/lantern-help/lantern/internal/telegramtest"
	"github.com/lantern-help/lantern/internal/turn"
)

var secret = bytes.Repeat([]byte("s"), 32)

// syncBuffer collects logs from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// bot is a running Lantern on a real SQLite file, talking to the fake Bot API with the real
// go-telegram/bot client.
type bot struct {
	svc    *telegram.Service
	runner *turn.Runner
	db     *store.DB
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

var lib = func() *content.Library {
	l, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		panic(err)
	}
	return l
}()

func startBot(t testing.TB, apiURL string, dbPath string, tweak func(*telegram.Config)) *bot {
	t.Helper()
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	keyer, _ := store.NewKeyer(secret)
	sealer, _ := store.NewSealer(secret)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := &turn.Runner{Engine: dialog.New(lib, hotline.New(lib.Countries)), Assessor: safetytest.Rules(), Store: db, Keyer: keyer, Log: log}
	cfg := telegram.Config{
		Token: telegramtest.DefaultToken, APIURL: apiURL, PollTimeout: time.Second,
		GlobalRate: -1, ChatRate: -1, DrainFor: 2 * time.Second,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	svc, err := telegram.New(cfg, r, sealer, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &bot{svc: svc, runner: r, db: db, cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { b.done <- svc.Run(ctx) }()
	t.Cleanup(func() { b.stop(t) })
	return b
}

// stop ends the bot as SIGTERM would, and closes its database.
func (b *bot) stop(t testing.TB) {
	if b.cancel == nil {
		return
	}
	b.cancel()
	b.cancel = nil
	select {
	case err := <-b.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	b.db.Close()
}

// ctxT is a test's deadline for what it waits on. It is long because a bot started in a
// child process learns its backstop models first: under -race on a loaded two-core machine
// TestKill9 once waited more than 30 s for its first reply (2026-11-29); a passing test never
// waits for the deadline.
func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// sent returns the texts the bot sent to a chat, unescaped, in order.
func sent(srv *telegramtest.Server, chatID int64) []string { return sentIn(srv.Calls(), chatID) }

func sentIn(calls []telegramtest.Call, chatID int64) []string {
	var out []string
	for _, c := range calls {
		if c.Method == "sendMessage" && c.OK() && c.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
			out = append(out, html.UnescapeString(c.Params["text"]))
		}
	}
	return out
}

// waitSent waits until the chat has received n messages.
func waitSent(t *testing.T, srv *telegramtest.Server, chatID int64, n int) []string {
	t.Helper()
	_, err := srv.WaitCallsFunc(ctxT(t), func(calls []telegramtest.Call) bool { return len(sentIn(calls, chatID)) >= n })
	if err != nil {
		t.Fatalf("waiting for %d messages to %d: %v; got %d:\n%s", n, chatID, err, len(sent(srv, chatID)), strings.Join(sent(srv, chatID), "\n---\n"))
	}
	return sent(srv, chatID)
}

// lastButtons returns the message id and the callback data of the buttons of the last
// message the bot sent to a chat.
func lastButtons(t *testing.T, srv *telegramtest.Server, chatID int64) (int, string) {
	t.Helper()
	m, ok := srv.LastMessage(chatID)
	if !ok || !m.FromBot() {
		t.Fatalf("no last bot message in %d", chatID)
	}
	return m.MessageID, string(m.ReplyMarkup)
}

func contains(t *testing.T, texts []string, wants ...string) {
	t.Helper()
	all := strings.Join(texts, "\n")
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("messages lack %q:\n%s", w, all)
		}
	}
}

// A teen's first visit: /start, who, where, then a sextortion message: the advice with the
// region's contacts; every button press answered.
func TestConversation(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const chat = 1001

	srv.SendText(chat, "/start")
	msgs := waitSent(t, srv, chat, 4)
	contains(t, msgs, lib.Text("en", "welcome.hello"))
	id, kb := lastButtons(t, srv, chat)
	if !strings.Contains(kb, `"a:teen"`) {
		t.Fatalf("audience buttons missing: %s", kb)
	}
	_, cq := srv.PressButton(chat, id, "a:teen")
	n := len(waitSent(t, srv, chat, len(msgs)+1))
	id, kb = lastButtons(t, srv, chat)
	if !strings.Contains(kb, `"r:GB"`) {
		t.Fatalf("region buttons missing: %s", kb)
	}
	_, cq2 := srv.PressButton(chat, id, "r:GB")
	n = len(waitSent(t, srv, chat, n+2))

	srv.SendText(chat, "someone says he will post my nudes unless i pay him")
	msgs = waitSent(t, srv, chat, n+7)
	contains(t, msgs[n:], "116 123", "999", "0800 1111", "Report Remove", "CEOP")
	if !srv.CallbackAnswered(cq) || !srv.CallbackAnswered(cq2) {
		t.Error("a button press was not answered")
	}
	for _, c := range srv.CallsOf("sendMessage") {
		if c.Params["parse_mode"] != "HTML" {
			t.Errorf("sendMessage without HTML parse mode: %v", c.Params)
		}
	}
	if len(srv.CallsOf("setMyCommands")) == 0 || srv.Description("") == "" {
		t.Error("commands or description not published")
	}
	if len(srv.CallsOf("getFile")) > 0 {
		t.Error("getFile was called")
	}
	var links int
	for _, c := range srv.CallsOf("sendMessage") {
		if strings.Contains(c.Params["reply_markup"], `"url":"https://takeitdown.ncmec.org/"`) {
			links++
		}
	}
	if links == 0 {
		t.Error("no URL button for Take It Down")
	}

	// A school's deep link lands a student straight in the right place.
	const student = 1011
	srv.SendText(student, "/start t-US-en-abcd1234")
	b.settle(t, srv)
	srv.SendText(student, "he says he'll send my pics to everyone unless i pay")
	b.settle(t, srv)
	contains(t, sent(srv, student), "988", "911", "1-800-843-5678")
	b.stop(t)
}

// Media is deleted unseen, never downloaded, and the person is told why.
func TestMediaDeleted(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	dir := t.TempDir()
	startBot(t, srv.URL(), filepath.Join(dir, "l.db"), nil)
	const chat = 1002
	for i, kind := range telegramtest.MediaKinds {
		srv.SendMedia(chat, kind)
		if _, err := srv.WaitCalls(ctxT(t), "deleteMessage", i+1); err != nil {
			t.Fatalf("%s: not deleted: %v", kind, err)
		}
	}
	msgs := waitSent(t, srv, chat, len(telegramtest.MediaKinds))
	contains(t, msgs, lib.Text("en", firstText(lib.Flow.Media)))
	for _, m := range srv.Messages(chat) {
		if !m.FromBot() {
			t.Errorf("a message from the person is still in the chat: %s", m.Kind())
		}
	}
	if len(srv.CallsOf("getFile")) > 0 {
		t.Error("getFile was called")
	}
	assertFilesLack(t, dir, "AgIAAxkBAAIfake", "AgADfake")
}

func firstText(node string) string {
	for _, m := range lib.Node(node).Say {
		if m.Text != "" {
			return m.Text
		}
	}
	return ""
}

// assertFilesLack checks that no file of the database holds any of the needles.
func assertFilesLack(t *testing.T, dir string, needles ...string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				t.Errorf("%s contains %q", filepath.Base(f), n)
			}
		}
	}
}

// In a group the bot says one line with a link to the private chat, and keeps nothing.
func TestGroupGetsOneLine(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const group = -2001
	srv.SendGroupText(group, "hello everyone, my ex is sharing my pics") // not addressed to the bot
	srv.SendGroupText(group, "/start@"+telegramtest.DefaultBotUsername)
	msgs := waitSent(t, srv, group, 1)
	if len(msgs) != 1 || msgs[0] != lib.Text("en", "group.private_only") {
		t.Fatalf("group got %q", msgs)
	}
	_, kb := lastButtons(t, srv, group)
	if !strings.Contains(kb, "https://t.me/"+telegramtest.DefaultBotUsername) {
		t.Errorf("no link to the private chat: %s", kb)
	}
	if n, _ := b.db.CountSessions(context.Background()); n != 0 {
		t.Errorf("%d sessions stored for a group", n)
	}
}

// A storm of 429s: every reply is still delivered, in order, after its retry_after.
func TestTooManyRequests(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const chat = 1003
	srv.FailNext("sendMessage", 3, telegramtest.TooManyRequests(1))
	start := time.Now()
	srv.SendText(chat, "/help")
	want := len(lib.Node("help").Say)
	msgs := waitSent(t, srv, chat, want)
	if time.Since(start) < time.Second {
		t.Errorf("replies arrived before retry_after had passed")
	}
	for i, m := range lib.Node("help").Say {
		if !strings.HasPrefix(msgs[i], lib.Text("en", m.Text)) {
			t.Errorf("message %d out of order: %q", i, msgs[i])
		}
	}
	if len(msgs) != want {
		t.Errorf("got %d messages, want %d (none twice)", len(msgs), want)
	}
	if !strings.Contains(b.logs.String(), "retry_after_s") {
		t.Error("the 429 was not logged")
	}
}

// 5xx answers and dropped connections are retried until the reply goes through.
func TestServerErrorsRetried(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const chat = 1004
	srv.FailNext("sendMessage", 1, telegramtest.ServerError(502))
	srv.FailNext("sendMessage", 1, telegramtest.BadGatewayHTML())
	srv.FailNext("sendMessage", 1, telegramtest.Drop())
	srv.SendText(chat, "/privacy")
	want := len(lib.Node("privacy").Shown(false))
	msgs := waitSent(t, srv, chat, want)
	if len(msgs) != want {
		t.Errorf("got %d messages, want %d", len(msgs), want)
	}
}

// A person who blocked the bot gets nothing more, and their queue is dropped.
func TestBlockedChat(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const chat = 1005
	srv.BlockChat(chat)
	srv.SendText(chat, "/help")
	if _, err := srv.WaitAnyCalls(ctxT(t), "sendMessage", 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { n, _ := b.db.OutboxDepth(context.Background()); return n == 0 })
	if got := len(srv.CallsOf("sendMessage")); got != 1 {
		t.Errorf("%d sendMessage calls to a chat that blocked the bot; want 1", got)
	}
}

// settle waits until every stored update has had its turn and every reply has gone out.
func (b *bot) settle(t *testing.T, srv *telegramtest.Server) {
	t.Helper()
	waitFor(t, func() bool { return len(srv.PendingUpdates()) == 0 })
	waitFor(t, func() bool {
		p, err := b.db.Pending(context.Background())
		n, err2 := b.db.OutboxDepth(context.Background())
		return err == nil && err2 == nil && len(p) == 0 && n == 0
	})
}

// waitFor waits until cond holds. The deadline is generous on purpose: it bounds a hang, it
// does not measure speed, and a bot started in a child process under -race spends ~10 s
// (more on a loaded machine) learning its rules before it reads the first update.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	// A child process builds the classifier before it polls: under -race on a loaded
	// machine that once took more than 90 seconds.
	deadline := time.Now().Add(3 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// An abrupt stop with replies still queued (Telegram failing), then a restart: every reply
// is sent, exactly once, in order.
func TestRestartSendsQueuedRepliesOnce(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "l.db")
	b := startBot(t, srv.URL(), path, func(c *telegram.Config) { c.DrainFor = time.Millisecond })
	const chat = 1006
	srv.FailNext("sendMessage", 1000, telegramtest.ServerError(500))
	srv.SendText(chat, "someone says he will post my nudes unless i pay him")
	var queued int64
	waitFor(t, func() bool { queued, _ = b.db.OutboxDepth(context.Background()); return queued > 0 })
	b.stop(t) // the turn committed all its replies at once; none has gone out
	srv.ClearFaults()
	if got := len(sent(srv, chat)); got != 0 {
		t.Fatalf("%d messages got through while Telegram was failing", got)
	}

	b2 := startBot(t, srv.URL(), path, nil)
	b2.settle(t, srv)
	msgs := sent(srv, chat)
	if int64(len(msgs)) != queued {
		t.Errorf("%d replies were queued, %d sent: none may be lost or sent twice", queued, len(msgs))
	}
	contains(t, msgs, "I'm really glad you told me", "findahelpline.com")
	b2.stop(t)
}

// /clear deletes both sides of the chat; /forget erases everything and says so.
func TestClearAndForget(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	dir := t.TempDir()
	b := startBot(t, srv.URL(), filepath.Join(dir, "l.db"), nil)
	const chat = 1007
	srv.SendText(chat, "/start")
	waitSent(t, srv, chat, 1)
	b.settle(t, srv)
	srv.SendText(chat, "my friend is being blackmailed")
	waitSent(t, srv, chat, len(sent(srv, chat))+1)
	b.settle(t, srv)
	before := len(srv.Messages(chat))
	if before < 10 {
		t.Fatalf("chat has %d messages before /clear", before)
	}
	srv.SendText(chat, "/clear")
	b.settle(t, srv)
	left := srv.Messages(chat)
	if len(left) != 1 || left[0].Text != lib.Text("en", "clear.done") {
		var texts []string
		for _, m := range left {
			texts = append(texts, m.Text)
		}
		t.Fatalf("after /clear the chat shows %d of %d messages: %q", len(left), before, texts)
	}

	srv.SendText(chat, "/forget")
	b.settle(t, srv)
	msgs := sent(srv, chat)
	if msgs[len(msgs)-1] != lib.Text("en", "forget.done") {
		t.Errorf("/forget answered %q", msgs[len(msgs)-1])
	}
	if c, _ := b.db.CountSessions(context.Background()); c != 0 {
		t.Errorf("%d sessions after /forget", c)
	}
}

// The logs hold no message text, names, usernames, chat ids or the token.
func TestLogsHoldNoPersonalData(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	dir := t.TempDir()
	b := startBot(t, srv.URL(), filepath.Join(dir, "l.db"), nil)
	const chat = 7700900461
	srv.FailNext("sendMessage", 1, telegramtest.TooManyRequests(1))
	srv.FailNext("sendMessage", 1, telegramtest.ServerError(502))
	srv.SendText(chat, "/start")
	srv.SendText(chat, "Quokka-Zephyr says he will leak my nudes unless i pay, i want to die")
	srv.SendMedia(chat, "photo")
	waitSent(t, srv, chat, 10)
	b.stop(t)
	logs := b.logs.String()
	if !strings.Contains(logs, "retry_after_s") {
		t.Fatal("expected some logging to check")
	}
	for _, n := range []string{"Quokka", "nudes", "want to die", "test_user", `"Test"`, strconv.Itoa(chat), telegramtest.DefaultToken} {
		if strings.Contains(logs, n) {
			t.Errorf("logs contain %q", n)
		}
	}
	assertFilesLack(t, dir, "Quokka", "nudes", "test_user", strconv.Itoa(chat))
}
