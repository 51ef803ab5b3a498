package safety

import (
	"context"
	"fmt"
	"testing"

	"github.com/lantern-help/lantern/internal/content"
)

// A group written "!a|b" must not be found anywhere in the message, wherever it comes.
func TestRuleWithGroupThatMustNotBeFound(t *testing.T) {
	v := newVocab()
	s := newSection(v, compileRules([]string{
		"show|send + pic* + !baby|bath",
		"!only a negation", // a rule needs something to find: dropped
		"unless i pay",
	}))
	for text, want := range map[string]bool{
		"he will send my pics to everyone":             true,
		"my sister will send my baby pics to my crush": false,
		"bath pics, she says she will show them":       false, // the veto before the rest
		"she will show my pics from the bath":          false, // and after it
		"nothing here":                                 false,
		"only a negation":                              false,
		"he says unless i pay":                         true,
	} {
		if got := s.match(v.read(Tokens(text))); got != want {
			t.Errorf("%q: match %v, want %v", text, got, want)
		}
	}
}

// A crisis is a language's crisis rules matching a message both before and after every
// language's hard negatives are blanked: a German idiom blanked ("will sterben lol") must not
// undo an English rule's exception ("lol") and so make a crisis of a joke.
func TestCrisisRulesHoldPerLanguage(t *testing.T) {
	lib := &content.Library{Lexicons: map[string]*content.Lexicon{
		"en": {Lang: "en", Crisis: []string{"thanks for everything + not picking up + !lol"}},
		"de": {Lang: "de", Crisis: []string{"will sterben"}, NotCrisis: []string{"will sterben lol"}},
	}}
	r := NewRules(lib)
	for text, want := range map[string]bool{
		"ich will sterben lol, thanks for everything, not picking up": false,
		"thanks for everything, not picking up":                       true,
		"ich will sterben":                                            true,
	} {
		if got := r.Assess(context.Background(), text, "en").Crisis; got != want {
			t.Errorf("%q: crisis %v, want %v", text, got, want)
		}
	}
}

// One word can be a group of hundreds of rules ("lol" is one of 200): a scan records more
// rules than it holds on the stack, and finds each again, in the stack's part or beyond it,
// when its next group comes.
func TestScanRecordsManyRules(t *testing.T) {
	var lines []string
	for i := range 300 {
		lines = append(lines, fmt.Sprintf("lol + w%d", i))
	}
	lines = append(lines, "lol + never + !w5")
	v := newVocab()
	s := newParts(v, [][]rule{compileRules(lines[:150]), compileRules(lines[150:])})
	for text, want := range map[string]uint64{
		"lol w0":         1,
		"lol w127":       1,
		"lol w128":       1,
		"lol w149":       1,
		"w299 lol":       2,
		"lol w5 w200":    3,
		"lol":            0,
		"w7":             0,
		"lol never w5":   1,
		"lol never":      2,
		"never lol w250": 2,
	} {
		ix := v.read(Tokens(text))
		if got := s.matchParts(ix); got != want {
			t.Errorf("%q: parts %b, want %b", text, got, want)
		}
		if got := s.match(ix); got != (want != 0) {
			t.Errorf("%q: match %v", text, got)
		}
	}
}

// Phrases whose first word is a pattern: "?" (any word) and a stem of one letter ("1*": an
// age), of two ("ፎቶ*") and of three or more ("pic*"); each found where it stands, and only
// there.
func TestPhrasesStartingWithAPattern(t *testing.T) {
	v := newVocab()
	s := newSection(v, compileRules([]string{
		"1* yo|1* year old",
		"? mg + took",
		"ፎቶ* + ልለቅ",
		"pic* of me",
	}))
	for text, want := range map[string]bool{
		"my 13 yo son":              true,
		"she is 14 year old":        true,
		"my 2 yo":                   false, // not a "1"
		"year old whisky":           false,
		"took 500 mg":               true,
		"mg took":                   false, // "?" needs a word before
		"ፎቶዬን ልለቅ ነው":               true,
		"pictures of me":            true,
		"a picture of my cat":       false,
		"the 13th of may, 10 years": false,
	} {
		if got := s.match(v.read(Tokens(text))); got != want {
			t.Errorf("%q: match %v, want %v", text, got, want)
		}
	}
}
