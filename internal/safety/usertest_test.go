package safety_test

import (
	"cmp"
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

// TestBeingThreatenedSaidAlone: "im being threatened" typed alone (what the menu's first
// button says) was read as a friend's worry, and "bro gw diancem" and "me están
// amenazando" as nothing; a sibling's joking threat stays harmless.
func TestBeingThreatenedSaidAlone(t *testing.T) {
	r := rules(t)
	ctx := context.Background()
	for _, c := range []struct {
		lang, text string
		want       safety.Intent
	}{
		{"en", "im being threatened", safety.Sextortion},
		{"id", "bro gw diancem", safety.Sextortion},
		{"es", "me están amenazando", safety.Sextortion},
		{"de", "ich werde erpresst", safety.Sextortion},
		{"es", "mi hermana me amenaza con decirle a mi mamá que reprobé jajaja", safety.OffTopic},
		{"en", "i got threatened with detention", ""},
		{"es", "me esta amenazando el profe con reprobarme", ""},
	} {
		a := r.Assess(ctx, c.text, c.lang)
		if c.want == "" && a.Intent == safety.Sextortion || c.want != "" && a.Intent != c.want {
			t.Errorf("%s %q: %s, want %s", c.lang, c.text, a.Intent, cmp.Or(c.want, "anything but sextortion"))
		}
	}
}

// TestEnglishFriendStaysEnglish: "hes literally my best friend" in an English chat matched
// an Amharic rule that keeps code-mixed Amharic's English "best friend", and the whole
// conversation, crisis numbers included, went on in Amharic.
func TestEnglishFriendStaysEnglish(t *testing.T) {
	r := rules(t)
	for _, text := range []string{"hes literally my best friend", "hes my friend", "my friend"} {
		if got := r.DetectFor(text, "en"); got != "" && got != "en" {
			t.Errorf("%q in an English chat: detected %q", text, got)
		}
	}
	// Romanised Russian shares short words with English ("lol", "i"): still Russian.
	if got := r.DetectFor("ne hochu bolshe jit lol", "en"); got != "ru" {
		t.Errorf("romanised Russian in an English chat: detected %q, want ru", got)
	}
}

// TestJailQuestion: "voy a ir a la carcel?" read as a danger at the door; it is a question
// on the law.
func TestJailQuestion(t *testing.T) {
	r := rules(t)
	ctx := context.Background()
	if a := r.Assess(ctx, "voy a ir a la carcel?", "es"); a.Crisis || a.Intent != safety.Learn {
		t.Errorf("voy a ir a la carcel?: %s, crisis %v; want learn, no crisis", a.Intent, a.Crisis)
	}
}

// TestEgyptianMotherIsAParent: "انا مامة بنت عندها 12 سنة" (I'm the mum of a 12-year-old
// girl) was read as the girl herself, and the mother got the teen's grooming steps.
func TestEgyptianMotherIsAParent(t *testing.T) {
	r := rules(t)
	a := r.Assess(context.Background(), "انا مامة بنت عندها 12 سنة، لقيت على موبايلها راجل كبير بيكلمها على فري فاير وبيطلب منها صور", "ar")
	if a.Audience != "parent" || a.Intent != safety.Enticement {
		t.Errorf("a mother's grooming worry: %s, audience %s; want enticement, parent", a.Intent, a.Audience)
	}
}
