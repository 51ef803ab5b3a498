package dialog_test

import (
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
)

// TestAreYouThere: "are you there?" typed after the crisis reply gets that the bot is here and
// the crisis lines again; it had got the welcome, as if the chat were new ("ти тут?", "hello??
// koi hai"), or "not understood" ("t'es là ?"). Elsewhere it is an acknowledgement.
func TestAreYouThere(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, crisis, there string }{
		{"uk", "UA", "я вже порізала руку сьогодні і хочу ще", "ти тут?"},
		{"fr", "FR", "je veux plus vivre", "t'es là ?"},
		{"en", "US", "i want to kill myself", "are you still there?"},
	} {
		cr := e.Step(dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}, sayIn(c.lang, c.crisis))
		if cr.State.Node != lib.Flow.Crisis {
			t.Errorf("%s %q: node %q, want %s", c.lang, c.crisis, cr.State.Node, lib.Flow.Crisis)
			continue
		}
		res := e.Step(cr.State, sayIn(c.lang, c.there))
		wantAll(t, all(res), lib.Text(c.lang, "ack.reply"), lib.Text(c.lang, "fallback.crisis"))
	}
	res := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "are you there"))
	if got := all(res); !strings.Contains(got, lib.Text("en", "ack.reply")) || strings.Contains(got, lib.Text("en", "fallback.crisis")) {
		t.Errorf("off the crisis reply: want the acknowledgement alone\n%s", got)
	}
}

// TestHisPromiseOnTheFriendSteps: "he asked me not to tell anyone" typed on the friend steps
// is the friend's wish for secrecy (their short word, which says a promise never has to keep
// a friend in danger); it had got the grooming reply, as if the friend were the writer's
// groomer. A friend's crisis told after it gets the reply for a friend in crisis.
func TestHisPromiseOnTheFriendSteps(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story, promise, crisis string }{
		{"uk", "UA", "мого друга шантажують, якийсь тип має його інтимні фото і хоче гроші", "він просив нікому не казати", "він написав що якщо фото розішлють то він з собою щось зробить"},
		{"en", "GB", "my best friend is being blackmailed by some guy with his nudes", "he asked me not to tell anyone", "he said if they post it he'll do something to himself"},
	} {
		first := e.Step(dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}, sayIn(c.lang, c.story))
		if first.State.Node != "teen_friend" {
			t.Errorf("%s friend's story: node %q, want teen_friend\n%s", c.lang, first.State.Node, all(first))
			continue
		}
		promise := e.Step(first.State, sayIn(c.lang, c.promise))
		wantAll(t, all(promise), lib.Text(c.lang, "teen_friend.again"))
		if res := e.Step(promise.State, sayIn(c.lang, c.crisis)); res.State.Node == lib.Flow.Crisis {
			t.Errorf("%s %q: the writer's crisis reply, want the friend's\n%s", c.lang, c.crisis, all(res))
		}
	}
}
