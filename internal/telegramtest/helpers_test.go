package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/lantern-help/lantern/internal/telegramtest"
)

// envelope is the Bot API answer as a raw client sees it.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func newServer(t *testing.T, opts ...telegramtest.Option) *telegramtest.Server {
	t.Helper()
	s := telegramtest.New(opts...)
	t.Cleanup(s.Close)
	return s
}

func newBot(t *testing.T, s *telegramtest.Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	all := append([]bot.Option{bot.WithServerURL(s.URL()), bot.WithSkipGetMe()}, opts...)
	b, err := bot.New(s.Token(), all...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// do sends one raw request and decodes the envelope.
func do(t *testing.T, ctx context.Context, s *telegramtest.Server, method, contentType string, body io.Reader) (int, envelope) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/"+method, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("%s: answer is not JSON: %v: %s", method, err, raw)
	}
	if env.OK != (resp.StatusCode == 200) || (!env.OK && env.ErrorCode != resp.StatusCode) {
		t.Fatalf("%s: HTTP %d does not match envelope %s", method, resp.StatusCode, raw)
	}
	return resp.StatusCode, env
}

// form posts url-encoded parameters.
func form(t *testing.T, ctx context.Context, s *telegramtest.Server, method string, v url.Values) (int, envelope) {
	t.Helper()
	return do(t, ctx, s, method, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// jsonCall posts a JSON body.
func jsonCall(t *testing.T, ctx context.Context, s *telegramtest.Server, method string, v any) (int, envelope) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, ctx, s, method, "application/json", bytes.NewReader(b))
}

// updateIDs decodes a getUpdates result into its update ids.
func updateIDs(t *testing.T, env envelope) []int64 {
	t.Helper()
	var ups []struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(env.Result, &ups); err != nil {
		t.Fatalf("getUpdates result: %v: %s", err, env.Result)
	}
	ids := []int64{}
	for _, u := range ups {
		ids = append(ids, u.UpdateID)
	}
	return ids
}
