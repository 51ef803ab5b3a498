package turn_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/draft"
	"github.com/lantern-help/lantern/internal/turn"
)

// Report answers expire 30 minutes after the first was given (an injected clock): a summary
// written later leaves them out, and memory is empty.
func TestReportAnswersExpire(t *testing.T) {
	r, _, dir := newRunner(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	r.Drafts = draft.New(draft.Lifetime)
	r.Drafts.Now = func() time.Time { return now }
	ctx := context.Background()
	chat := turn.Chat{Channel: "console", ID: 7}
	if err := r.Prepare(ctx, chat, dialog.Payload{Audience: "teen", Region: "GB", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	run := func(ev dialog.Event) dialog.Result {
		t.Helper()
		res, err := r.Run(ctx, chat, ev)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	run(dialog.Event{Kind: dialog.Press, Data: "g:report_builder"})
	run(dialog.Event{Kind: dialog.Text, Text: "Kik-Pangolin"})
	if got := r.Memory().Answers(r.Keyer.ChatKey(chat.Channel, chat.ID))["platform"]; got != "Kik-Pangolin" {
		t.Fatalf("answer held = %q", got)
	}
	now = now.Add(30 * time.Minute)
	if r.Memory().Len() != 0 {
		t.Fatal("answers outlived 30 minutes")
	}
	var res dialog.Result
	for i := 1; i < 6; i++ {
		res = run(dialog.Event{Kind: dialog.Press, Data: "f:report_builder:" + string(rune('0'+i)) + ":s"})
	}
	var summary string
	for _, rep := range res.Replies {
		if rep.Private {
			summary = rep.Text
		}
	}
	if summary == "" || strings.Contains(summary, "Pangolin") {
		t.Fatalf("summary after expiry = %q", summary)
	}
	if r.Memory().Len() != 0 {
		t.Fatal("memory not empty after the summary")
	}
	assertDirLacks(t, dir, "Pangolin")
}

// assertDirLacks checks that no database file in dir holds needle.
func assertDirLacks(t *testing.T, dir, needle string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			t.Errorf("%s contains %q", filepath.Base(f), needle)
		}
	}
}
