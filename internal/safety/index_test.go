package safety

import (
	"context"
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
