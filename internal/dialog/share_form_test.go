package dialog_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/safety"
)

// press finds a button by its label in a result and presses it.
func pressLabel(t *testing.T, res dialog.Result, label string) dialog.Event {
	t.Helper()
	for _, r := range res.Replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Label == label && b.Data != "" {
					return dialog.Event{Kind: dialog.Press, Data: b.Data}
				}
			}
		}
	}
	t.Fatalf("no button %q in\n%s", label, all(res))
	return dialog.Event{}
}

// shareButton returns the URL of the share button, or "".
func shareButton(res dialog.Result) string {
	for _, r := range res.Replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.URL, "https://t.me/share/url?") {
					return b.URL
				}
			}
		}
	}
	return ""
}

// From the first sextortion reply, one press reaches a share button whose link carries the
// opener and the parents' link to Lantern (same region, language and school).
func TestTellSomeoneSharesOpenerAndParentLink(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "GB", Lang: "en", School: "k3J9xQ2aZ"}
	ev := say(lib, "he says he'll post my nudes unless i pay 200")
	ev.Bot = "lantern_test_bot"
	res := e.Step(st, ev)
	press := pressLabel(t, res, lib.Text("en", "btn.sx_tell"))
	press.Bot = "lantern_test_bot"
	res = e.Step(res.State, press) // press 1
	raw := shareButton(res)
	if raw == "" {
		t.Fatalf("no share button after one press:\n%s", all(res))
	}
	check := func(raw, opener string) {
		t.Helper()
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if got, want := q.Get("text"), lib.Text("en", opener); got != want {
			t.Errorf("share text = %q, want %q", got, want)
		}
		if got, want := q.Get("url"), "https://t.me/lantern_test_bot?start=p-GB-en-k3J9xQ2aZ"; got != want {
			t.Errorf("share url = %q, want %q", got, want)
		}
		if strings.Contains(raw, "+") {
			t.Errorf("spaces must be %%20, not +: %s", raw)
		}
	}
	check(raw, "tell.opener.parent")
	other := pressLabel(t, res, lib.Text("en", "btn.opener.teacher"))
	other.Bot = "lantern_test_bot"
	res = e.Step(res.State, other)
	check(shareButton(res), "tell.opener.teacher")
	if !strings.Contains(all(res), lib.Text("en", "btn.no_one_to_tell")) {
		t.Errorf("the node's own buttons are missing after choosing an opener:\n%s", all(res))
	}
	// The deep link in the share URL is one Lantern reads back.
	p, err := dialog.ParsePayload("p-GB-en-k3J9xQ2aZ")
	if err != nil || p.Audience != "parent" || p.School != "k3J9xQ2aZ" {
		t.Fatalf("payload %+v, %v", p, err)
	}
}

func TestNoShareButtonWithoutBotName(t *testing.T) {
	e, _ := engine(t)
	res := e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: "en"}, dialog.Event{Kind: dialog.Press, Data: "g:teen_sx_tell"})
	if u := shareButton(res); u != "" {
		t.Fatalf("share button without a bot name: %s", u)
	}
	res = e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: "en"}, dialog.Event{Kind: dialog.Press, Data: "g:teen_sx_tell", Bot: "x"})
	if u := shareButton(res); u != "" {
		t.Fatalf("share button with an invalid bot name: %s", u)
	}
}

// form plays a conversation through the report helper, keeping the answers the way a
// channel does (outside the state).
type form struct {
	t       *testing.T
	e       *dialog.Engine
	st      dialog.State
	answers map[string]string
	last    dialog.Result
}

func (f *form) step(ev dialog.Event) dialog.Result {
	f.t.Helper()
	ev.Form = f.answers
	res := f.e.Step(f.st, ev)
	f.st, f.last = res.State, res
	switch {
	case res.Form.Drop:
		f.answers = nil
	case res.Form.Field != "":
		if f.answers == nil {
			f.answers = map[string]string{}
		}
		f.answers[res.Form.Field] = res.Form.Value
	}
	return res
}

func (f *form) typed(text string) dialog.Result {
	return f.step(dialog.Event{Kind: dialog.Text, Text: text})
}

func (f *form) press(label string) dialog.Result {
	f.t.Helper()
	return f.step(pressLabel(f.t, f.last, label))
}

func summaryOf(res dialog.Result) (string, bool) {
	for _, r := range res.Replies {
		if r.Private {
			return r.Text, true
		}
	}
	return "", false
}

