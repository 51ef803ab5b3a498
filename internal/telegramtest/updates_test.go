package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/telegramtest"
)

func getUpdates(t *testing.T, ctx context.Context, s *telegramtest.Server, v url.Values) []int64 {
	t.Helper()
	st, env := form(t, ctx, s, "getUpdates", v)
	if st != 200 {
		t.Fatalf("getUpdates %v: %d %+v", v, st, env)
	}
	return updateIDs(t, env)
}

func TestGetUpdatesOffsets(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	for i := 0; i < 3; i++ {
		s.SendText(1, "hi")
	}
	if got := getUpdates(t, ctx, s, nil); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Fatalf("first poll = %v", got)
	}
	// Not confirmed yet: the same updates again.
	if got := getUpdates(t, ctx, s, url.Values{"offset": {"1"}}); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Fatalf("offset=1 = %v", got)
	}
	// offset=3 confirms 1 and 2 for good.
	if got := getUpdates(t, ctx, s, url.Values{"offset": {"3"}}); !slices.Equal(got, []int64{3}) {
		t.Fatalf("offset=3 = %v", got)
	}
	if got := getUpdates(t, ctx, s, url.Values{"offset": {"1"}}); !slices.Equal(got, []int64{3}) {
		t.Fatalf("confirmed updates came back: %v", got)
	}
	s.SendText(1, "4")
	s.SendText(1, "5")
	if got := getUpdates(t, ctx, s, url.Values{"offset": {"3"}, "limit": {"2"}}); !slices.Equal(got, []int64{3, 4}) {
		t.Fatalf("limit=2 = %v", got)
	}
	if got := getUpdates(t, ctx, s, url.Values{"offset": {"6"}}); len(got) != 0 {
		t.Fatalf("offset=6 = %v", got)
	}
	if got := getUpdates(t, ctx, s, nil); len(got) != 0 {
		t.Fatalf("everything was confirmed, got %v", got)
	}
	// A negative offset keeps the last -offset updates and forgets the rest.
	for i := 0; i < 4; i++ {
		s.SendText(1, "x") // 6..9
	}
	if got := getUpdates(t, ctx, s, url.Values{"offset": {"-2"}}); !slices.Equal(got, []int64{8, 9}) {
		t.Fatalf("offset=-2 = %v", got)
	}
	if got := getUpdates(t, ctx, s, nil); !slices.Equal(got, []int64{8, 9}) {
		t.Fatalf("after offset=-2 = %v", got)
	}
}

func TestGetUpdatesAllowedUpdates(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	s.SendText(1, "a")                    // 1 message
	s.PressButton(1, 1, "x")              // 2 callback_query
	s.MyChatMember(1, "member", "kicked") // 3 my_chat_member
	s.SendText(1, "b")                    // 4 message
	got := getUpdates(t, ctx, s, url.Values{"allowed_updates": {`["callback_query","my_chat_member"]`}})
	if !slices.Equal(got, []int64{2, 3}) {
		t.Fatalf("allowed = %v", got)
	}
	// The setting sticks until changed; [] goes back to the default set.
	if got := getUpdates(t, ctx, s, nil); !slices.Equal(got, []int64{2, 3}) {
		t.Fatalf("sticky allowed = %v", got)
	}
	s.SendText(1, "c") // 5
	if got := getUpdates(t, ctx, s, url.Values{"allowed_updates": {`[]`}}); !slices.Equal(got, []int64{2, 3, 5}) {
		t.Fatalf("default set = %v", got)
	}
}

func TestLongPollWakesOnUpdate(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	type result struct {
		ids []int64
		err error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost,
			s.URL()+"/bot"+s.Token()+"/getUpdates?timeout=30", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		var env envelope
		err = json.NewDecoder(resp.Body).Decode(&env)
		var ups []struct {
			UpdateID int64 `json:"update_id"`
		}
		if err == nil {
			err = json.Unmarshal(env.Result, &ups)
		}
		var ids []int64
		for _, u := range ups {
			ids = append(ids, u.UpdateID)
		}
		done <- result{ids: ids, err: err}
	}()
	if err := s.WaitLongPoll(ctx); err != nil {
		t.Fatalf("WaitLongPoll: %v", err)
	}
	id := s.SendText(5, "hello")
	select {
	case r := <-done:
		if r.err != nil || !slices.Equal(r.ids, []int64{id}) {
			t.Fatalf("poll = %v, %v", r.ids, r.err)
		}
	case <-ctx.Done():
		t.Fatal("long poll did not return")
	}
}

