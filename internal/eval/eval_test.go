package eval_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/eval"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/safetytest"
)

// TestFloors holds the rule classifier to the README's floors on the labelled set, overall
// and per language, so a lexicon change cannot quietly lose a crisis.
func TestFloors(t *testing.T) {
	examples := labelled(t)
	if len(examples) < 400 {
		t.Fatalf("only %d labelled examples", len(examples))
	}
	rules := embeddedRules(t)
	rep := eval.Run(examples, func(text, lang string) safety.Assessment { return rules.Assess(context.Background(), text, lang) })
	if fails := rep.Check(eval.DefaultFloors); len(fails) > 0 {
		var b strings.Builder
		rep.Write(&b)
		t.Errorf("below the floors: %s\n%s", strings.Join(fails, "; "), b.String())
	}
}

// TestCrisisFamilies holds the lexicons to the crisis family audit (testdata/families, see
// its README): every way of saying a family that the audit wrote down is flagged a crisis by a
// rule, and none of its hard negatives is. The sure backstop learns these negatives
// (content/examples/fam9_negatives.jsonl), so the 1 % it may flag here only says it has not
// gone wrong on its own training data; on unseen hard negatives it flags about 13 % (soft.go).
// No crisis the audit wrote down is given the sextortion intent by a backstop.
func TestCrisisFamilies(t *testing.T) {
	examples := readAll(t, "../../testdata/families/*.jsonl")
	if len(examples) < 1000 {
		t.Fatalf("only %d family examples", len(examples))
	}
	rules := embeddedRules(t)
	var negatives, guessed int
	for _, ex := range examples {
		a := rules.Assess(context.Background(), ex.Text, ex.Lang)
		byRule := a.Crisis && !a.CrisisGuessed
		if byRule != ex.Crisis {
			t.Errorf("%s %q: a crisis rule fired %v, labelled crisis %v", ex.ID, ex.Text, byRule, ex.Crisis)
		}
		// A backstop may read a sextortion behind a crisis rule's words, never into a crisis
		// with none ("j'aurais préféré jamais naître" would be told "don't pay").
		if ex.Crisis && ex.Intent == "crisis" && a.Intent == safety.Sextortion && a.Guessed() {
			t.Errorf("%s %q: a crisis read as sextortion by a backstop", ex.ID, ex.Text)
		}
		if !ex.Crisis {
			negatives++
			if a.CrisisGuessed {
				guessed++
				t.Logf("%s %q: flagged by the sure backstop", ex.ID, ex.Text)
			}
		}
	}
	if guessed*100 > negatives {
		t.Errorf("the sure backstop flags %d of %d hard negatives (more than 1 %%)", guessed, negatives)
	}
}

// TestVictimsKeepTheirReading holds the lexicons to the victims the reviews of tuning found
// read as something less helpful (testdata/victims, see its README): a sextortion victim, or
// their parent or teacher, who asks a question beside what is happening ("is that a crime?",
// "how do I talk to her about sextortion?") is read as sextortion, not learn; a victim whose
// images are up is read as image_removal; a grooming told with a question as enticement.
func TestVictimsKeepTheirReading(t *testing.T) {
	examples := readAll(t, "../../testdata/victims/*.jsonl")
	rules := embeddedRules(t)
	for _, ex := range examples {
		if a := rules.Assess(context.Background(), ex.Text, ex.Lang); string(a.Intent) != ex.Intent {
			t.Errorf("%s %q: read %s, labelled %s", ex.ID, ex.Text, a.Intent, ex.Intent)
		}
	}
}

// TestHarmfulFamilies holds the lexicons to the harmful-request audit (testdata/harmful, see
// its README): every request written down there for help to exploit a child or spread
// someone's images is read as harmful_request by a rule, and none of its hard negatives (the
// victim's side of the same story, a parent asking to learn) is read as harmful_request at
// all: such a writer would be told that what they ask is a crime. A request whose words a
// victim-side rule also matches may be handed to that side by the intent backstop (the
// rules' victimSide): it must then say so (source rules+backstop), and the test counts them.
func TestHarmfulFamilies(t *testing.T) {
	examples := readAll(t, "../../testdata/harmful/*.jsonl")
	if len(examples) < 500 {
		t.Fatalf("only %d harmful-request audit examples", len(examples))
	}
	rules := embeddedRules(t)
	handed := 0
	for _, ex := range examples {
		a := rules.Assess(context.Background(), ex.Text, ex.Lang)
		harmful := a.Intent == safety.HarmfulRequest
		switch {
		case ex.Intent == string(safety.HarmfulRequest) && harmful && !a.Guessed():
		case ex.Intent == string(safety.HarmfulRequest) && a.Guessed() && a.Intent != safety.OffTopic:
			handed++
		case ex.Intent == string(safety.HarmfulRequest):
			t.Errorf("%s %q: read as %s (%s), labelled harmful_request", ex.ID, ex.Text, a.Intent, a.Source)
		case harmful:
			t.Errorf("%s %q: read as harmful_request (%s), labelled %s", ex.ID, ex.Text, a.Source, ex.Intent)
		}
	}
	// 75 of 460 on 2026-11-29. A lexicon change that stops reading requests would show up
	// here too, as the backstop guesses an intent for words no rule reads.
	t.Logf("%d of the audit's requests handed to a victim-side intent by the backstop", handed)
	if handed*5 > len(examples) {
		t.Errorf("%d of %d audit messages handed to a victim-side intent (more than a fifth)", handed, len(examples))
	}
}