func TestReportHelperSummaryLeavesSkippedOut(t *testing.T) {
	e, lib := engine(t)
	tx := func(k string) string { return lib.Text("en", k) }
	f := &form{t: t, e: e, st: dialog.State{Audience: "teen", Region: "GB", Lang: "en"}}
	f.step(dialog.Event{Kind: dialog.Press, Data: "g:report_builder"})
	if !strings.Contains(all(f.last), tx("form.q.platform")) || f.st.Awaiting != "form" {
		t.Fatalf("first question not asked:\n%s", all(f.last))
	}
	f.press("Snapchat")
	f.typed("  @bad_guy_99\n(his profile)  ")
	f.press(tx("btn.skip")) // started
	f.press(tx("form.c.money"))
	f.press(tx("btn.skip")) // paid
	res := f.typed("my school and my mum")
	sum, ok := summaryOf(res)
	if !ok {
		t.Fatalf("no summary after the last question:\n%s", all(res))
	}
	for _, want := range []string{tx("form.title"), tx("form.l.platform") + ": Snapchat",
		tx("form.l.account") + ": @bad_guy_99 (his profile)", tx("form.l.demanded") + ": " + tx("form.c.money"),
		tx("form.l.threats") + ": my school and my mum", tx("form.no_images")} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	for _, skipped := range []string{tx("form.l.started"), tx("form.l.paid")} {
		if strings.Contains(sum, skipped) {
			t.Errorf("summary shows skipped question %q:\n%s", skipped, sum)
		}
	}
	if !res.Form.Drop || f.st.Awaiting != "" || f.answers != nil {
		t.Errorf("answers not dropped after the summary: %+v, awaiting %q", res.Form, f.st.Awaiting)
	}
	if !strings.Contains(all(res), tx("form.ready")) || !strings.Contains(all(res), "CEOP") {
		t.Errorf("no hand-over advice and reporting contacts after the summary:\n%s", all(res))
	}
	raw, _ := json.Marshal(f.st)
	if strings.Contains(string(raw), "bad_guy") || strings.Contains(string(raw), "mum") {
		t.Fatalf("an answer reached the saved state: %s", raw)
	}
	for _, r := range res.Replies {
		if r.Private && (r.Fallback == "" || r.Fallback == r.Text) {
			t.Errorf("private summary without its own fallback text")
		}
	}
}

func TestReportHelperAllSkipped(t *testing.T) {
	e, lib := engine(t)
	f := &form{t: t, e: e, st: dialog.State{Audience: "parent", Region: "US", Lang: "en"}}
	f.step(dialog.Event{Kind: dialog.Press, Data: "g:parent_report_builder"})
	var res dialog.Result
	for i := 0; i < 6; i++ {
		res = f.press(lib.Text("en", "btn.skip"))
	}
	sum, ok := summaryOf(res)
	if !ok || !strings.Contains(sum, lib.Text("en", "form.parent_title")) || !strings.Contains(sum, lib.Text("en", "form.none")) {
		t.Fatalf("summary of nothing = %q", sum)
	}
}

func TestReportHelperInterruptions(t *testing.T) {
	e, lib := engine(t)
	start := func() *form {
		f := &form{t: t, e: e, st: dialog.State{Audience: "teen", Region: "GB", Lang: "en"}}
		f.step(dialog.Event{Kind: dialog.Press, Data: "g:report_builder"})
		f.press("Discord")
		return f
	}
	// Crisis interrupts the form and forgets its answers.
	f := start()
	res := f.step(say(lib, "i want to kill myself"))
	if f.st.Node != "crisis" && !strings.Contains(all(res), "116 123") {
		t.Fatalf("crisis did not interrupt the form:\n%s", all(res))
	}
	if !res.Form.Drop || f.st.Awaiting == "form" {
		t.Fatalf("answers kept after a crisis interrupted the form: %+v", res.Form)
	}
	// A menu press leaves the form and forgets its answers.
	f = start()
	res = f.step(dialog.Event{Kind: dialog.Press, Data: "g:@menu"})
	if !res.Form.Drop {
		t.Fatal("answers kept after leaving the form")
	}
	// /clear and /forget drop them.
	for _, cmd := range []string{"clear", "forget"} {
		f = start()
		if res := f.step(dialog.Event{Kind: dialog.Command, Command: cmd}); !res.Form.Drop {
			t.Fatalf("/%s kept the answers", cmd)
		}
	}
	// Text that did not reach the turn (a restart) is asked for again, same question.
	f = start()
	res = f.step(dialog.Event{Kind: dialog.Text})
	if !strings.Contains(all(res), lib.Text("en", "form.again")) || f.st.Check != 1 || res.Form.Field != "" {
		t.Fatalf("lost text not asked again (question %d):\n%s", f.st.Check, all(res))
	}
	// A button of an earlier question is stale.
	f = start()
	res = f.step(dialog.Event{Kind: dialog.Press, Data: "f:report_builder:0:1"})
	if !strings.Contains(all(res), lib.Text("en", "button.stale")) || res.Form.Field != "" {
		t.Fatalf("stale form button accepted:\n%s", all(res))
	}
}

