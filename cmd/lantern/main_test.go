package main

import (
	"time"

	"bytes"
	"context"
	"encoding/json"
	"github.com/lantern-help/lantern/internal/telegramtest"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// lantern runs the command as a person would, with its own settings, and returns the exit
// code and what it printed.
func lantern(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func tempEnv(t *testing.T) map[string]string {
	return map[string]string{"LANTERN_DB": filepath.Join(t.TempDir(), "lantern.db")}
}

func TestChatPiped(t *testing.T) {
	code, out, errs := lantern(t, tempEnv(t), "someone says he will post my nudes unless i pay him\n",
		"chat", "--audience", "teen", "--region", "US", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"1-800-843-5678", "Take It Down", "988", "911"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestChatRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"chat", "--audience", "robot"},
		{"chat", "--region", "Narnia"},
		{"chat", "--lang", "tlh"},
	} {
		code, _, errs := lantern(t, tempEnv(t), "", args...)
		if code == 0 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want a clear error", args, code, errs)
		}
	}
	if code, _, _ := lantern(t, tempEnv(t), "", "chat", "--nonsense"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
}

func TestHotlinesJSON(t *testing.T) {
	code, out, errs := lantern(t, nil, "", "hotlines", "--country", "gb", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no entries")
	}
	fields := []string{"country", "kind", "name", "phone", "sms", "web", "chat", "hours", "languages", "audience", "source", "checked"}
	seen := map[string]bool{}
	for _, e := range entries {
		for _, f := range fields {
			if _, ok := e[f]; !ok {
				t.Errorf("entry %v lacks %q", e["name"], f)
			}
		}
		if e["source"] == "" || e["checked"] == "" {
			t.Errorf("entry %v has no source or checked date", e["name"])
		}
		seen[e["phone"].(string)] = true
	}
	for _, phone := range []string{"0800 1111", "999", "116 123"} {
		if !seen[phone] {
			t.Errorf("GB list lacks %s", phone)
		}
	}
	if code, _, _ := lantern(t, nil, "", "hotlines", "--country", "Narnia"); code != 1 {
		t.Errorf("bad country: exit %d, want 1", code)
	}
}

func TestContentCheck(t *testing.T) {
	code, out, errs := lantern(t, nil, "", "content", "check")
	if code != 0 || !strings.Contains(out, "0 errors") {
		t.Fatalf("embedded content: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = lantern(t, nil, "", "content", "check", "../../content")
	if code != 0 || !strings.Contains(out, "(../../content)") {
		t.Fatalf("content folder: exit %d\n%s", code, out)
	}
	if code, _, errs := lantern(t, nil, "", "content", "check", t.TempDir()); code != 1 || !strings.Contains(errs, "flows.yaml") {
		t.Fatalf("empty folder: exit %d, stderr %q", code, errs)
	}
}

func TestServeWithoutToken(t *testing.T) {
	code, _, errs := lantern(t, tempEnv(t), "", "serve")
	if code != 1 || !strings.Contains(errs, "BotFather") || !strings.Contains(errs, "lantern chat") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errs := lantern(t, nil, "", "dance"); code != 2 || !strings.Contains(errs, "Usage") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestPurge(t *testing.T) {
	env := tempEnv(t)
	if code, _, errs := lantern(t, env, "hello\n", "chat"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := lantern(t, env, "", "purge")
	if code != 0 || !strings.Contains(out, "deleted 0 sessions") {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
}

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.Write([]byte("ok"))
			return
		}
		http.Error(w, "no", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if code, out, errs := lantern(t, nil, "", "health", "--http-addr", addr); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("healthz: exit %d %s %s", code, out, errs)
	}
	if code, _, _ := lantern(t, nil, "", "health", "--http-addr", addr, "--path", "/readyz"); code != 1 {
		t.Fatalf("readyz down: exit %d, want 1", code)
	}
}

func TestClassify(t *testing.T) {
	in := `{"id":"a","text":"he will leak my nudes unless i pay","lang":"en"}
{"id":"b","text":"i want to die"}
{"id":"c","text":"он угрожает разослать мои фото если я не заплачу"}
{"id":"d","text":"ele disse que vai mandar minhas fotos pra minha família se eu não pagar"}
{"id":"e","text":"ok"}
`
	code, out, errs := lantern(t, nil, in, "classify")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("output: %q", out)
	}
	var a, b map[string]any
	json.Unmarshal([]byte(lines[0]), &a)
	json.Unmarshal([]byte(lines[1]), &b)
	if a["id"] != "a" || a["intent"] != "sextortion" || a["source"] != "rules" || b["intent"] != "crisis" || b["lang"] != "en" {
		t.Errorf("got %v and %v", a, b)
	}
	// A line without lang is read in the language its text is written in; English when
	// the text does not tell.
	for i, want := range []string{"ru", "pt", "en"} {
		var got map[string]any
		json.Unmarshal([]byte(lines[2+i]), &got)
		if got["lang"] != want || (want != "en" && got["intent"] != "sextortion") {
			t.Errorf("line %d: got %v, want lang %s", 3+i, got, want)
		}
	}
	if code, _, _ := lantern(t, nil, "not json\n", "classify"); code != 1 {
		t.Errorf("bad input: exit %d, want 1", code)
	}
}

// TestServe runs `lantern serve` as wired for production against the fake Bot API: it
// answers /start, refuses a second instance on the same database, keeps the token out of
// its logs, and stops cleanly when its context ends.
func TestServe(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	env := tempEnv(t)
	env["TELEGRAM_BOT_TOKEN"] = telegramtest.DefaultToken
	env["TELEGRAM_API_URL"] = srv.URL()
	env["LANTERN_HTTP_ADDR"] = "127.0.0.1:0"
	env["LANTERN_RATE_GLOBAL"], env["LANTERN_RATE_CHAT"] = "-1", "-1"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out, errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	}()
	srv.SendText(4242, "/start")
	// The first reply waits for the whole start (content, rules and their models learnt from
	// the examples): under -race on a busy two-core machine that once took over 30 s. The
	// limit only catches a serve that never answers.
	wctx, wcancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer wcancel()
	if _, err := srv.WaitCalls(wctx, "sendMessage", 1); err != nil {
		cancel()
		t.Fatalf("no reply: %v\nstderr: %s", err, errb.String())
	}
	// A second instance on the same database is refused.
	if code, _, errs := lantern(t, env, "", "serve"); code != 1 || !strings.Contains(errs, "in use") {
		t.Errorf("second instance: exit %d, stderr %q", code, errs)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(errb.String(), telegramtest.DefaultToken) {
		t.Error("the token was logged")
	}
}

// With a model configured (even one that is down), /privacy says where the messages it reads
// go; without one it does not.
func TestChatPrivacyNamesTheModel(t *testing.T) {
	const says = "AI model"
	env := tempEnv(t)
	code, out, errs := lantern(t, env, "/privacy\n", "chat", "--audience", "teen", "--region", "GB", "--lang", "en")
	if code != 0 || strings.Contains(out, says) {
		t.Fatalf("no model: exit %d, %s\n%s", code, errs, out)
	}
	env = tempEnv(t)
	env["LANTERN_LLM"], env["LANTERN_LLM_MODEL"], env["LANTERN_LLM_KEY"] = "openai", "m", "k"
	env["LANTERN_LLM_URL"] = "http://127.0.0.1:9/v1" // nothing listens: the model is down
	code, out, errs = lantern(t, env, "/privacy\n", "chat", "--audience", "teen", "--region", "GB", "--lang", "en")
	if code != 0 || !strings.Contains(out, says) {
		t.Fatalf("with a model: exit %d, %s\n%s", code, errs, out)
	}
}
