package safety_test

import (
	"context"
	"testing"
)

// TestFearOfTellingAlone: a short fear of parents finding out is that fear, not a crisis,
// though the crisis backstops learnt "miedo" and "mi papá" from crises told with them; the
// same fear told with despair is still one (the crisis rules read every word).
func TestFearOfTellingAlone(t *testing.T) {
	r := rules(t)
	for _, c := range []struct {
		lang, text string
		crisis     bool
	}{
		{"es", "me da miedo q mi papa se entere", false},
		{"en", "what if my parents find out", false},
		{"pt", "tenho medo que meus pais descubram", false},
		{"es", "si mi papa se entera me mato", true},
		{"en", "im scared my parents will find out, i want to die", true},
		{"es", "tengo miedo que mis papas se enteren ya no puedo mas", true},
	} {
		a := r.Assess(context.Background(), c.text, c.lang)
		if a.Crisis != c.crisis {
			t.Errorf("%s %q: crisis %v, want %v", c.lang, c.text, a.Crisis, c.crisis)
		}
		if !c.crisis && !a.AfraidToTell {
			t.Errorf("%s %q: not read as a fear of telling", c.lang, c.text)
		}
	}
}