func TestLongPollTimesOutAndEndsWithRequest(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	start := time.Now()
	if got := getUpdates(t, ctx, s, url.Values{"timeout": {"1"}}); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
	if el := time.Since(start); el < 900*time.Millisecond {
		t.Fatalf("returned after %v, before the 1 s timeout", el)
	}
	// The request's context ends: the handler returns and the poll is gone.
	pollCtx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(pollCtx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/getUpdates?timeout=50", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	if err := s.WaitLongPoll(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled poll: %v", err)
	}
	if _, err := s.WaitAnyCalls(ctx, "getUpdates", 2); err != nil {
		t.Fatalf("the cancelled poll was never finished: %v", err)
	}
}

func TestOverlappingPollsConflict(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	first := make(chan envelope, 1)
	go func() {
		_, env := form(t, ctx, s, "getUpdates", url.Values{"timeout": {"30"}})
		first <- env
	}()
	if err := s.WaitLongPoll(ctx); err != nil {
		t.Fatal(err)
	}
	second := make(chan []int64, 1)
	go func() {
		second <- getUpdates(t, ctx, s, url.Values{"timeout": {"30"}})
	}()
	env := <-first
	if env.OK || env.ErrorCode != 409 || !strings.Contains(env.Description, "terminated by other getUpdates request") {
		t.Fatalf("first poll = %+v", env)
	}
	if err := s.WaitLongPoll(ctx); err != nil {
		t.Fatal(err)
	}
	s.SendText(1, "x")
	if got := <-second; len(got) != 1 {
		t.Fatalf("second poll = %v", got)
	}
}

func TestWebhookModeConflicts(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	polled := make(chan envelope, 1)
	go func() {
		_, env := form(t, ctx, s, "getUpdates", url.Values{"timeout": {"30"}})
		polled <- env
	}()
	if err := s.WaitLongPoll(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.org/hook"}); err != nil {
		t.Fatal(err)
	}
	if env := <-polled; env.ErrorCode != 409 || env.Description != "Conflict: terminated by setWebhook request" {
		t.Fatalf("poll during setWebhook = %+v", env)
	}
	st, env := form(t, ctx, s, "getUpdates", nil)
	if st != 409 || !strings.Contains(env.Description, "webhook is active") {
		t.Fatalf("getUpdates with a webhook: %d %+v", st, env)
	}
	for _, bad := range []string{"", strings.Repeat("a", 257), "has space", "ümlaut"} {
		_, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.org/hook", SecretToken: bad})
		if (bad == "") != (err == nil) {
			t.Errorf("secret %q: %v", bad, err)
		}
	}
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "not a url"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("bad URL: %v", err)
	}
	s.SendText(1, "queued")
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "https://example.org/hook" || info.PendingUpdateCount != 1 {
		t.Fatalf("GetWebhookInfo = %+v, %v", info, err)
	}
	if _, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	if got := getUpdates(t, ctx, s, nil); len(got) != 0 {
		t.Fatalf("dropped updates came back: %v", got)
	}
}

// hook is a webhook receiver that checks the secret itself, as the
// library's WebhookHandler answers 200 to everything.
type hook struct {
	secret string
	got    chan http.Header
	bodies chan []byte
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.got <- r.Header.Clone()
	if h.secret != "" && r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != h.secret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.bodies <- body
}

func TestWebhookDelivery(t *testing.T) {
	for _, secret := range []string{"", "s3cret_-X"} {
		t.Run("secret="+secret, func(t *testing.T) {
			s := newServer(t)
			b := newBot(t, s)
			ctx := testCtx(t)
			h := &hook{secret: secret, got: make(chan http.Header, 10), bodies: make(chan []byte, 10)}
			receiver := httptest.NewServer(h)
			defer receiver.Close()
			if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: receiver.URL, SecretToken: secret}); err != nil {
				t.Fatal(err)
			}
			first := s.SendText(1, "one")
			s.SendText(1, "two")
			n, err := s.DeliverPendingWebhook(ctx)
			if err != nil || n != 2 {
				t.Fatalf("delivered %d: %v", n, err)
			}
			for i, want := range []string{"one", "two"} {
				hdr := <-h.got
				if got := hdr.Get("X-Telegram-Bot-Api-Secret-Token"); got != secret || hdr.Get("Content-Type") != "application/json" {
					t.Errorf("header secret = %q, content type %q", got, hdr.Get("Content-Type"))
				}
				var u models.Update
				if err := json.Unmarshal(<-h.bodies, &u); err != nil || u.Message == nil || u.Message.Text != want || u.ID != first+int64(i) {
					t.Errorf("update %d = %+v, %v", i, u, err)
				}
			}
			if len(s.PendingUpdates()) != 0 {
				t.Error("delivered updates still pending")
			}
			if secret == "" {
				return
			}
			raw, _ := s.Update(first)
			st, err := s.DeliverWebhookWithSecret(ctx, raw, "wrong")
			if err != nil || st != http.StatusUnauthorized {
				t.Fatalf("wrong secret: %d %v", st, err)
			}
			<-h.got
			st, err = s.DeliverWebhook(ctx, raw)
			if err != nil || st != 200 {
				t.Fatalf("right secret: %d %v", st, err)
			}
			<-h.got
			<-h.bodies
		})
	}
}

