package dialog_test

import (
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
)

// TestMoreOfTheStoryOnAStep: more of the story typed on one of its step-by-step nodes ("what
// if he really posts it?" after "take me through it step by step") gets the story's short
// word and its buttons; it had got the whole first reply again, about 35 lines.
func TestMoreOfTheStoryOnAStep(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story, more string }{
		{"en", "US", "a guy has my pics and says he'll send them to my friends unless i pay", "he says he will post them on my school page"},
		{"fa", "IR", "یه نفر عکسامو داره و تهدید میکنه پخششون میکنه اگه پول ندم", "اگه واقعا پخشش کنه چی؟"},
	} {
		sx := e.Step(dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}, sayIn(c.lang, c.story))
		if sx.State.Node != "teen_sextortion" {
			t.Errorf("%s story: node %q, want teen_sextortion", c.lang, sx.State.Node)
			continue
		}
		stop := e.Step(sx.State, pressLabel(t, sx, lib.Text(c.lang, "btn.sx_what_now")))
		res := e.Step(stop.State, sayIn(c.lang, c.more))
		got := all(res)
		if !strings.Contains(got, lib.Text(c.lang, "teen_sx.again")) || strings.Contains(got, lib.Text(c.lang, "teen_sx.dont_pay")) {
			t.Errorf("%s %q on %s: want the story's short word, not its whole reply\n%s", c.lang, c.more, stop.State.Node, got)
		}
	}
}

// TestNotUnderstoodAfterTheStory: words nothing understood, typed after the story was told
// (on "it's not your fault"), get the story's short word and the crisis line, not "I'm not
// sure I understood"; "ok what do i do now" there gets the step-by-step (it had got the
// helplines).
func TestNotUnderstoodAfterTheStory(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "GB", Lang: "en"}
	sx := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	blamed := e.Step(sx.State, say(lib, "im such an idiot"))
	if blamed.State.Node != "teen_not_your_fault" {
		t.Fatalf("the blame: node %q, want teen_not_your_fault\n%s", blamed.State.Node, all(blamed))
	}
	res := e.Step(blamed.State, say(lib, "zxqv blorp"))
	got := all(res)
	wantAll(t, got, lib.Text("en", "teen_sx.again"), lib.Text("en", "fallback.crisis"))
	if strings.Contains(got, lib.Text("en", firstText(lib, lib.Flow.Fallback))) {
		t.Errorf("not understood after the story: the fallback's words\n%s", got)
	}
	if res := e.Step(blamed.State, say(lib, "ok what do i do now")); res.State.Node != "teen_sx_stop" {
		t.Errorf("what now, on the blame's reply: node %q, want teen_sx_stop\n%s", res.State.Node, all(res))
	}
	// With no story told, words not understood on a help path get the fallback as before.
	menu := e.Step(st, dialog.Event{Kind: dialog.Command, Command: "menu"})
	talk := e.Step(menu.State, say(lib, "i need to talk to someone"))
	if got := all(e.Step(talk.State, say(lib, "zxqv blorp"))); strings.Contains(got, lib.Text("en", "teen_sx.again")) || !strings.Contains(got, lib.Text("en", "fallback.text")) {
		t.Errorf("no story told: want the fallback, not the story's short word\n%s", got)
	}
}

// TestNotUnderstoodAfterACrisisReply: after a crisis reply, words nothing understood get the
// fallback with the emergency number, not the story's short word ("don't pay"); so does a
// grooming disclosure told with "he made me promise" on the friend steps keep its reading
// (a review, 2026-12-02).
func TestNotUnderstoodAfterACrisisReply(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	sx := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	cr := e.Step(sx.State, say(lib, "i want to kill myself"))
	got := all(e.Step(cr.State, say(lib, "zxqv blorp")))
	if strings.Contains(got, lib.Text("en", "teen_sx.again")) || !strings.Contains(got, "911") {
		t.Errorf("not understood after the crisis reply: want the fallback with the emergency number\n%s", got)
	}
	friend := e.Step(st, say(lib, "my best friend is being blackmailed by some guy with her nudes"))
	res := e.Step(friend.State, say(lib, "he made me promise not to tell anyone, hes 25 and wants me to come over tonight"))
	if strings.Contains(all(res), lib.Text("en", "teen_friend.again")) {
		t.Errorf("a grooming disclosure with a promise, on the friend steps: the friend's short word\n%s", all(res))
	}
}
