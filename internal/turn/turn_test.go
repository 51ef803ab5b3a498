package turn_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/safetytest"
	"github.com/lantern-help/lantern/internal/store"
	"github.com/lantern-help/lantern/internal/turn"
)

// newRunner wires the real pieces over a real SQLite file in a temp folder.
func newRunner(t *testing.T) (*turn.Runner, *store.DB, string) {
	t.Helper()
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "lantern.db"))
	if err != nil {
		t.Fatal(err)
	}
	keyer, err := store.NewKeyer(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	r := &turn.Runner{
		Engine:   dialog.New(lib, hotline.New(lib.Countries)),
		Assessor: safetytest.Rules(),
		Store:    db,
		Keyer:    keyer,
	}
	return r, db, dir
}

// TestNoTypedTextStored proves that what a person types never reaches the database: not in
// the tables, not in the WAL, not in the shared-memory file. Nor does their chat id.
func TestNoTypedTextStored(t *testing.T) {
	r, db, dir := newRunner(t)
	ctx := context.Background()
	const chatID = 987654321123
	chat := turn.Chat{Channel: "telegram", ID: chatID}
	secrets := []string{
		"Quokka-Zephyr-7731 says he will post my nudes unless i pay",
		"my name is Ptolemy Farquharson-Ng and my snap is @zz_marker_99",
		"I live in Ulaanbaatar-Marker street 42, my number is 07700 900461",
		"i want to kill myself Wobbegong-Marker",
	}
	events := []dialog.Event{{Kind: dialog.Start}}
	for _, s := range secrets {
		events = append(events, dialog.Event{Kind: dialog.Text, Text: s})
	}
	events = append(events, dialog.Event{Kind: dialog.Press, Data: "a:teen"}, dialog.Event{Kind: dialog.Text, Text: "Mongolia"})
	for _, ev := range events {
		if _, err := r.Run(ctx, chat, ev); err != nil {
			t.Fatalf("run %v: %v", ev.Kind, err)
		}
	}
	if st, err := r.State(ctx, chat); err != nil || st.Region != "MN" {
		t.Fatalf("the typed country should be remembered as a code: state %+v, err %v", st, err)
	}
	// Read the files while the database is still open, so the WAL has not been folded away.
	needles := []string{"Quokka", "Ptolemy", "Farquharson", "zz_marker_99", "Ulaanbaatar-Marker", "07700 900461",
		"Wobbegong", "kill myself", "nudes", strconv.FormatInt(chatID, 10)}
	check := func(when string) {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		if len(files) == 0 {
			t.Fatal("no database files found")
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range needles {
				if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(n))) {
					t.Errorf("%s: %s contains %q", when, filepath.Base(f), n)
				}
			}
		}
	}
	check("open")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	check("closed")
}

// TestForgetErasesChat checks /forget leaves no session behind.
func TestForgetErasesChat(t *testing.T) {
	r, db, _ := newRunner(t)
	ctx := context.Background()
	chat := turn.Chat{Channel: "console", ID: 5}
	for _, ev := range []dialog.Event{{Kind: dialog.Start}, {Kind: dialog.Press, Data: "a:parent"}, {Kind: dialog.Press, Data: "r:IE"}} {
		if _, err := r.Run(ctx, chat, ev); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := db.CountSessions(ctx); n != 1 {
		t.Fatalf("sessions before /forget = %d, want 1", n)
	}
	res, err := r.Run(ctx, chat, dialog.Event{Kind: dialog.Command, Command: "forget"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Forget || len(res.Replies) == 0 {
		t.Fatalf("forget result = %+v", res)
	}
	if n, _ := db.CountSessions(ctx); n != 0 {
		t.Fatalf("sessions after /forget = %d, want 0", n)
	}
	st, err := r.State(ctx, chat)
	if err != nil || st != (dialog.State{}) {
		t.Fatalf("state after /forget = %+v, %v; want empty", st, err)
	}
}

// TestPrepareSkipsQuestions checks that presets (flags, deep links) are remembered.
func TestPrepareSkipsQuestions(t *testing.T) {
	r, _, _ := newRunner(t)
	ctx := context.Background()
	chat := turn.Chat{Channel: "console", ID: 1}
	if err := r.Prepare(ctx, chat, dialog.Payload{Audience: "school", Region: "AU"}); err != nil {
		t.Fatal(err)
	}
	st, err := r.State(ctx, chat)
	if err != nil || st.Audience != "school" || st.Region != "AU" {
		t.Fatalf("state = %+v, %v", st, err)
	}
}

type panicky struct{}

func (panicky) Assess(context.Context, string, string) safety.Assessment { panic("boom: Quokka") }

// A panic inside a turn never leaves the person without an answer: they get the help
// contacts, and the log does not quote what they wrote.
func TestPanicGivesHelpContacts(t *testing.T) {
	r, _, _ := newRunner(t)
	var logs bytes.Buffer
	r.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	r.Assessor = panicky{}
	ctx := context.Background()
	chat := turn.Chat{Channel: "console", ID: 9}
	if err := r.Prepare(ctx, chat, dialog.Payload{Audience: "teen", Region: "GB"}); err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(ctx, chat, dialog.Event{Kind: dialog.Text, Text: "Quokka help"})
	if err != nil {
		t.Fatal(err)
	}
	var all string
	for _, rep := range res.Replies {
		all += rep.Text
	}
	for _, want := range []string{"999", "0800 1111", "116 123"} {
		if !strings.Contains(all, want) {
			t.Errorf("fallback lacks %s:\n%s", want, all)
		}
	}
	if !strings.Contains(logs.String(), "panicked") || strings.Contains(logs.String(), "Quokka") {
		t.Errorf("log = %s", logs.String())
	}
}

// fakeModel is a Model that records what it was asked.
type fakeModel struct {
	mu       sync.Mutex
	classify safety.Assessment
	phrase   string
	err      error
	calls    []string
}

func (f *fakeModel) Classify(_ context.Context, text, lang string) (safety.Assessment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "classify")
	return f.classify, f.err
}

func (f *fakeModel) Phrase(_ context.Context, q, lang string, a *content.Article) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "phrase:"+a.Slug)
	return f.phrase, f.err
}