func TestWebhookFailureKeepsUpdateQueued(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	status := make(chan int, 10)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(<-status)
	}))
	defer receiver.Close()
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: receiver.URL}); err != nil {
		t.Fatal(err)
	}
	s.SendText(1, "a")
	s.SendText(1, "b")
	status <- 200
	status <- 500
	n, err := s.DeliverPendingWebhook(ctx)
	if n != 1 || err == nil {
		t.Fatalf("delivered %d, err %v", n, err)
	}
	info := s.WebhookInfo()
	if info.PendingUpdateCount != 1 || info.LastErrorDate == 0 || !strings.Contains(info.LastErrorMessage, "500") {
		t.Fatalf("info = %+v", info)
	}
	status <- 204
	if n, err := s.DeliverPendingWebhook(ctx); n != 1 || err != nil {
		t.Fatalf("retry delivered %d, %v", n, err)
	}
}

func TestWebhookWithLibraryHandler(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	got := make(chan string, 1)
	b := newBot(t, s, bot.WithWebhookSecretToken("tok"), bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if u.Message != nil {
			got <- u.Message.Text
		}
	}))
	botCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go b.StartWebhook(botCtx)
	receiver := httptest.NewServer(b.WebhookHandler())
	defer receiver.Close()
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: receiver.URL, SecretToken: "tok"}); err != nil {
		t.Fatal(err)
	}
	s.SendText(9, "via webhook")
	if _, err := s.DeliverPendingWebhook(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case text := <-got:
		if text != "via webhook" {
			t.Fatalf("text = %q", text)
		}
	case <-ctx.Done():
		t.Fatal("handler never ran")
	}
}

// TestLibraryPolling runs the real client's getUpdates loop end to end.
func TestLibraryPolling(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	b := newBot(t, s,
		bot.WithHTTPClient(3*time.Second, &http.Client{Timeout: 10 * time.Second}),
		bot.WithNotAsyncHandlers(),
		bot.WithAllowedUpdates(bot.AllowedUpdates{"message", "callback_query"}),
	)
	b.RegisterHandler(bot.HandlerTypeMessageText, "start", bot.MatchTypeCommandStartOnly, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "welcome " + strings.Fields(u.Message.Text)[1]})
	})
	b.RegisterHandler(bot.HandlerTypeCallbackQueryData, "go", bot.MatchTypeExact, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID})
	})
	botCtx, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		b.Start(botCtx)
		close(stopped)
	}()
	defer func() {
		cancel()
		<-stopped
	}()

	s.SendText(42, "/start abc")
	calls, err := s.WaitCalls(ctx, "sendMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Params["text"] != "welcome abc" {
		t.Fatalf("reply = %v", calls[0].Params)
	}
	_, cbID := s.PressButton(42, 2, "go")
	if _, err := s.WaitCalls(ctx, "answerCallbackQuery", 1); err != nil {
		t.Fatal(err)
	}
	if !s.CallbackAnswered(cbID) {
		t.Fatal("callback not answered")
	}
	// The client confirms both updates by polling with offset 3.
	_, err = s.WaitCallsFunc(ctx, func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Method == "getUpdates" && c.Params["offset"] == "3" {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no poll with offset 3: %v", err)
	}
	polls := s.CallsOf("getUpdates")
	if polls[0].Params["allowed_updates"] != `["message","callback_query"]` || polls[0].Params["timeout"] != "2" {
		t.Errorf("poll params = %v", polls[0].Params)
	}
}

func TestWaitCallsEndsWithContext(t *testing.T) {
	s := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.WaitCalls(ctx, "sendMessage", 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestAddUpdate(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)
	id, err := s.AddUpdate(json.RawMessage(`{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"raw"}}`))
	if err != nil || id != 1 {
		t.Fatalf("AddUpdate = %d, %v", id, err)
	}
	if _, err := s.AddUpdate(json.RawMessage(`{"update_id":1,"message":{}}`)); err == nil {
		t.Fatal("a repeated update_id was accepted")
	}
	if id, err := s.AddUpdate(json.RawMessage(`{"update_id":10,"message":{}}`)); err != nil || id != 10 {
		t.Fatalf("explicit id = %d, %v", id, err)
	}
	for _, bad := range []string{`[]`, `nope`, `{"update_id":11}`, `null`} {
		if _, err := s.AddUpdate(json.RawMessage(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if got := getUpdates(t, ctx, s, nil); !slices.Equal(got, []int64{1, 10}) {
		t.Fatalf("got %v", got)
	}
	if s.SendText(1, "next") != 11 {
		t.Fatal("ids do not continue after an explicit id")
	}
}
