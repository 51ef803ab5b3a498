package safety_test

import (
	"context"
	"testing"

	"github.com/lantern-help/lantern/internal/safety"
)

// A cry for help typed alone ("help", "ayuda", "tolong") is asking to talk to someone; the
// same word inside a question or a story is read by the rules as before.
func TestAloneMessages(t *testing.T) {
	r := rules(t)
	alone := map[string]string{
		"help": "en", "HELP!!! 😭": "en", "pls help": "en", "ayuda": "es", "socorro": "pt", "aidez-moi": "fr",
		"Hilfe!": "de", "помогите": "ru", "допоможіть": "uk", "ساعدوني": "ar", "کمکم کنید": "fa",
		"bhai help": "hi", "tolong": "id", "እርዱኝ": "am",
	}
	for text, lang := range alone {
		if a := r.Assess(context.Background(), text, lang); a.Intent != safety.TalkToSomeone || a.Crisis {
			t.Errorf("%q (%s): %s crisis=%v, want talk_to_someone", text, lang, a.Intent, a.Crisis)
		}
	}
	within := map[string]safety.Intent{
		"help, can you explain what take it down does?":     safety.Learn,
		"help he says he will post my nudes unless i pay":   safety.Sextortion,
		"help my friend is being blackmailed with her pics": safety.Friend,
		"help i want to die":                                safety.Crisis,
	}
	for text, want := range within {
		if a := r.Assess(context.Background(), text, "en"); a.Intent != want {
			t.Errorf("%q: %s, want %s", text, a.Intent, want)
		}
	}
}
