package safety_test

import (
	"context"
	"testing"

	"github.com/lantern-help/lantern/internal/safety"
)

// TestPlansWithATime: an everyday plan told with a time ("ce soir je sors avec mes potes au
// ciné") is no crisis: the crisis backstops, which learnt "ce soir", "сьогодні ввечері" and
// "tomorrow" from crises, read it without the time words. Each of these was read as a crisis
// before, in a user test (2026-12-02). The same time told with a crisis still is one.
func TestPlansWithATime(t *testing.T) {
	r := rules(t)
	for _, c := range []struct{ lang, text string }{
		{"fr", "ce soir je sors avec mes potes au ciné"},
		{"fr", "demain je vais au foot"},
		{"uk", "сьогодні ввечері йдемо з друзями в кіно"},
		{"uk", "завтра йду на футбол"},
		{"uk", "сьогодні ввечері граю в доту"},
		{"hi", "आज रात दोस्तों के साथ बाहर जा रहे हैं"},
		{"am", "ዛሬ ማታ ከጓደኞቼ ጋር ፊልም ልናይ ነው"},
		{"pt", "hoje à noite vou no cinema com meus amigos"},
		{"ru", "сегодня вечером идем в кино с друзьями"},
		{"ru", "мама сегодня испекла пирог, очень вкусный"},
		{"uk", "мама сьогодні спекла пиріг, дуже смачний"},
		{"de", "heute abend ist elternabend in der schule von meiner tochter"},
		{"es", "mi hija se queda a dormir esta noche en casa de una amiga del cole"},
		{"es", "hoy en la noche me toca lavar los platos, qué flojera"},
	} {
		if a := r.Assess(context.Background(), c.text, c.lang); a.Crisis {
			t.Errorf("%s %q: read as a crisis (%s)", c.lang, c.text, a.Source)
		}
	}
	for _, c := range []struct{ lang, text string }{
		{"en", "tonight after the party im going to take all the pills"},
		{"es", "esta noche después de la fiesta me voy a despedir de todos"},
		{"fr", "ce soir après le ciné je vais en finir"},
		{"ru", "сегодня вечером после кино я покончу с собой"},
		{"uk", "сьогодні ввечері після кіно я покінчу з собою"},
		// A meeting with someone from online, and not coming back, are no everyday plans
		// (a review, 2026-12-02: the first read as plans lost the danger reply).
		{"en", "tonight i'm meeting the guy from snap at the mall"},
		{"fr", "ce soir je vais rencontrer un mec de snap au centre commercial"},
		{"ru", "сегодня вечером встречаюсь с мужиком из интернета в тц"},
		{"pt", "hoje à noite vou encontrar um cara do insta no shopping"},
		{"ru", "сегодня пойду гулять и больше не вернусь"},
	} {
		if a := r.Assess(context.Background(), c.text, c.lang); !a.Crisis {
			t.Errorf("%s %q: no crisis read", c.lang, c.text)
		}
	}
}

// TestDeadlinesInTheStory: a threat's deadline given in minutes, hours or "until tomorrow"
// ("میگه تا فردا وقت داری", "dice que tengo 10 minutos o las manda a mi mamá") is read
// without it by the crisis backstops, as "by tonight" was: it is the threat's, not the
// writer's plan. Both were read as crises before.
func TestDeadlinesInTheStory(t *testing.T) {
	r := rules(t)
	for _, c := range []struct{ lang, text string }{
		{"fa", "پول ندارم بهش بدم، میگه تا فردا وقت داری"},
		{"es", "dice que tengo 10 minutos o las manda a mi mamá"},
	} {
		if a := r.Assess(context.Background(), c.text, c.lang); a.Crisis || a.Intent != safety.Sextortion {
			t.Errorf("%s %q: %s crisis=%v, want sextortion and no crisis", c.lang, c.text, a.Intent, a.Crisis)
		}
	}
}

// TestNotKnowingWhatToDoInDespair: "i don't know what to do" asks for the next steps, but not
// in despair ("ya no sé qué hacer", "idk what to do anymore"): a backstop's crisis reading of
// those stands (a review, 2026-12-02, found the new phrases clearing it).
func TestNotKnowingWhatToDoInDespair(t *testing.T) {
	r := rules(t)
	for _, c := range []struct{ lang, text string }{
		{"es", "ya no sé qué hacer"},
		{"en", "i dont know what to do with myself"},
		{"en", "idk what to do anymore honestly"},
	} {
		if a := r.Assess(context.Background(), c.text, c.lang); a.WhatNext {
			t.Errorf("%s %q: read as asking what to do now", c.lang, c.text)
		}
	}
	if a := r.Assess(context.Background(), "no se que hacer", "es"); !a.WhatNext {
		t.Errorf("es \"no se que hacer\": not read as asking what to do now")
	}
}
