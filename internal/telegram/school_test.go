package telegram_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/qrtest"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/telegramtest"
)

// A staff member shares Lantern on Telegram: a code, student and parent links, and a poster
// sent as a document whose QR reads back the student link. A student who opens that link
// lands in the teen menu of the school's region and is counted under the code; /stats shows
// the staff member only suppressed counts.
func TestSchoolShareOnTelegram(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := startBot(t, srv.URL(), filepath.Join(t.TempDir(), "l.db"), nil)
	const staff, student = 5001, 5002
	b.typed(t, srv, staff, "/start s-GB-en")
	b.press(t, srv, staff, "g:school_share")
	texts := strings.Join(sent(srv, staff), "\n")
	m := regexp.MustCompile(`https://t\.me/lantern_test_bot\?start=t-GB-en-([A-Za-z0-9]+)`).FindStringSubmatch(texts)
	if m == nil {
		t.Fatalf("no student link in:\n%s", texts)
	}
	code, studentLink := m[1], m[0]
	if !strings.Contains(texts, "https://t.me/lantern_test_bot?start=p-GB-en-"+code) {
		t.Errorf("no parent link for %s", code)
	}
	docs := srv.CallsOf("sendDocument")
	if len(docs) != 1 || !docs[0].OK() {
		t.Fatalf("poster not sent: %d sendDocument calls", len(docs))
	}
	if got := qrText(t, docs[0].FileData["document"]); got != studentLink {
		t.Fatalf("poster QR = %q, want %q", got, studentLink)
	}
	if !strings.Contains(docs[0].FileNames["document"], code) {
		t.Errorf("poster file name %q", docs[0].FileNames["document"])
	}

	b.typed(t, srv, student, "/start t-GB-en-"+code)
	if _, kb := lastButtons(t, srv, student); !strings.Contains(kb, `"g:teen_sextortion"`) {
		t.Fatalf("the school link did not land in the teen menu: %s", kb)
	}
	b.typed(t, srv, student, "he says he'll post my nudes unless i pay")
	contains(t, sent(srv, student), "999", "0800 1111")
	rows, err := b.db.Stats(context.Background(), store.StatsFilter{Schools: []string{code}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range rows {
		if r.Region != "GB" || r.Audience != "teen" {
			t.Errorf("counted as %s/%s", r.Region, r.Audience)
		}
		got[r.Event] += r.N
	}
	if got["started"] != 1 || got["path:sextortion"] != 1 || got["contacts:child_helpline"] != 1 {
		t.Fatalf("counts under the code = %v", got)
	}

	n := len(sent(srv, staff))
	b.typed(t, srv, staff, "/stats")
	reply := strings.Join(sent(srv, staff)[n:], "\n")
	if !strings.Contains(reply, "<10") || strings.Contains(reply, ": 1\n") {
		t.Fatalf("/stats for staff:\n%s", reply)
	}
	// A student's /stats shows nothing of anyone's.
	n = len(sent(srv, student))
	b.typed(t, srv, student, "/stats")
	if r := strings.Join(sent(srv, student)[n:], "\n"); strings.Contains(r, "<10") || strings.Contains(r, code) {
		t.Fatalf("/stats for a student:\n%s", r)
	}
}

func qrText(t *testing.T, png []byte) string {
	t.Helper()
	text, err := qrtest.ReadImage(png)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
