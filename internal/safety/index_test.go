package safety

import "testing"

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
