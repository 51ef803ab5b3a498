package safety

import (
	"context"
	"testing"

	"github.com/lantern-help/lantern/internal/content"
)

// TestEverydayExceptionKeepsContacts: a crisis rule kept from a message only by an everyday
// word among its exceptions ("!party") still adds the crisis contacts, without the
// interruption; an exception that is not everyday ("lol"), or a hard negative, still keeps
// them away, and a rule matched in full is a crisis as before.
func TestEverydayExceptionKeepsContacts(t *testing.T) {
	lib := &content.Library{Lexicons: map[string]*content.Lexicon{"en": {
		Crisis: []string{
			"tonights the night + im done + !party|my mum|getting ready|lol",
			"on the bridge + !the view",
		},
		NotCrisis: []string{"im done with this homework"},
		Everyday:  []string{"party", "mum", "bridge"},
		Stopwords: []string{"my", "the", "at"},
		Intents:   map[string][]string{"greeting": {"hello"}},
	}}}
	r := NewRules(lib)
	for _, tc := range []struct {
		text          string
		crisis, maybe bool
	}{
		{"tonights the night. im done", true, false},
		{"everyones at the party. tonights the night. im done", false, true},
		{"tell my mum sorry, tonights the night, im done", false, true},
		{"tonights the night!! party time, im done getting ready", false, false},
		{"tonights the night lol im done", false, false},
		{"tonights the night and im done with this homework", false, false},
		// an everyday word inside a longer exception is no everyday exception
		{"on the bridge, the view is lovely", false, false},
		{"hello", false, false},
	} {
		a := r.Assess(context.Background(), tc.text, "en")
		if a.Crisis != tc.crisis || a.CrisisMaybe != tc.maybe {
			t.Errorf("%q: crisis %v, contacts added %v; want %v, %v", tc.text, a.Crisis, a.CrisisMaybe, tc.crisis, tc.maybe)
		}
	}
}

func TestIsEveryday(t *testing.T) {
	every := compile([]string{"party", "exam*", "fin de semana", "mum"})
	stops := map[string]bool{"my": true, "the": true, "de": true}
	for _, tc := range []struct {
		alt  string
		want bool
	}{
		{"party", true},
		{"the party", true},
		{"exams", true},
		{"exam*", true},
		{"ex*", true}, // covers "exam": blocks more than the everyday word itself
		{"my mum", true},
		{"fin de semana", true},
		{"party plan", false},
		{"mum knows", false},
		{"lol", false},
		{"my", false},
		{"?", false},
	} {
		p := compile([]string{tc.alt})
		if got := isEveryday(p[0], every, stops); got != tc.want {
			t.Errorf("isEveryday(%q) = %v, want %v", tc.alt, got, tc.want)
		}
	}
}
