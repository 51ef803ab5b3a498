package safety_test

import (
	"context"
	"testing"

	"github.com/lantern-help/lantern/internal/safety"
)

// TestUserTestReadings: messages from a user test in six languages (2026-12-02) that no rule
// read, or a wrong one did: a question about the law read as grooming, whether to pay, where
// to file a police report, how to get pictures taken down.
func TestUserTestReadings(t *testing.T) {
	r := rules(t)
	for _, c := range []struct {
		lang, text string
		want       safety.Intent
	}{
		{"am", "ከ18 ዓመት በታች እርቃን ፎቶ መላክ ወንጀል ነው?", safety.Learn},
		{"hi", "kya main paise de du taaki maamla khatam ho jaye?", safety.Sextortion},
		{"hi", "FIR kahan karu", safety.Report},
		{"de", "wie krieg ich die weg?? bitte schnell", safety.ImageRemoval},
		{"hi", "kya main school fees ke paise de du", safety.OffTopic},
	} {
		if a := r.Assess(context.Background(), c.text, c.lang); a.Intent != c.want {
			t.Errorf("%s %q: %s, want %s", c.lang, c.text, a.Intent, c.want)
		}
	}
}