// Every locale runs the report helper and the share node with its own words.
func TestReportHelperEveryLocale(t *testing.T) {
	e, lib := engine(t)
	for _, lang := range lib.Langs() {
		f := &form{t: t, e: e, st: dialog.State{Audience: "teen", Region: "GB", Lang: lang}}
		f.step(dialog.Event{Kind: dialog.Press, Data: "g:report_builder"})
		f.press("Instagram")
		var res dialog.Result
		for i := 1; i < 6; i++ {
			res = f.press(lib.Text(lang, "btn.skip"))
		}
		sum, ok := summaryOf(res)
		if !ok || !strings.HasPrefix(sum, lib.Text(lang, "form.title")) || !strings.Contains(sum, "Instagram") {
			t.Errorf("%s: summary %q", lang, sum)
		}
		share := e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: lang}, dialog.Event{Kind: dialog.Press, Data: "g:teen_sx_tell", Bot: "lantern_test_bot"})
		u, err := url.Parse(shareButton(share))
		if err != nil || u.Query().Get("text") != lib.Text(lang, "tell.opener.parent") {
			t.Errorf("%s: share button %v (%v)", lang, u, err)
		}
	}
}

// A crisis only a backstop reads, typed while the report helper asks a question, gets the
// full crisis reply first (the emergency number too), then the same question again with the
// answers so far kept; the text is not taken as an answer. A crisis a rule reads closes the form.
func TestReportHelperCrisisGuessed(t *testing.T) {
	e, lib := engine(t)
	tx := func(k string) string { return lib.Text("en", k) }
	f := &form{t: t, e: e, st: dialog.State{Audience: "teen", Region: "GB", Lang: "en"}}
	f.step(dialog.Event{Kind: dialog.Press, Data: "g:report_builder"})
	f.press("Snapchat")
	guessed := safety.Assessment{Intent: safety.Crisis, Audience: "unknown", Crisis: true, CrisisGuessed: true,
		Matched: true, Source: safety.SourceBackstop}
	res := f.step(dialog.Event{Kind: dialog.Text, Text: "sat on the wall of the canal bridge rn", Assessment: guessed})
	got := all(res)
	crisisAt, emergencyAt, questionAt := strings.Index(got, tx("crisis.first")), strings.Index(got, "999"),
		strings.LastIndex(got, tx("form.q.account"))
	resumeAt := strings.Index(got, tx("form.resume"))
	if crisisAt < 0 || emergencyAt < 0 || questionAt < crisisAt || questionAt < emergencyAt {
		t.Fatalf("want the crisis reply with 999, then the same question again:\n%s", got)
	}
	if resumeAt < emergencyAt || resumeAt > questionAt {
		t.Errorf("want a word that going on is up to them between the crisis help and the question:\n%s", got)
	}
	if f.st.Awaiting != "form" || len(f.answers) != 1 {
		t.Fatalf("the form was not kept, or the crisis text was taken as an answer (awaiting %q, answers %v)", f.st.Awaiting, f.answers)
	}
	f.typed("ZebraFinch_4471")
	if len(f.answers) != 2 || !strings.Contains(all(f.last), tx("form.q.started")) {
		t.Errorf("the form did not go on after the crisis reply (answers %v):\n%s", f.answers, all(f.last))
	}
	res = f.step(dialog.Event{Kind: dialog.Text, Text: "i want to die", Assessment: safety.Assessment{
		Intent: safety.Crisis, Audience: "teen", Crisis: true, Matched: true, Source: "rules"}})
	if f.st.Awaiting == "form" || !strings.Contains(all(res), "999") || !res.Form.Drop {
		t.Errorf("a crisis a rule read did not close the form:\n%s", all(res))
	}
}
