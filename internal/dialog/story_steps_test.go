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
