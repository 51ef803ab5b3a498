package telegram_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/telegramtest"
)

// press presses a button of the bot's last message in a chat and waits for the turn.
func (b *bot) press(t *testing.T, srv *telegramtest.Server, chat int64, data string) {
	t.Helper()
	id, kb := lastButtons(t, srv, chat)
	if !strings.Contains(kb, `"`+data+`"`) {
		t.Fatalf("the last message has no button %q: %s", data, kb)
	}
	srv.PressButton(chat, id, data)
	b.settle(t, srv)
}

func (b *bot) typed(t *testing.T, srv *telegramtest.Server, chat int64, text string) {
	t.Helper()
	srv.SendText(chat, text)
	b.settle(t, srv)
}

// The report helper on Telegram: the summary quotes what the person typed, and those words
// never reach the database or the logs; they are gone from memory once the summary is sent
// (even when the first try to send it fails), and on /clear and /forget.
func TestReportHelperKeepsAnswersInMemoryOnly(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	dir := t.TempDir()
	b := startBot(t, srv.URL(), filepath.Join(dir, "l.db"), nil)
	mem := b.runner.Memory()
	const chat = 4242
	b.typed(t, srv, chat, "/start t-GB-en")
	// Tell someone: the share button reaches Telegram as a URL button.
	b.press(t, srv, chat, "g:teen_sx_tell")
	if _, kb := lastButtons(t, srv, chat); !strings.Contains(kb, `"url":"https://t.me/share/url?url=https%3A%2F%2Ft.me%2Flantern_test_bot%3Fstart%3Dp-GB-en\u0026text=`) {
		t.Fatalf("no share button: %s", kb)
	}
	b.press(t, srv, chat, "g:report_builder")
	b.press(t, srv, chat, "f:report_builder:0:1") // Snapchat
	b.typed(t, srv, chat, "ZebraFinch_4471")      // the other account
	if mem.Len() != 1 {
		t.Fatalf("answers held for %d chats, want 1", mem.Len())
	}
	b.press(t, srv, chat, "f:report_builder:2:s")
	b.press(t, srv, chat, "f:report_builder:3:0") // money
	b.press(t, srv, chat, "f:report_builder:4:1") // gift cards
	srv.FailNext("sendMessage", 1, telegramtest.ServerError(502))
	// (Not "... and my aunt", nor since round 41 "... and my cousins": the crisis backstops
	// read those as a crisis, and the crisis reply then comes first, with the question asked
	// again; share_form_test.go tests that.)
	b.typed(t, srv, chat, "Marmoset Academy and my football team")
	msgs := sent(srv, chat)
	var summary string
	for _, m := range msgs {
		if strings.HasPrefix(m, lib.Text("en", "form.title")) {
			summary = m
		}
	}
	for _, want := range []string{"Snapchat", "ZebraFinch_4471", "Marmoset Academy and my football team", lib.Text("en", "form.c.gift_card")} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, lib.Text("en", "form.l.started")) {
		t.Errorf("summary shows a skipped question:\n%s", summary)
	}
	contains(t, msgs, lib.Text("en", "form.ready"), "CEOP")
	if mem.Len() != 0 {
		t.Errorf("memory still holds %d chats after the summary was sent", mem.Len())
	}

	// Left half-done: /clear forgets the answers; so does /forget.
	for _, cmd := range []string{"/clear", "/forget"} {
		b.typed(t, srv, chat, "/start t-GB-en")
		b.press(t, srv, chat, "g:report_builder")
		b.typed(t, srv, chat, "Kestrel-Quill app")
		if mem.Len() != 1 {
			t.Fatalf("answer not held before %s", cmd)
		}
		b.typed(t, srv, chat, cmd)
		if mem.Len() != 0 {
			t.Errorf("%s left the answers in memory", cmd)
		}
	}
	b.stop(t)
	needles := []string{"ZebraFinch", "Marmoset", "Kestrel"}
	assertFilesLack(t, dir, needles...)
	for _, n := range needles {
		if strings.Contains(b.logs.String(), n) {
			t.Errorf("logs contain %q", n)
		}
	}
}

// If Telegram refuses a message because of a link button (a share link it finds too long),
// the words still arrive, with the other buttons.
func TestRefusedLinkButtonKeepsTheWords(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const chat = 4343
	b.typed(t, srv, chat, "/start t-GB-en")
	id, _ := lastButtons(t, srv, chat)
	srv.FailNext("sendMessage", 3, telegramtest.APIError(400, "Bad Request: BUTTON_URL_INVALID"))
	srv.PressButton(chat, id, "g:teen_sx_tell")
	b.settle(t, srv)
	contains(t, sent(srv, chat), lib.Text("en", "tell.opener.parent"))
	if _, kb := lastButtons(t, srv, chat); strings.Contains(kb, "share/url") || !strings.Contains(kb, `"g:report_builder"`) {
		t.Fatalf("want the opener's other buttons without the link: %s", kb)
	}
}