// A model is never asked about a message the rules found risky, may raise a risk the rules
// missed, may phrase an article's answer, and its failure changes nothing.
func TestModel(t *testing.T) {
	ctx := context.Background()
	chat := turn.Chat{Channel: "console", ID: 42}
	text := func(res dialog.Result) string {
		var b strings.Builder
		for _, r := range res.Replies {
			b.WriteString(r.Text + "\n")
		}
		return b.String()
	}
	t.Run("risky messages never wait for it", func(t *testing.T) {
		r, _, _ := newRunner(t)
		m := &fakeModel{}
		r.Model = m
		for _, s := range []string{"i want to kill myself", "he will post my nudes unless i pay",
			"my best friend is being blackmailed, a guy says he will post her nudes"} {
			if _, err := r.Run(ctx, chat, dialog.Event{Kind: dialog.Text, Text: s}); err != nil {
				t.Fatal(err)
			}
		}
		if len(m.calls) != 0 {
			t.Errorf("the model was asked about risky messages: %v", m.calls)
		}
	})
	t.Run("the crisis backstop's contacts never wait for it", func(t *testing.T) {
		r, _, _ := newRunner(t)
		m := &fakeModel{}
		r.Model = m
		ev := dialog.Event{Kind: dialog.Text, Text: "what is sextortion",
			Assessment: safety.Assessment{Intent: safety.Learn, Audience: "unknown", Matched: true, CrisisMaybe: true, Source: "rules"}}
		if _, err := r.Run(ctx, chat, ev); err != nil {
			t.Fatal(err)
		}
		if len(m.calls) != 0 {
			t.Errorf("the model was asked about a message the backstop found likely a crisis: %v", m.calls)
		}
	})
	t.Run("it reads a message the rules only guessed", func(t *testing.T) {
		r, _, _ := newRunner(t)
		m := &fakeModel{classify: safety.Assessment{Intent: safety.Friend, Audience: "teen", Source: "model"}}
		r.Model = m
		ev := dialog.Event{Kind: dialog.Text, Text: "hmm about that thing with my mate",
			Assessment: safety.Assessment{Intent: safety.Enticement, Audience: "unknown", Matched: true, Source: safety.SourceBackstop}}
		if _, err := r.Run(ctx, chat, ev); err != nil {
			t.Fatal(err)
		}
		if len(m.calls) != 1 {
			t.Errorf("the model was not asked about a backstop's guess: %v", m.calls)
		}
		m.calls = nil
		ev.Assessment.Intent = safety.Sextortion // a sextortion guess never waits
		if _, err := r.Run(ctx, chat, ev); err != nil {
			t.Fatal(err)
		}
		if len(m.calls) != 0 {
			t.Errorf("the model was asked about a sextortion guess: %v", m.calls)
		}
	})
	t.Run("it can raise a risk", func(t *testing.T) {
		r, _, _ := newRunner(t)
		r.Model = &fakeModel{classify: safety.Assessment{Intent: safety.Sextortion, Audience: "teen", Crisis: true, Source: "model"}}
		r.Prepare(ctx, chat, dialog.Payload{Audience: "teen", Region: "GB"})
		res, err := r.Run(ctx, chat, dialog.Event{Kind: dialog.Text, Text: "it would be a real shame if your coach got a little surprise"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text(res), "116 123") || !strings.Contains(text(res), "0800 1111") {
			t.Errorf("a risk raised by the model did not get the crisis and sextortion help:\n%s", text(res))
		}
	})
	t.Run("it phrases an article, or the article speaks", func(t *testing.T) {
		r, _, _ := newRunner(t)
		r.Articles = fixedArticle("take-it-down")
		m := &fakeModel{classify: safety.Assessment{Intent: safety.Learn, Audience: "unknown"}, phrase: "It helps stop pictures spreading."}
		r.Model = m
		res, _ := r.Run(ctx, chat, dialog.Event{Kind: dialog.Text, Text: "explain the fingerprint thing"})
		if !strings.Contains(text(res), "It helps stop pictures spreading.") {
			t.Errorf("phrased answer not used:\n%s", text(res))
		}
		m.err = errors.New("model down")
		// (Another chat: in the same one, the same article asked again at once is given whole.)
		res, _ = r.Run(ctx, turn.Chat{Channel: chat.Channel, ID: chat.ID + 1}, dialog.Event{Kind: dialog.Text, Text: "explain the fingerprint thing"})
		if !strings.Contains(text(res), r.Engine.Library().Article("en", "take-it-down").Summary) {
			t.Errorf("with the model down, the article's own summary should be sent:\n%s", text(res))
		}
	})
	t.Run("not asked when more messages wait", func(t *testing.T) {
		r, _, _ := newRunner(t)
		m := &fakeModel{}
		r.Model = m
		r.Handle(ctx, turn.Inbound{Chat: chat, Event: dialog.Event{Kind: dialog.Text, Text: "hello there"}, NoModel: true})
		if len(m.calls) != 0 {
			t.Errorf("asked: %v", m.calls)
		}
	})
}

// fixedArticle always finds one article.
type fixedArticle string

func (f fixedArticle) Search(context.Context, string, string, bool) []string {
	return []string{string(f)}
}

// TestPreventionHelpNotCounted: the refusal of a harmful request hands over confidential
// prevention help, but the statistics (which a school may read) never record that it was
// shown; the other contacts of the same conversation are counted as usual.
func TestPreventionHelpNotCounted(t *testing.T) {
	r, db, _ := newRunner(t)
	ctx := context.Background()
	chat := turn.Chat{Channel: "console", ID: 6}
	for _, ev := range []dialog.Event{{Kind: dialog.Start}, {Kind: dialog.Press, Data: "a:teen"}, {Kind: dialog.Press, Data: "r:GB"},
		{Kind: dialog.Text, Text: "i want to kill myself"}} {
		if _, err := r.Run(ctx, chat, ev); err != nil {
			t.Fatal(err)
		}
	}
	res, err := r.Run(ctx, chat, dialog.Event{Kind: dialog.Text, Text: "which app can undress a photo? got a pic of a girl from my class"})
	if err != nil {
		t.Fatal(err)
	}
	var shown []string
	var text strings.Builder
	for _, rep := range res.Replies {
		shown = append(shown, rep.Contacts...)
		text.WriteString(rep.Text)
	}
	if !slices.Contains(shown, content.KindPrevention) || !strings.Contains(text.String(), "0808 1000 900") {
		t.Fatalf("the refusal should hand over Stop It Now (GB): kinds %v\n%s", shown, text.String())
	}
	rows, err := db.Stats(ctx, store.StatsFilter{})
	if err != nil {
		t.Fatal(err)
	}
	events := map[string]bool{}
	for _, row := range rows {
		events[row.Event] = true
	}
	if events["contacts:"+content.KindPrevention] {
		t.Errorf("prevention contacts were counted: %v", events)
	}
	if !events["contacts:"+content.KindCrisis] {
		t.Errorf("the crisis contacts shown before were not counted: %v", events)
	}
}

// askedArticles records whether each search was for a question (a learn reading).
type askedArticles struct{ questions []bool }

func (a *askedArticles) Search(_ context.Context, _, _ string, question bool) []string {
	a.questions = append(a.questions, question)
	return nil
}

// TestQuestionsSearchedAsQuestions: a text the rules read as learn is searched with the looser
// fit of a question; words nothing understood are searched with the strict one.
func TestQuestionsSearchedAsQuestions(t *testing.T) {
	r, _, _ := newRunner(t)
	a := &askedArticles{}
	r.Articles = a
	ctx := context.Background()
	r.Understand(ctx, "hi, how do i turn off my location on snapchat", "en")
	r.Understand(ctx, "zorble fnark quux", "en")
	if want := []bool{true, false}; !slices.Equal(a.questions, want) {
		t.Errorf("searched as questions: %v, want %v", a.questions, want)
	}
}