func TestReadRejectsBadLabels(t *testing.T) {
	for _, in := range []string{`{"id":"1","text":"x","intent":"vibes"}`, `{"id":"1","text":"x","intent":"learn","audience":"alien"}`, `not json`} {
		if _, err := eval.Read(strings.NewReader(in)); err == nil {
			t.Errorf("%s: accepted", in)
		}
	}
}

func TestCounts(t *testing.T) {
	c := eval.Counts{TP: 8, FP: 2, FN: 2}
	if c.Precision() != 0.8 || c.Recall() != 0.8 || c.F1() < 0.799 || c.F1() > 0.801 {
		t.Errorf("%+v: p %v r %v f1 %v", c, c.Precision(), c.Recall(), c.F1())
	}
	if (eval.Counts{}).Recall() != 1 {
		t.Error("recall with nothing to find should be 1")
	}
}

// TestDetectOnSet: telling the language of a message must be rarely wrong (it switches the
// language of the replies); saying "not sure" is fine, the current language is then kept.
func TestDetectOnSet(t *testing.T) {
	examples := labelled(t)
	rules := embeddedRules(t)
	right, unsure, wrong := 0, 0, 0
	for _, ex := range examples {
		switch got := rules.Detect(ex.Text); got {
		case ex.Lang:
			right++
		case "":
			unsure++
		default:
			wrong++
			t.Logf("%s (%s) detected as %s", ex.ID, ex.Lang, got)
		}
	}
	t.Logf("language detection on %d messages: %d right, %d not sure, %d wrong", len(examples), right, unsure, wrong)
	if float64(wrong) > 0.03*float64(len(examples)) {
		t.Errorf("%d of %d messages detected in the wrong language", wrong, len(examples))
	}
}

// labelled reads the sets the lexicons are tuned on, content/examples: labelled.jsonl and the
// blind-written dev*.jsonl (two rounds). testdata/eval/holdout.jsonl is never read by a test:
// it measures what tuning cannot see.
func labelled(t *testing.T) []eval.Example {
	t.Helper()
	return readAll(t, "../../content/examples/*.jsonl")
}

// readAll reads every labelled JSON-lines file pattern matches.
func readAll(t *testing.T, pattern string) []eval.Example {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var all []eval.Example
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		examples, err := eval.Read(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		all = append(all, examples...)
	}
	return all
}

// embeddedRules are the rules over the content the binary embeds, built once.
func embeddedRules(*testing.T) *safety.Rules { return safetytest.Rules() }

// RunWith counts the crisis messages whose first reply carries the crisis contacts (as shown
// says), and the benign messages whose reply does too; Run measures neither.
func TestRunWithCountsCrisisHelpShown(t *testing.T) {
	examples := []eval.Example{
		{ID: "1", Text: "i want to die", Intent: "crisis", Crisis: true},
		{ID: "2", Text: "he posts my pics unless i pay, id rather die", Intent: "sextortion", Crisis: true},
		{ID: "3", Text: "bye", Intent: "greeting"},
		{ID: "4", Text: "what is the weather", Intent: "off_topic"},
	}
	assess := func(text, lang string) safety.Assessment { return safety.Assessment{Intent: safety.OffTopic} }
	shown := func(text string, a safety.Assessment) bool { return text != "i want to die" && text != "bye" }
	rep := eval.RunWith(examples, assess, shown)
	if rep.Helped.TP != 1 || rep.Helped.FN != 1 || rep.HelpedBenign != 1 || !rep.HelpedKnow {
		t.Errorf("helped %+v, benign %d", rep.Helped, rep.HelpedBenign)
	}
	var out strings.Builder
	rep.Write(&out)
	if !strings.Contains(out.String(), "crisis messages 0.500 (1/2) · benign 1/2") {
		t.Errorf("report lacks the line:\n%s", out.String())
	}
	plain := eval.Run(examples, assess)
	out.Reset()
	plain.Write(&out)
	if plain.HelpedKnow || strings.Contains(out.String(), "first reply") {
		t.Error("Run measured the first reply")
	}
}

// TestDetectShortMessages reads the blind set of short messages (testdata/detect) as a chat with
// no Telegram language would: from English. A wrong language is worse than none (the chat
// keeps its language); English must not be switched away from.
func TestDetectShortMessages(t *testing.T) {
	f, err := os.Open("../../testdata/detect/short_messages.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules := embeddedRules(t)
	var right, wrong, other, enAway, en int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m struct{ ID, Text, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		got := rules.Detect(m.Text)
		switch {
		case m.Lang == "en":
			en++
			if got != "" && got != "en" {
				enAway++
				t.Logf("%s (en) switched to %s", m.ID, got)
			}
		case got == m.Lang:
			other++
			right++
		case got != "" && got != "en":
			other++
			wrong++
			t.Logf("%s (%s) detected as %s", m.ID, m.Lang, got)
		default:
			other++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d not in English: %d right, %d wrong; %d English: %d switched away", other, right, wrong, en, enAway)
	if other != 330 || en != 30 {
		t.Fatalf("read %d and %d messages, want 330 and 30", other, en)
	}
	if right < 265 || wrong > 3 || enAway > 0 {
		t.Errorf("right %d (want at least 265), wrong %d (at most 3), English switched away %d (none)", right, wrong, enAway)
	}
}
