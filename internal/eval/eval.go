// Package eval measures the classifier on a labelled set: per-intent precision and recall, a
// confusion matrix, crisis recall per language, and the floors the project holds it to.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
)

// Example is one labelled message.
type Example = content.Example

// Read reads labelled examples, one JSON object a line, and checks their labels.
func Read(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var ex Example
		if err := json.Unmarshal([]byte(line), &ex); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if !valid(content.Intents, ex.Intent) {
			return nil, fmt.Errorf("line %d (%s): intent %q is not one of %s", n, ex.ID, ex.Intent, strings.Join(content.Intents, ", "))
		}
		if ex.Audience == "" {
			ex.Audience = "unknown"
		}
		if !valid(content.Audiences, ex.Audience) {
			return nil, fmt.Errorf("line %d (%s): audience %q is not one of %s", n, ex.ID, ex.Audience, strings.Join(content.Audiences, ", "))
		}
		if ex.Intent == string(safety.Crisis) {
			ex.Crisis = true
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func valid(set []string, s string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

// Counts are the outcomes for one class.
type Counts struct{ TP, FP, FN int }

// Precision is TP / (TP + FP), or 1 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), or 1 when there was nothing to find.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Report is the result of an evaluation.
type Report struct {
	N          int
	PerIntent  map[string]*Counts
	Confusion  map[string]map[string]int // gold intent -> predicted intent -> count
	Crisis     Counts                    // crisis as a flag, whatever the intent
	CrisisLang map[string]*Counts        // crisis flag, per language
	IntentLang map[string]*Counts        // exact intent, per language (recall = accuracy)
	SextLang   map[string]*Counts        // sextortion recall, per language
	Benign     int                       // messages labelled greeting or off_topic without crisis
	BenignHit  int                       // of those, wrongly flagged as crisis
	Misses     []string                  // ids of crisis messages not flagged (for review)
	LangRight  int                       // messages read in their labelled language
	Audience   map[string]*Counts        // audience (teen, parent, school, unknown): labelled -> found
	// The backstop (Assessment.CrisisMaybe) adds crisis contacts without interrupting.
	Backstop Counts // crisis contacts given at all (flag or backstop), as a flag
	// Helped counts crisis contacts in the first reply by any way (RunWith's shown): a flag,
	// the backstop, or a reply that carries them anyway (every sextortion reply does).
	Helped     Counts
	HelpedKnow bool // whether Helped was measured
	// HelpedBenign counts the benign messages (greeting, off_topic, no crisis) whose first reply
	// carries the crisis contacts, when Helped is measured.
	HelpedBenign   int
	BenignMaybe    int // benign messages given crisis contacts by the backstop
	NonCrisis      int // messages not labelled crisis
	NonCrisisMaybe int // of those, given crisis contacts by the backstop
}

// Assess is the classifier under test.
type Assess func(text, lang string) safety.Assessment

// Run evaluates assess on the examples.
func Run(examples []Example, assess Assess) *Report { return RunWith(examples, assess, nil) }

// RunWith is Run that also counts Report.Helped: shown reports whether the first reply to a
// message so assessed carries the crisis contacts (nil: not measured).
func RunWith(examples []Example, assess Assess, shown func(text string, a safety.Assessment) bool) *Report {
	r := &Report{PerIntent: map[string]*Counts{}, Confusion: map[string]map[string]int{},
		CrisisLang: map[string]*Counts{}, IntentLang: map[string]*Counts{}, SextLang: map[string]*Counts{},
		Audience: map[string]*Counts{}}
	for _, in := range content.Intents {
		r.PerIntent[in] = &Counts{}
	}
	get := func(m map[string]*Counts, k string) *Counts {
		if m[k] == nil {
			m[k] = &Counts{}
		}
		return m[k]
	}
	for _, ex := range examples {
		r.N++
		a := assess(ex.Text, ex.Lang)
		pred := string(a.Intent)
		if a.Lang == ex.Lang {
			r.LangRight++
		}
		if ex.Audience != "" {
			if a.Audience == ex.Audience {
				get(r.Audience, ex.Audience).TP++
			} else {
				get(r.Audience, ex.Audience).FN++
				get(r.Audience, a.Audience).FP++
			}
		}
		flagged := a.Crisis || a.Intent == safety.Crisis
		if r.Confusion[ex.Intent] == nil {
			r.Confusion[ex.Intent] = map[string]int{}
		}
		r.Confusion[ex.Intent][pred]++
		if pred == ex.Intent {
			r.PerIntent[ex.Intent].TP++
			get(r.IntentLang, ex.Lang).TP++
		} else {
			r.PerIntent[ex.Intent].FN++
			get(r.IntentLang, ex.Lang).FN++
			if c := r.PerIntent[pred]; c != nil {
				c.FP++
			}
		}
		cl := get(r.CrisisLang, ex.Lang)
		switch {
		case ex.Crisis && flagged:
			r.Crisis.TP++
			cl.TP++
		case ex.Crisis:
			r.Crisis.FN++
			cl.FN++
			r.Misses = append(r.Misses, ex.ID)
		case flagged:
			r.Crisis.FP++
			cl.FP++
		}
		switch given := flagged || a.CrisisMaybe; {
		case ex.Crisis && given:
			r.Backstop.TP++
		case ex.Crisis:
			r.Backstop.FN++
		case given:
			r.Backstop.FP++
		}
		if shown != nil && ex.Crisis {
			r.HelpedKnow = true
			if shown(ex.Text, a) {
				r.Helped.TP++
			} else {
				r.Helped.FN++
			}
		}
		if shown != nil && !ex.Crisis && (ex.Intent == "greeting" || ex.Intent == "off_topic") && shown(ex.Text, a) {
			r.HelpedBenign++
		}
		if !ex.Crisis {
			r.NonCrisis++
			if a.CrisisMaybe && !flagged {
				r.NonCrisisMaybe++
			}
		}
		if ex.Intent == string(safety.Sextortion) {
			if pred == ex.Intent {
				get(r.SextLang, ex.Lang).TP++
			} else {
				get(r.SextLang, ex.Lang).FN++
			}
		}
		if (ex.Intent == "greeting" || ex.Intent == "off_topic") && !ex.Crisis {
			r.Benign++
			if flagged {
				r.BenignHit++
			}
			if a.CrisisMaybe && !flagged {
				r.BenignMaybe++
			}
		}
	}
	return r
}

// MacroF1 is the mean F1 over the intents that occur in the set.
func (r *Report) MacroF1() float64 {
	var sum float64
	n := 0
	for in, c := range r.PerIntent {
		if c.TP+c.FN == 0 {
			continue
		}
		_ = in
		sum += c.F1()
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// SextortionRecall is the recall of the sextortion intent.
func (r *Report) SextortionRecall() float64 { return r.PerIntent[string(safety.Sextortion)].Recall() }

// BenignToCrisis is the share of benign messages wrongly flagged as crisis.
func (r *Report) BenignToCrisis() float64 {
	if r.Benign == 0 {
		return 0
	}
	return float64(r.BenignHit) / float64(r.Benign)
}

// Floors are the minimums an evaluation must meet.
type Floors struct {
	CrisisRecall      float64 // overall
	SextortionRecall  float64
	MacroF1           float64
	MaxBenignToCrisis float64
	LangCrisisRecall  float64 // in every language with at least MinLangExamples crisis messages
	LangSextRecall    float64
	MinLangExamples   int
}

// DefaultFloors are the targets stated in the README.
var DefaultFloors = Floors{CrisisRecall: 0.97, SextortionRecall: 0.95, MacroF1: 0.85, MaxBenignToCrisis: 0.03,
	LangCrisisRecall: 0.90, LangSextRecall: 0.85, MinLangExamples: 3}

// Check returns one line for every floor the report misses.
func (r *Report) Check(f Floors) []string {
	var out []string
	if v := r.Crisis.Recall(); v < f.CrisisRecall {
		out = append(out, fmt.Sprintf("crisis recall %.3f < %.2f", v, f.CrisisRecall))
	}
	if v := r.SextortionRecall(); v < f.SextortionRecall {
		out = append(out, fmt.Sprintf("sextortion recall %.3f < %.2f", v, f.SextortionRecall))
	}
	if v := r.MacroF1(); v < f.MacroF1 {
		out = append(out, fmt.Sprintf("macro-F1 %.3f < %.2f", v, f.MacroF1))
	}
	if v := r.BenignToCrisis(); v > f.MaxBenignToCrisis {
		out = append(out, fmt.Sprintf("benign messages sent to crisis %.3f > %.2f", v, f.MaxBenignToCrisis))
	}
	for _, lang := range sortedKeys(r.CrisisLang) {
		c := r.CrisisLang[lang]
		if c.TP+c.FN >= f.MinLangExamples && c.Recall() < f.LangCrisisRecall {
			out = append(out, fmt.Sprintf("crisis recall in %s %.3f < %.2f", lang, c.Recall(), f.LangCrisisRecall))
		}
	}
	for _, lang := range sortedKeys(r.SextLang) {
		c := r.SextLang[lang]
		if c.TP+c.FN >= f.MinLangExamples && c.Recall() < f.LangSextRecall {
			out = append(out, fmt.Sprintf("sextortion recall in %s %.3f < %.2f", lang, c.Recall(), f.LangSextRecall))
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Write prints the report as plain text tables.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "%d messages\n\n%-16s %6s %6s %6s %5s\n", r.N, "intent", "prec", "recall", "F1", "n")
	for _, in := range content.Intents {
		c := r.PerIntent[in]
		fmt.Fprintf(w, "%-16s %6.3f %6.3f %6.3f %5d\n", in, c.Precision(), c.Recall(), c.F1(), c.TP+c.FN)
	}
	fmt.Fprintf(w, "\nmacro-F1 %.3f · crisis recall (flag) %.3f (%d/%d) · crisis precision %.3f · sextortion recall %.3f · benign sent to crisis %.3f (%d/%d)\n",
		r.MacroF1(), r.Crisis.Recall(), r.Crisis.TP, r.Crisis.TP+r.Crisis.FN, r.Crisis.Precision(), r.SextortionRecall(), r.BenignToCrisis(), r.BenignHit, r.Benign)

	fmt.Fprintf(w, "crisis contacts given (flag or backstop): %.3f (%d/%d) · backstop alone on non-crisis messages %d/%d · on benign %d/%d\n",
		r.Backstop.Recall(), r.Backstop.TP, r.Backstop.TP+r.Backstop.FN, r.NonCrisisMaybe, r.NonCrisis, r.BenignMaybe, r.Benign)

	if r.HelpedKnow {
		fmt.Fprintf(w, "first reply carries the crisis contacts (a flag, the backstop, or a reading whose reply always does, such as sextortion): crisis messages %.3f (%d/%d) · benign %d/%d\n",
			r.Helped.Recall(), r.Helped.TP, r.Helped.TP+r.Helped.FN, r.HelpedBenign, r.Benign)
	}
	fmt.Fprintf(w, "read in the labelled language: %d/%d\n", r.LangRight, r.N)
	fmt.Fprintf(w, "audience (prec/recall/n):")
	for _, aud := range sortedKeys(r.Audience) {
		c := r.Audience[aud]
		fmt.Fprintf(w, " %s %.3f/%.3f/%d", aud, c.Precision(), c.Recall(), c.TP+c.FN)
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "\n%-6s %14s %18s %14s\n", "lang", "crisis recall", "sextortion recall", "intent acc")
	for _, lang := range sortedKeys(r.IntentLang) {
		cr, sx, ia := "-", "-", r.IntentLang[lang]
		if c := r.CrisisLang[lang]; c != nil && c.TP+c.FN > 0 {
			cr = fmt.Sprintf("%.3f (%d)", c.Recall(), c.TP+c.FN)
		}
		if c := r.SextLang[lang]; c != nil && c.TP+c.FN > 0 {
			sx = fmt.Sprintf("%.3f (%d)", c.Recall(), c.TP+c.FN)
		}
		fmt.Fprintf(w, "%-6s %14s %18s %8.3f (%d)\n", lang, cr, sx, ia.Recall(), ia.TP+ia.FN)
	}

	fmt.Fprintf(w, "\nconfusion (rows: labelled, columns: predicted)\n%-16s", "")
	short := func(s string) string {
		if len(s) > 6 {
			return s[:6]
		}
		return s
	}
	for _, p := range content.Intents {
		fmt.Fprintf(w, " %6s", short(p))
	}
	fmt.Fprintln(w)
	for _, g := range content.Intents {
		fmt.Fprintf(w, "%-16s", g)
		for _, p := range content.Intents {
			if n := r.Confusion[g][p]; n > 0 {
				fmt.Fprintf(w, " %6d", n)
			} else {
				fmt.Fprintf(w, " %6s", ".")
			}
		}
		fmt.Fprintln(w)
	}
}
