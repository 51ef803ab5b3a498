package dialog_test

import (
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
)

// A plan to meet the one who wrote to them, told on the grooming steps in any language, gets
// the reply for a meeting: don't go, tell an adult before that day, report, the emergency
// number and the crisis line. It had got "thanks for telling me more" (ru, uk, de), or only
// the crisis reply that speaks of hurting oneself (en, "he'll pick me up after school
// tomorrow", read by a backstop as a crisis: that reply still comes first).
func TestMeetingOnTheGroomingSteps(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story, meeting, more string }{
		{"en", "GB", "a guy i met on discord keeps asking me to keep our chats secret",
			"he said he will pick me up after school tomorrow in his car and not to tell my parents",
			"he wants to meet at the park on saturday too"},
		{"en", "US", "this older guy from insta keeps sending me gifts and says its our secret",
			"he bought me a train ticket to go see him next weekend",
			"he says he wants to meet me at the mall on saturday"},
		{"ru", "RU", "парень из интернета просит никому не рассказывать про наши переписки",
			"он сказал что завтра заберет меня после школы на машине, родителям нельзя говорить",
			"еще он хочет встретиться в субботу в торговом центре"},
		{"uk", "UA", "дорослий хлопець з інстаграму просить нікому не казати про нас",
			"а ще він хоче зустрітись в суботу біля тц, мама не знає",
			"він каже що забере мене після школи"},
		{"de", "DE", "ein typ aus dem internet schreibt mir und sagt ich soll es geheim halten",
			"er will dass ich zu ihm komme am wochenende er zahlt auch das zugticket",
			"er will mich nach der schule mit dem auto abholen"},
		{"es", "MX", "un señor de free fire me manda regalos y dice que es nuestro secreto",
			"quiere que nos veamos el sabado en el centro comercial y que no le diga a mis papas",
			"dice que me recoge en su carro despues de la escuela"},
	} {
		st := dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}
		en := e.Step(st, sayIn(c.lang, c.story))
		if en.State.Node != "teen_enticement" {
			t.Fatalf("%s grooming story %q: node %q, want teen_enticement\n%s", c.lang, c.story, en.State.Node, all(en))
		}
		res := e.Step(en.State, sayIn(c.lang, c.meeting))
		if res.State.Node != "teen_meeting" {
			t.Errorf("%s on the grooming steps, %q: node %q, want teen_meeting\n%s", c.lang, c.meeting, res.State.Node, all(res))
			continue
		}
		wantAll(t, all(res), lib.Text(c.lang, "teen_meeting.first"), lib.Text(c.lang, "teen_meeting.tell"),
			"["+lib.Text(c.lang, "btn.tell_someone")+"]", "["+lib.Text(c.lang, "btn.talk_now")+"]")
		// More of the plan on that reply: its short word, not all of it again.
		more := e.Step(res.State, sayIn(c.lang, c.more))
		if more.State.Node != "teen_meeting" || !strings.Contains(all(more), lib.Text(c.lang, "teen_meeting.again")) {
			t.Errorf("%s more of the plan, %q: node %q, want teen_meeting's short word\n%s", c.lang, c.more, more.State.Node, all(more))
		}
	}
}

// The plan told first, with the grooming story in it, gets the reply for a meeting; a threat
// that demands a meeting too. A crisis a rule read comes first, then the meeting reply;
// someone outside now gets the danger reply; everyday pick-ups and plans on the steps do not
// get the meeting reply.
func TestMeetingToldFirstAndLookalikes(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	for _, text := range []string{
		"the guy from discord wants to meet me on saturday and said not to tell my mum",
		"he says he will post my pics unless i meet him",
	} {
		if res := e.Step(st, say(lib, text)); res.State.Node != "teen_meeting" {
			t.Errorf("first message %q: node %q, want teen_meeting\n%s", text, res.State.Node, all(res))
		}
	}
	crisis := e.Step(st, say(lib, "the guy from discord wants to meet me tomorrow and i want to die"))
	got := all(crisis)
	if !strings.Contains(got, lib.Text("en", firstText(lib, lib.Flow.Crisis))) && !strings.Contains(got, lib.Text("en", firstText(lib, lib.Flow.Danger))) || crisis.State.Node != "teen_meeting" {
		t.Errorf("a meeting told with despair: node %q, want a crisis reply then teen_meeting\n%s", crisis.State.Node, got)
	}
	en := e.Step(st, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	if en.State.Node != "teen_enticement" {
		t.Fatalf("grooming story: node %q, want teen_enticement", en.State.Node)
	}
	// Despair told with the plan, on the steps: the crisis reply first, then the meeting's.
	despair := e.Step(en.State, say(lib, "hes picking me up tonight and i dont care what happens to me anymore"))
	if got := all(despair); despair.State.Node != "teen_meeting" || !strings.HasPrefix(got, lib.Text("en", firstText(lib, lib.Flow.Crisis))) || !strings.Contains(got, lib.Text("en", "teen_meeting.first")) {
		t.Errorf("despair with a plan, on the grooming steps: node %q, want the crisis reply, then teen_meeting\n%s", despair.State.Node, got)
	}
	if res := e.Step(en.State, say(lib, "he is outside my house right now")); !strings.Contains(all(res), lib.Text("en", firstText(lib, lib.Flow.Danger))) {
		t.Errorf("someone outside now, on the grooming steps: node %q, want the danger reply\n%s", res.State.Node, all(res))
	}
	for _, text := range []string{
		"my mum will pick me up after school",
		"im meeting my friends at the mall tomorrow",
		"my dad bought me a ticket to the concert",
	} {
		if res := e.Step(en.State, say(lib, text)); res.State.Node == "teen_meeting" {
			t.Errorf("on the grooming steps, %q got the meeting reply\n%s", text, all(res))
		}
	}
}

// A parent who learns of a planned meeting, on the grooming or sextortion steps, gets the
// parent's reply for it: keep the child from it, the emergency number, the plan reported. It
// had got "thank you, that helps" and the steps again.
func TestParentLearnsOfAMeeting(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "parent", Region: "US", Lang: "en"}
	for _, c := range []struct{ story, first, meeting string }{
		{"a man my daughter met on roblox keeps messaging her and told her to keep it secret", "parent_grooming_now",
			"he has arranged to meet her on saturday at the mall"},
		{"my son is being blackmailed by someone online over photos", "parent_threatened",
			"the man now says he wants to meet him or he will post them"},
	} {
		story := e.Step(st, say(lib, c.story))
		if story.State.Node != c.first {
			t.Fatalf("parent story %q: node %q, want %s", c.story, story.State.Node, c.first)
		}
		res := e.Step(story.State, say(lib, c.meeting))
		if res.State.Node != "parent_meeting" {
			t.Errorf("on %s, %q: node %q, want parent_meeting\n%s", c.first, c.meeting, res.State.Node, all(res))
			continue
		}
		wantAll(t, all(res), lib.Text("en", "parent_meeting.first"), lib.Text("en", "parent_meeting.report"))
	}
}
