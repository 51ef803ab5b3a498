package dialog_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safety"
	"github.com/lantern-help/lantern/internal/safetytest"
)

func engine(t testing.TB) (*dialog.Engine, *content.Library) {
	t.Helper()
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	return dialog.New(lib, hotline.New(lib.Countries)), lib
}

// say is a typed message, assessed by the real rules (those of the embedded content every
// test's library is loaded from).
func say(_ *content.Library, text string) dialog.Event { return sayIn("en", text) }

// sayIn is say in another language.
func sayIn(lang, text string) dialog.Event {
	return dialog.Event{Kind: dialog.Text, Text: text, Assessment: safetytest.Rules().Assess(context.Background(), text, lang)}
}

func all(res dialog.Result) string {
	var b strings.Builder
	for _, r := range res.Replies {
		b.WriteString(r.Text)
		b.WriteString("\n")
		for _, row := range r.Buttons {
			for _, btn := range row {
				b.WriteString("[" + btn.Label + "]\n")
			}
		}
	}
	return b.String()
}

func wantAll(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply lacks %q\n--- reply ---\n%s", w, got)
		}
	}
}

// The first reply to sextortion carries the crisis line and the emergency number of the
// person's region, and the main help for it, before any button is pressed.
func TestFirstSextortionReply(t *testing.T) {
	e, lib := engine(t)
	msg := "someone says he will post my nudes unless i pay him"
	tests := []struct {
		region string
		wants  []string
	}{
		{"GB", []string{"116 123", "999", "0800 1111", "Report Remove", "CEOP"}},
		{"US", []string{"988", "911", "1-800-843-5678", "Take It Down"}},
		{"AU", []string{"13 11 14", "000", "1800 55 1800"}},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			res := e.Step(dialog.State{Audience: "teen", Region: tt.region, Lang: "en"}, say(lib, msg))
			if len(res.Replies) == 0 || !res.Replies[0].Risky {
				t.Fatalf("want risky scripted replies, got %+v", res.Replies)
			}
			wantAll(t, all(res), tt.wants...)
			wantAll(t, res.Replies[0].Text, tt.wants[:2]...) // crisis line + emergency in the very first message
		})
	}
}

// A story typed in pieces gets the full steps once: more of it ("he wants 100 by tonight")
// gets a short word that they still hold and the same buttons, not the whole reply again; a
// crisis in a later piece still gets the crisis reply, and after a button the steps can be
// reached again by typing.
func TestStoryInPiecesIsAnsweredOnce(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	first := e.Step(st, say(lib, "a guy has my pics and says he'll post them unless i pay"))
	wantAll(t, all(first), lib.Text("en", "teen_sx.dont_pay"), "988")
	more := e.Step(first.State, say(lib, "he wants 100 dollars by tonight or he sends them to my mom"))
	got := all(more)
	if strings.Contains(got, lib.Text("en", "teen_sx.dont_pay")) {
		t.Errorf("more of the same story was answered with the whole reply again:\n%s", got)
	}
	wantAll(t, got, lib.Text("en", "teen_sx.again"), lib.Text("en", "btn.sx_paid"), lib.Text("en", "btn.talk_now"))
	if len(more.Replies) == 0 || !more.Replies[0].Risky {
		t.Errorf("the short reply should be scripted (risky): %+v", more.Replies)
	}
	crisis := e.Step(more.State, say(lib, "i want to kill myself"))
	wantAll(t, all(crisis), lib.Text("en", "crisis.first"))
	// Elsewhere (a button pressed), the story typed again gets the steps again; after the
	// steps for after paying (the node's `paid`), the short word still.
	tell := e.Step(first.State, dialog.Event{Kind: dialog.Press, Data: "g:teen_sx_tell"})
	again := e.Step(tell.State, say(lib, "he wants 100 dollars by tonight or he sends them to my mom"))
	wantAll(t, all(again), lib.Text("en", "teen_sx.dont_pay"))
	paid := e.Step(first.State, dialog.Event{Kind: dialog.Press, Data: "g:teen_sx_paid"})
	afterPaid := e.Step(paid.State, say(lib, "he wants 100 dollars by tonight or he sends them to my mom"))
	wantAll(t, all(afterPaid), lib.Text("en", "teen_sx.again"))
	// A parent telling more gets the parent's short word.
	pst := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"}, say(lib, "someone is blackmailing my son with his photos"))
	pmore := e.Step(pst.State, say(lib, "they want 500 dollars in gift cards from my son"))
	wantAll(t, all(pmore), lib.Text("en", "parent_sx.again"))
	// So does a grooming story told in pieces, by a teen, a parent or a teacher; and a
	// teacher's sextortion disclosure.
	for _, c := range []struct{ aud, story, more, node, key string }{
		{"teen", "this guy i met on discord keeps asking for pics and says its our secret", "he keeps sending me gift cards and says im mature for my age", "teen_enticement", "teen_en.again"},
		{"parent", "a man online keeps asking my 12 year old daughter for photos and told her to keep it secret", "he has been sending her gifts and telling her she is mature for her age", "parent_grooming_now", "parent_groom.again"},
		{"school", "a student told me an adult online keeps asking her for pictures and sends her gifts", "he asked her to keep it a secret and wants more pictures", "school_grooming_now", "school.again"},
		{"school", "a year 10 student just told me a man online has her nudes and wants money", "he wants it by friday or he sends them to her whole class", "school_disclosure", "school.again"},
	} {
		st := dialog.State{Audience: c.aud, Region: "US", Lang: "en"}
		story := e.Step(st, say(lib, c.story))
		if story.State.Node != c.node {
			t.Errorf("%s %q: node %q, want %q", c.aud, c.story, story.State.Node, c.node)
			continue
		}
		more := e.Step(story.State, say(lib, c.more))
		wantAll(t, all(more), lib.Text("en", c.key))
		if more.State.Node != c.node {
			t.Errorf("%s %q after the story: node %q, want %q", c.aud, c.more, more.State.Node, c.node)
		}
	}
}

// Words not understood, or off-topic, typed on a help path keep that path's buttons beside
// the fallback's contacts; off-topic words elsewhere get the redirect.
func TestNotUnderstood(t *testing.T) {
	e, lib := engine(t)
	grooming := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"},
		say(lib, "a man on roblox keeps sending my daughter gifts and told her to keep it secret"))
	node := grooming.State.Node
	what := e.Step(grooming.State, say(lib, "ok and then?"))
	// (A story was told: the story's short word stands for the fallback's.)
	wantAll(t, all(what), lib.Text("en", "parent_groom.again"), "988")
	on := lib.Node(node)
	if on == nil || len(on.Buttons) == 0 {
		t.Fatalf("the grooming reply's node %q has no buttons", node)
	}
	wantAll(t, all(what), lib.Text("en", on.Buttons[0].Label))
	if what.State.Node != node {
		t.Errorf("the conversation left %q for %q", node, what.State.Node)
	}
	plain := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "whats the weather tomorrow?"))
	wantAll(t, all(plain), lib.Text("en", "off_topic.text"), lib.Text("en", "btn.show_menu"))
}

// Words nothing understood that said who is writing get a warm word, the fallback's contacts
// (the rest may be a crisis the rules missed) and that audience's menu; on a help path, or when
// the conversation already holds another audience, they get the plain fallback.
func TestIntroductionGetsItsMenu(t *testing.T) {
	e, lib := engine(t)
	intro := lib.Text("en", "introduced.text")
	first := func(lib *content.Library, menu string) string {
		return lib.Text("en", lib.Node(menu).Buttons[0].Label)
	}
	teacher := e.Step(dialog.State{Region: "US", Lang: "en"}, say(lib, "I teach year 9"))
	wantAll(t, all(teacher), intro, "911", "988", first(lib, "school_menu"))
	if teacher.State.Audience != "school" || teacher.State.Node != "school_menu" {
		t.Errorf("audience %q node %q, want school at school_menu", teacher.State.Audience, teacher.State.Node)
	}
	teen := e.Step(dialog.State{Region: "US", Lang: "en"}, say(lib, "im 14 and its about a guy"))
	wantAll(t, all(teen), intro, "911", "988", first(lib, "teen_menu"))
	// (A hedge with nothing told, "im 13 and something bad happened", gets TestHesitantGetsTime's
	// reply, with the same contacts and menu.)
	hedge := e.Step(dialog.State{Region: "US", Lang: "en"}, say(lib, "im 13 and something bad happened"))
	wantAll(t, all(hedge), lib.Text("en", "hesitant.text"), "911", "988", first(lib, "teen_menu"))

	// Typed as the answer to "which of these fits you?": more than who they are, not
	// understood, brings the crisis line before the next question; a plain answer does not.
	asked := dialog.State{Lang: "en", Awaiting: "audience"}
	told := e.Step(asked, say(lib, "im 13 and something bad happened"))
	wantAll(t, all(told), lib.Text("en", "fallback.crisis"))
	if told.State.Audience != "teen" {
		t.Errorf("audience %q, want teen", told.State.Audience)
	}
	if plain := e.Step(asked, say(lib, "im a parent")); strings.Contains(all(plain), lib.TextFor("en", "fallback.crisis", "parent")) {
		t.Errorf("a plain answer got the crisis line:\n%s", all(plain))
	}
	// A hello with more after it that says who is writing is an introduction: the contacts too.
	hiTeen := e.Step(dialog.State{Region: "US", Lang: "en"}, say(lib, "hi im 13 and something bad happened"))
	wantAll(t, all(hiTeen), intro, "988", first(lib, "teen_menu"))
	// A parent or teacher saying hello gets their menu, a teen the greeting.
	father := e.Step(dialog.State{Region: "US", Lang: "en"}, say(lib, "hi im a dad of two boys"))
	if father.State.Node != "parent_menu" {
		t.Errorf("a father's hello: node %q, want parent_menu", father.State.Node)
	}
	// A teacher naming a year group (it got the teen's greeting, then the reply for a friend).
	if teacher := e.Step(dialog.State{Region: "GB", Lang: "en"}, say(lib, "hi im a year 9 teacher")); teacher.State.Node != "school_menu" || teacher.State.Audience != "school" {
		t.Errorf("a teacher's hello: node %q audience %q, want school_menu, school", teacher.State.Node, teacher.State.Audience)
	}
	if back := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"}, say(lib, "hello")); back.State.Node != "parent_menu" {
		t.Errorf("a returning parent's hello: node %q, want parent_menu", back.State.Node)
	}
	if hi := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "hi")); hi.State.Node != "greeting" {
		t.Errorf("a teen's hello: node %q, want greeting", hi.State.Node)
	}
	// Another audience held already: not understood, as before.
	held := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "I teach year 9"))
	wantAll(t, all(held), lib.Text("en", "fallback.text"), "988")
	if strings.Contains(all(held), intro) {
		t.Errorf("a held teen audience got the school introduction:\n%s", all(held))
	}
	// On a help path the node's buttons stay.
	grooming := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"},
		say(lib, "a man on roblox keeps sending my daughter gifts and told her to keep it secret"))
	dad := e.Step(grooming.State, say(lib, "im her dad"))
	wantAll(t, all(dad), lib.Text("en", "parent_groom.again"), lib.Text("en", lib.Node(grooming.State.Node).Buttons[0].Label))
	if dad.State.Node != grooming.State.Node {
		t.Errorf("the conversation left %q for %q", grooming.State.Node, dad.State.Node)
	}
}

// A first step toward telling with nothing told yet ("idk how to say this") gets time to say
// it, the fallback's contacts and the writer's menu, not "not understood" or an article its
// words happen to match; on a help path that node's buttons, where the conversation stays.
func TestHesitantGetsTime(t *testing.T) {
	e, lib := engine(t)
	wait := lib.Text("en", "hesitant.text")
	teenMenu := lib.Text("en", lib.Node("teen_menu").Buttons[0].Label)
	teen := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "idk how to say this"))
	wantAll(t, all(teen), wait, "911", "988", teenMenu)
	// A second hedge in a row: a short word and the same menu, not the whole reply again.
	again := e.Step(teen.State, say(lib, "this is so embarrassing"))
	wantAll(t, all(again), lib.Text("en", "hesitant.again"), teenMenu)
	if strings.Contains(all(again), wait) {
		t.Errorf("the second hedge got the whole reply again:\n%s", all(again))
	}
	for _, r := range teen.Replies {
		if r.Answer != "" || strings.Contains(r.Text, lib.Text("en", "fallback.text")) {
			t.Errorf("a hesitant opener got an article or \"not understood\":\n%s", all(teen))
		}
	}
	stranger := e.Step(dialog.State{Region: "US", Lang: "en"}, say(lib, "please dont judge me"))
	wantAll(t, all(stranger), wait, "988", lib.Text("en", "btn.show_menu"))

	story := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"},
		say(lib, "someone says he will post my nudes unless i pay him"))
	node := story.State.Node
	then := e.Step(story.State, say(lib, "i did something stupid"))
	wantAll(t, all(then), wait, lib.Text("en", lib.Node(node).Buttons[0].Label))
	if then.State.Node != node {
		t.Errorf("the conversation left %q for %q", node, then.State.Node)
	}
	// The story told with the hedge is the story.
	told := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"},
		say(lib, "idk how to say this but a guy has my nudes and wants 200 or he posts them"))
	if strings.Contains(all(told), wait) || told.State.Node == "teen_menu" {
		t.Errorf("a story with a hedge got the hesitant reply:\n%s", all(told))
	}
}

// On the sextortion steps, typed words that say a payment was made go on to the steps for
// after paying, not "don't pay" once more; a first message that says so gets the steps in full
// (their words on paying cover it), and "i paid and he posted them anyway" the removal help.
func TestPaidGoesOnToAfterPaying(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	first := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	if first.State.Node != "teen_sextortion" {
		t.Fatalf("node %q, want teen_sextortion", first.State.Node)
	}
	paid := e.Step(first.State, say(lib, "i already paid him 50 yesterday"))
	wantAll(t, all(paid), lib.Text("en", "teen_sx.paid"), lib.Text("en", "teen_sx.paid_cancel"))
	if paid.State.Node != "teen_sx_paid" {
		t.Errorf("node %q, want teen_sx_paid", paid.State.Node)
	}
	story := e.Step(first.State, say(lib, "he wants 100 by tonight"))
	if strings.Contains(all(story), lib.Text("en", "teen_sx.paid")) {
		t.Errorf("no payment said, but the after-paying steps came:\n%s", all(story))
	}
	full := e.Step(st, say(lib, "i already paid him 50 and he still says he'll post my nudes"))
	wantAll(t, all(full), lib.Text("en", "teen_sx.dont_pay"), "988")
	// The after-paying steps carry the helplines too (what was paid may come with despair).
	wantAll(t, all(paid), "988")
	// Asking for something else after paying gets it ("can i talk to someone": the helplines).
	talk := e.Step(first.State, say(lib, "i venmoed him. can i talk to someone"))
	if talk.State.Node == "teen_sx_paid" {
		t.Errorf("a request to talk after paying stayed on the paying steps:\n%s", all(talk))
	}
	// The country question open: the payment is heard, and the question comes again.
	noRegion := e.Step(dialog.State{Audience: "teen", Lang: "en"}, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	heard := e.Step(noRegion.State, say(lib, "i venmoed him"))
	wantAll(t, all(heard), lib.Text("en", "teen_sx.paid"))
	// A parent telling that the child paid gets the parent's steps for after paying.
	pst := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"}, say(lib, "someone is blackmailing my son with his photos"))
	ppaid := e.Step(pst.State, say(lib, "he already paid him 200 and now he wants more"))
	wantAll(t, all(ppaid), lib.Text("en", "parent_sx.paid"), lib.Text("en", "parent_sx.paid_cancel"), "988")
	// The rules read nearly every message with "paid" in it as sextortion; a reading of another
	// help path (a model's, say) leads there.
	removal := e.Step(first.State, dialog.Event{Kind: dialog.Text, Text: "…",
		Assessment: safety.Assessment{Intent: safety.ImageRemoval, Audience: "teen", Matched: true, Paid: true, Lang: "en"}})
	if removal.State.Node != "teen_removal" {
		t.Errorf("a removal request after paying: node %q, want teen_removal\n%s", removal.State.Node, all(removal))
	}
}

// Words that say the pictures were already sent, typed on the sextortion steps or after
// paying, go on to what to do now that they are out (the crisis line first), not "don't pay"
// again; a threat still to come is more of the same story.
func TestSharedGoesOnToWhatNow(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	first := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	shared := e.Step(first.State, say(lib, "he already sent one to my best friend"))
	if shared.State.Node != "teen_sx_shared" {
		t.Fatalf("node %q, want teen_sx_shared\n%s", shared.State.Node, all(shared))
	}
	got := all(shared)
	if !strings.HasPrefix(got, lib.Text("en", "teen_sx.shared")) {
		t.Errorf("the reply does not open with teen_sx.shared\n%s", got)
	}
	wantAll(t, got, "988", "911", lib.Text("en", "teen_sx.shared_people"), "Take It Down")
	threat := e.Step(first.State, say(lib, "he says he will send it to my mum tonight"))
	if threat.State.Node == "teen_sx_shared" {
		t.Errorf("a threat still to come went to the steps for pictures sent\n%s", all(threat))
	}
	paid := e.Step(first.State, say(lib, "i already paid him 50 yesterday"))
	anyway := e.Step(paid.State, say(lib, "i paid and he still sent it to my friends"))
	if anyway.State.Node != "teen_sx_shared" {
		t.Errorf("sent after paying: node %q, want teen_sx_shared\n%s", anyway.State.Node, all(anyway))
	}
	// Sent to a friend, in Spanish read as worry for a friend: still the pictures sent.
	es := dialog.State{Audience: "teen", Region: "MX", Lang: "es"}
	esFirst := e.Step(es, sayIn("es", "un tipo tiene mis fotos y dice que las va a mandar a mis amigos si no le pago"))
	sentES := "ya se las mandó a mi mejor amiga"
	esShared := e.Step(esFirst.State, sayIn("es", sentES))
	if esShared.State.Node != "teen_sx_shared" {
		t.Errorf("%q: node %q, want teen_sx_shared\n%s", sentES, esShared.State.Node, all(esShared))
	}
	// A parent telling that the pictures went out: stay close, the crisis line, the removal tools.
	pst := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"}, say(lib, "someone is blackmailing my daughter with her photos"))
	psent := e.Step(pst.State, say(lib, "they sent her photos to her whole class"))
	if psent.State.Node != "parent_sx_shared" {
		t.Errorf("a parent: node %q, want parent_sx_shared\n%s", psent.State.Node, all(psent))
	}
	wantAll(t, all(psent), lib.Text("en", "parent_sx.shared"), "988", lib.Text("en", "parent_sx.shared_people"), lib.Text("en", "parent_sx.removal"))
	// The same in Spanish, where "publicó" is also a word the privacy questions know: the
	// pictures out, not a question.
	pes := dialog.State{Audience: "parent", Region: "MX", Lang: "es"}
	threatES, sentPES := "mi hija de 14 está llorando, un tipo le pide dinero o va a publicar sus fotos", "ya las publicó en instagram, sus compañeros las vieron"
	pesFirst := e.Step(pes, sayIn("es", threatES))
	pesSent := e.Step(pesFirst.State, sayIn("es", sentPES))
	if pesSent.State.Node != "parent_sx_shared" {
		t.Errorf("%q: node %q, want parent_sx_shared\n%s", sentPES, pesSent.State.Node, all(pesSent))
	}
	more := e.Step(shared.State, say(lib, "now he wants 200 more"))
	if got := all(more); !strings.Contains(got, lib.Text("en", "teen_sx.again")) {
		t.Errorf("more of the story after the pictures were sent: not the short word\n%s", got)
	}
}

// The country typed with more of the story ("im in the uk and he wants 100 by tonight") is
// taken and the steps are said again in full, with the local contacts the first reply could
// not give; after /clear (the replies deleted) the story gets the full steps again too.
func TestStoryAgainAfterCountryOrClear(t *testing.T) {
	e, lib := engine(t)
	first := e.Step(dialog.State{Audience: "teen", Lang: "en"}, say(lib, "a guy has my nudes and says he will send them to everyone unless i pay"))
	if first.State.Awaiting != "region" {
		t.Fatalf("no region known: awaiting %q, want region", first.State.Awaiting)
	}
	uk := e.Step(first.State, say(lib, "im in the uk and he wants 100 by tonight"))
	if uk.State.Region != "GB" {
		t.Fatalf("region %q, want GB", uk.State.Region)
	}
	wantAll(t, all(uk), "116 123", "999", "0800 1111", lib.Text("en", "teen_sx.dont_pay"))
	gb := e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: "en"}, say(lib, "a guy has my nudes and says he will send them to everyone unless i pay"))
	cleared := e.Step(gb.State, dialog.Event{Kind: dialog.Command, Command: "clear"})
	again := e.Step(cleared.State, say(lib, "he wants 100 by tonight or my mum sees them"))
	wantAll(t, all(again), "116 123", lib.Text("en", "teen_sx.dont_pay"))
}

// A country given because the steps needed it (typed alone or tapped) brings the local
// contacts (with only the words that introduce them) and the same steps' buttons, not the
// menu: what is typed next ("i already paid") is read where the person was. "UK" alone is a
// country, whatever a backstop guesses of it.
func TestCountryReturnsToTheSteps(t *testing.T) {
	e, lib := engine(t)
	first := e.Step(dialog.State{Audience: "teen", Lang: "en"}, say(lib, "a guy has my nudes and says he will post them unless i pay"))
	if first.State.Awaiting != "region" {
		t.Fatalf("no region known: awaiting %q, want region", first.State.Awaiting)
	}
	paidButton := "[" + lib.Text("en", "btn.sx_paid") + "]"
	for _, ev := range []dialog.Event{say(lib, "UK"), say(lib, "uk"), {Kind: dialog.Press, Data: "r:GB"}} {
		res := e.Step(first.State, ev)
		got := all(res)
		if res.State.Region != "GB" || res.State.Node != "teen_sextortion" || res.State.Awaiting != "" {
			t.Errorf("%q/%q: region %q, node %q, awaiting %q; want GB on teen_sextortion, nothing asked\n%s",
				ev.Text, ev.Data, res.State.Region, res.State.Node, res.State.Awaiting, got)
		}
		wantAll(t, got, "0800 1111", "999", paidButton)
		// Only the words before the contacts are said again, not the opening that came first.
		opening, _, _ := strings.Cut(lib.Text("en", "teen_sx.first"), "\n\n")
		if strings.Contains(got, opening) {
			t.Errorf("%q/%q: the opening is said again\n%s", ev.Text, ev.Data, got)
		}
		if strings.Contains(got, lib.Text("en", "report.app")) {
			t.Errorf("%q/%q: the country was answered as a report request\n%s", ev.Text, ev.Data, got)
		}
		paid := e.Step(res.State, say(lib, "i already paid him 50 pounds"))
		if paid.State.Node != "teen_sx_paid" {
			t.Errorf("%q/%q then a payment: node %q, want teen_sx_paid\n%s", ev.Text, ev.Data, paid.State.Node, all(paid))
		}
	}
}

// A country with no file gets the contacts that work from anywhere, an honest line instead of
// an emergency number, and a question to find the local ones.
func TestNoCountryFile(t *testing.T) {
	e, lib := engine(t)
	if _, ok := lib.Countries["GH"]; ok {
		t.Skip("GH now has a file; pick another country without one")
	}
	res := e.Step(dialog.State{Audience: "teen", Region: "GH", Lang: "en"}, say(lib, "he is blackmailing me with my pics"))
	wantAll(t, all(res), lib.Text("en", "contacts.no_emergency"), lib.Text("en", "contacts.global"), "Take It Down", "findahelpline")
	res = e.Step(dialog.State{Lang: "en"}, say(lib, "he is blackmailing me with my pics"))
	if res.State.Awaiting != "region" {
		t.Errorf("with no region known, the turn should end asking for it; awaiting %q", res.State.Awaiting)
	}
	// Answering with a typed country name shows the local contacts of that risky node.
	res = e.Step(res.State, say(lib, "I live in the UK"))
	if res.State.Region != "GB" {
		t.Fatalf("typed UK: region %q", res.State.Region)
	}
	wantAll(t, all(res), "116 123", "999")
}

// Crisis words interrupt anything: an open question, a checklist.
func TestCrisisInterrupts(t *testing.T) {
	e, lib := engine(t)
	crisisText := lib.Text("en", firstText(lib, lib.Flow.Crisis))
	for _, st := range []dialog.State{
		{Lang: "en", Awaiting: "region"},
		{Lang: "en", Audience: "teen", Region: "GB", Awaiting: "check", Node: "teen_groom_check"},
		{Lang: "en", Awaiting: "audience"},
	} {
		res := e.Step(st, say(lib, "i want to kill myself"))
		if len(res.Replies) == 0 || !strings.HasPrefix(res.Replies[0].Text, crisisText) {
			t.Errorf("from %+v: crisis text not first:\n%s", st, all(res))
		}
		if res.State.Awaiting == "check" {
			t.Errorf("from %+v: checklist still open after a crisis", st)
		}
	}
	// Crisis and sextortion in one message: the reply covers both.
	res := e.Step(dialog.State{Lang: "en", Audience: "teen", Region: "US"}, say(lib, "they will send my nudes to everyone unless i pay, i want to die"))
	wantAll(t, all(res), crisisText, lib.Text("en", firstText(lib, content.RouteFor(lib.Flow, "sextortion", "teen"))))
	// ... and the crisis reply's button to the sextortion steps is dropped: they follow.
	for _, r := range res.Replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Data == "g:"+content.RouteFor(lib.Flow, "sextortion", "teen") {
					t.Errorf("a button to the steps that follow: %+v", b)
				}
			}
		}
	}
	// Everyday words are not a crisis.
	res = e.Step(dialog.State{Lang: "en", Audience: "teen", Region: "US"}, say(lib, "this homework is killing me"))
	if strings.Contains(all(res), crisisText) {
		t.Errorf("homework sent to crisis:\n%s", all(res))
	}
}

// TestCrisisForAnAdult: a parent or teacher with a crisis sign is most often telling of a
// child in danger; they are told first what to do for the child, with the crisis line and
// the emergency number, whatever they were doing. A teen gets the crisis node itself.
// Each has a button to its own sextortion steps: a crisis told inside a sextortion story is
// read as a crisis.
func TestCrisisForAnAdult(t *testing.T) {
	e, lib := engine(t)
	adultNode := content.RouteFor(lib.Flow, "crisis", "parent")
	schoolNode := content.RouteFor(lib.Flow, "crisis", "school")
	if adultNode == lib.Flow.Crisis || schoolNode == lib.Flow.Crisis || firstText(lib, adultNode) != firstText(lib, schoolNode) {
		t.Fatalf("routes.crisis: parent %q, school %q", adultNode, schoolNode)
	}
	for _, aud := range []string{"teen", "parent", "school"} {
		node, sx := content.RouteFor(lib.Flow, "crisis", aud), content.RouteFor(lib.Flow, "sextortion", aud)
		if !slices.ContainsFunc(lib.Flow.Nodes[node].Buttons, func(b content.Button) bool { return b.Goto == sx }) {
			t.Errorf("%s's crisis node %q has no button to %q", aud, node, sx)
		}
	}
	adultText := lib.Text("en", firstText(lib, adultNode))
	for _, tc := range []struct {
		st   dialog.State
		text string
	}{
		{dialog.State{Lang: "en", Audience: "parent", Region: "GB"}, "she left a note saying sorry for everything and wont open her door"},
		{dialog.State{Lang: "en", Region: "GB"}, "my son left a goodbye note and says he wants to kill himself"},
		{dialog.State{Lang: "en", Audience: "school", Region: "GB", Awaiting: "check", Node: "teen_groom_check"}, "a student in my class says she wants to die"},
	} {
		res := e.Step(tc.st, say(lib, tc.text))
		if len(res.Replies) == 0 || !strings.HasPrefix(res.Replies[0].Text, adultText) || !strings.Contains(res.Replies[0].Text, "999") ||
			!strings.Contains(res.Replies[0].Text, "116 123") {
			t.Errorf("%q from %+v: not the adult crisis reply with both numbers:\n%s", tc.text, tc.st, all(res))
		}
	}
	res := e.Step(dialog.State{Lang: "en", Audience: "teen", Region: "GB"}, say(lib, "i want to die"))
	if strings.HasPrefix(all(res), adultText) {
		t.Errorf("a teen got the adult crisis reply:\n%s", all(res))
	}
	// A parent in danger themselves (or a teen taken for an adult) is still spoken to.
	res = e.Step(dialog.State{Lang: "en", Audience: "parent", Region: "GB"}, say(lib, "i want to kill myself"))
	wantAll(t, all(res), adultText, lib.Text("en", "crisis.adult_danger"), lib.Text("en", "crisis.adult_person"), "0800 1111")
}

// An adult who learns of grooming is told what to do now (stop contact, save evidence, the
// emergency number if a meeting is set, where to report): a parent, not only the signs to
// watch for (still one button away); a teacher, not the sextortion steps ("don't pay").
func TestAdultLearnsOfGrooming(t *testing.T) {
	e, lib := engine(t)
	tx := func(k string) string { return lib.Text("en", k) }
	for _, tc := range []struct {
		audience, text, node string
		want                 []string
		notFirst             string // a text that must not be there (what came before the fix)
	}{
		{"parent", "a man on roblox keeps asking my 12 year old for photos and told her to keep it secret", "parent_grooming_now",
			[]string{tx("parent_groom.now"), tx("parent_groom.meet"), "999", tx("parent_groom.report"), "CEOP", tx("parent_groom.child"), tx("btn.px_signs")},
			tx("parent_signs.notice")},
		{"school", "a year 8 girl told me a man from snapchat keeps asking her for photos and told her not to tell anyone", "school_grooming_now",
			[]string{tx("school_groom.first"), tx("school_groom.meet"), "999", tx("school_sx.lead"), tx("school_groom.now"), tx("school_groom.report"), "CEOP"},
			tx("school_sx.advise")},
	} {
		res := e.Step(dialog.State{Lang: "en", Audience: tc.audience, Region: "GB"}, say(lib, tc.text))
		if res.State.Node != tc.node {
			t.Errorf("%s: at %q, want %s:\n%s", tc.audience, res.State.Node, tc.node, all(res))
			continue
		}
		got := all(res)
		wantAll(t, got, tc.want...)
		if strings.Contains(got, tc.notFirst) {
			t.Errorf("%s: the reply holds %q:\n%s", tc.audience, tc.notFirst, got)
		}
	}
}

func firstText(lib *content.Library, node string) string {
	n := lib.Node(node)
	for _, m := range n.Say {
		if m.Text != "" {
			return m.Text
		}
	}
	return ""
}

// The grooming checklist: all "no" leads to one node, any "yes" to the other.
func TestChecklist(t *testing.T) {
	e, lib := engine(t)
	var checkNode *content.Node
	for _, n := range lib.Flow.Nodes {
		if n.Check != nil {
			checkNode = n
		}
	}
	if checkNode == nil {
		t.Fatal("no checklist in the flow")
	}
	run := func(answers string) dialog.State {
		st := dialog.State{Lang: "en", Audience: "teen", Region: "GB"}
		res := e.Step(st, dialog.Event{Kind: dialog.Press, Data: "g:" + checkNode.ID})
		for i, a := range answers {
			data := fmt.Sprintf("k:%s:%d:%c", checkNode.ID, i, a)
			res = e.Step(res.State, dialog.Event{Kind: dialog.Press, Data: data})
		}
		return res.State
	}
	q := len(checkNode.Check.Questions)
	if st := run(strings.Repeat("n", q)); st.Node != checkNode.Check.No {
		t.Errorf("all no: at %q, want %q", st.Node, checkNode.Check.No)
	}
	if st := run("n" + "y" + strings.Repeat("n", q-2)); st.Node != checkNode.Check.Yes {
		t.Errorf("one yes: at %q, want %q", st.Node, checkNode.Check.Yes)
	}
	// An answer to a question that is no longer open does not move the checklist.
	res := e.Step(dialog.State{Lang: "en", Audience: "teen"}, dialog.Event{Kind: dialog.Press, Data: "k:" + checkNode.ID + ":3:y"})
	wantAll(t, all(res), lib.Text("en", "button.stale"))
}

// Setup: /start asks who and where, then shows that audience's menu; a deep link skips both.
func TestStartAndDeepLink(t *testing.T) {
	e, lib := engine(t)
	res := e.Step(dialog.State{}, dialog.Event{Kind: dialog.Start, LangHint: "en-GB"})
	if res.State.Awaiting != "audience" {
		t.Fatalf("after /start: awaiting %q, want audience", res.State.Awaiting)
	}
	res = e.Step(res.State, dialog.Event{Kind: dialog.Press, Data: "a:parent"})
	if res.State.Awaiting != "region" || res.State.Audience != "parent" {
		t.Fatalf("after audience: %+v", res.State)
	}
	res = e.Step(res.State, dialog.Event{Kind: dialog.Press, Data: "r:IE"})
	if res.State.Region != "IE" {
		t.Fatalf("after region: %+v", res.State)
	}
	wantAll(t, all(res), strings.ReplaceAll(lib.Text("en", "region.set"), "{country}", "Ireland"))

	res = e.Step(dialog.State{}, dialog.Event{Kind: dialog.Start, Payload: "t-US-en-abcd1234"})
	if res.State.Audience != "teen" || res.State.Region != "US" || res.State.School != "abcd1234" || res.State.Awaiting != "" {
		t.Errorf("deep link: %+v", res.State)
	}
	// A broken payload is ignored: the normal start.
	res = e.Step(dialog.State{}, dialog.Event{Kind: dialog.Start, Payload: "t-XX-!!"})
	if res.State.Audience != "" || res.State.Awaiting != "audience" {
		t.Errorf("bad deep link: %+v", res.State)
	}
}

func TestTypedCountries(t *testing.T) {
	e, _ := engine(t)
	for in, want := range map[string]string{
		"uk": "GB", "United Kingdom": "GB", "i live in england": "GB", "USA": "US", "germany": "DE",
		"im in south africa": "ZA", "India": "IN", "nz": "NZ", "Côte d’Ivoire": "CI", "mexico!!": "MX",
	} {
		st := dialog.State{Lang: "en", Awaiting: "region_typed"}
		res := e.Step(st, dialog.Event{Kind: dialog.Text, Text: in, Assessment: safety.Assessment{Intent: safety.OffTopic}})
		if res.State.Region != want {
			t.Errorf("typed %q: region %q, want %q", in, res.State.Region, want)
		}
	}
	res := e.Step(dialog.State{Lang: "en", Awaiting: "region"}, dialog.Event{Kind: dialog.Text, Text: "narnia", Assessment: safety.Assessment{Intent: safety.OffTopic}})
	if res.State.Region != "" || res.State.Awaiting == "" {
		t.Errorf("narnia: %+v", res.State)
	}
}

func TestMediaAndCommands(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Lang: "en", Audience: "teen", Region: "GB"}
	res := e.Step(st, dialog.Event{Kind: dialog.Media})
	if res.State.Node != lib.Flow.Media {
		t.Errorf("media: at %q", res.State.Node)
	}
	res = e.Step(st, dialog.Event{Kind: dialog.Command, Command: "forget"})
	if !res.Forget || res.State.Region != "" {
		t.Errorf("forget: %+v", res)
	}
	res = e.Step(st, dialog.Event{Kind: dialog.Command, Command: "clear"})
	if !res.Clear {
		t.Errorf("clear: %+v", res)
	}
	res = e.Step(st, dialog.Event{Kind: dialog.Command, Command: "nonsense"})
	wantAll(t, all(res), lib.Text("en", "command.unknown"))
	for name := range lib.Flow.Commands {
		res = e.Step(st, dialog.Event{Kind: dialog.Command, Command: name})
		if len(res.Replies) == 0 {
			t.Errorf("/%s: no reply", name)
		}
	}
	res = e.Step(st, dialog.Event{Kind: dialog.Press, Data: "g:no_such_node"})
	wantAll(t, all(res), lib.Text("en", "button.stale"))
}

// /privacy says that messages go to a language model only when the bot runs with one: the
// sentence would be untrue without one, and hiding it with one would hide where words go.
func TestPrivacyTellsOfTheModel(t *testing.T) {
	_, lib := engine(t)
	model := lib.Text("en", "privacy.model")
	if model == "" {
		t.Fatal("no privacy.model text")
	}
	st := dialog.State{Lang: "en", Audience: "teen", Region: "GB"}
	privacy := dialog.Event{Kind: dialog.Command, Command: "privacy"}
	without := all(dialog.New(lib, hotline.New(lib.Countries)).Step(st, privacy))
	wantAll(t, without, lib.Text("en", "privacy.never"))
	if strings.Contains(without, model) {
		t.Errorf("with no model, /privacy speaks of one:\n%s", without)
	}
	with := all(dialog.New(lib, hotline.New(lib.Countries), dialog.WithModel()).Step(st, privacy))
	wantAll(t, with, lib.Text("en", "privacy.never"), model)
}

// Every node, entered in every country for every audience, fits Telegram's limits.
func TestEveryNodeFitsTelegram(t *testing.T) {
	e, lib := engine(t)
	regions := []string{""}
	for code := range lib.Countries {
		if code != "ZZ" {
			regions = append(regions, code)
		}
	}
	regions = append(regions, "GH")
	sort.Strings(regions)
	ids := make([]string, 0, len(lib.Flow.Nodes))
	for id := range lib.Flow.Nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, region := range regions {
		for _, aud := range []string{"", "teen", "parent", "school"} {
			for _, id := range ids {
				res := e.Step(dialog.State{Lang: "en", Audience: aud, Region: region}, dialog.Event{Kind: dialog.Press, Data: "g:" + id})
				if len(res.Replies) == 0 {
					t.Errorf("%s/%s/%s: no reply", region, aud, id)
				}
				for _, r := range res.Replies {
					if n := len(utf16.Encode([]rune(r.Text))); n > content.MaxMessageUTF16 || strings.TrimSpace(r.Text) == "" {
						t.Errorf("%s/%s/%s: a message of %d UTF-16 units", region, aud, id, n)
					}
					for _, row := range r.Buttons {
						for _, b := range row {
							if len(b.Data) > content.MaxCallbackBytes || b.Label == "" {
								t.Errorf("%s/%s/%s: button %+v", region, aud, id, b)
							}
						}
					}
				}
			}
		}
	}
}

// The embedded content passes the full check, with no errors.
func TestEmbeddedContentChecks(t *testing.T) {
	_, lib := engine(t)
	ps := content.Check(lib, content.CheckOptions{PhoneOK: hotline.LooksLikePhone, Region: dialog.IsRegion, Labels: hotline.Labels})
	for _, p := range ps {
		if !p.Warning {
			t.Error(p)
		}
	}
}

// An answer to a question that is also the whole story is answered, not only filed.
func TestAnswerThatTellsTheStory(t *testing.T) {
	e, lib := engine(t)
	res := e.Step(dialog.State{Lang: "en", Awaiting: "audience", Then: "ask_region"}, say(lib, "my son is being blackmailed with his photos"))
	if res.State.Audience != "parent" || res.State.Node != content.RouteFor(lib.Flow, "sextortion", "parent") {
		t.Errorf("awaiting audience: state %+v", res.State)
	}
	wantAll(t, all(res), lib.TextFor("en", "contacts.no_emergency", "parent"))
	res = e.Step(dialog.State{Lang: "en", Audience: "teen", Awaiting: "region_typed"}, say(lib, "im in the uk and hes blackmailing me with my pics"))
	if res.State.Region != "GB" || res.State.Node != content.RouteFor(lib.Flow, "sextortion", "teen") {
		t.Errorf("awaiting region: state %+v", res.State)
	}
	wantAll(t, all(res), "999", "116 123", "0800 1111")
}

// An audience the backstop only guessed is not taken as the answer to "who are you?": the
// bot asks rather than give a teen the parents' help on a guess.
func TestGuessedAudienceIsNotTaken(t *testing.T) {
	e, lib := engine(t)
	ev := say(lib, "he says he will send my pics to everyone")
	ev.Assessment.Audience, ev.Assessment.AudienceGuessed = "parent", true
	res := e.Step(dialog.State{Lang: "en"}, ev)
	if res.State.Audience != "" {
		t.Errorf("a guessed audience was kept: %+v", res.State)
	}
	res = e.Step(dialog.State{Lang: "en", Awaiting: "audience", Then: "ask_region"}, ev)
	if res.State.Audience != "" {
		t.Errorf("a guessed audience answered the question: %+v", res.State)
	}
}

// A message the backstop finds likely a crisis, but the rules do not, is answered as usual
// and the crisis contacts are added; nothing is interrupted.
func TestBackstopAddsCrisisContacts(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "GB", Lang: "en"}
	ev := say(lib, "what is sextortion")
	if ev.Assessment.Crisis {
		t.Fatal("test message flagged by the rules")
	}
	plain := e.Step(st, ev)
	ev.Assessment.CrisisMaybe = true
	res := e.Step(st, ev)
	if len(res.Replies) != len(plain.Replies)+1 {
		t.Fatalf("want the same answer plus one message, got %d vs %d replies", len(res.Replies), len(plain.Replies))
	}
	last := res.Replies[len(res.Replies)-1]
	if !strings.Contains(last.Text, "116 123") || !last.Risky {
		t.Errorf("added message lacks the crisis line: %q", last.Text)
	}
	if res.State.Node != plain.State.Node {
		t.Errorf("the backstop changed where the conversation went: %q vs %q", res.State.Node, plain.State.Node)
	}
}

// A grooming story is often told with despair that no rule flags ("he says its our secret
// and i feel so trapped"): the first reply on the enticement path carries the crisis line
// as the sextortion path's does. (On the blind round of crisis signs told inside such stories,
// testdata/eval/crisis46.jsonl, 13 messages read as enticement without a crisis flag got no
// crisis line before.)
func TestEnticementCarriesTheCrisisLine(t *testing.T) {
	e, lib := engine(t)
	ev := say(lib, "a guy from a game keeps asking me for pics and says its our secret, i feel so trapped")
	if ev.Assessment.Intent != "enticement" || ev.Assessment.Crisis {
		t.Fatalf("read as %+v, want enticement with no crisis flag", ev.Assessment)
	}
	res := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, ev)
	wantAll(t, all(res), lib.Text("en", "teen_en.too_much"), "988", "911")
}

// TestDangerFromAPerson: a crisis of danger from a person gets a reply that opens with the
// emergency number and says not to go with them; a teen who wants to die gets the crisis reply,
// which does neither. A parent keeps their own crisis reply; the help for what else was read
// follows either way.
func TestDangerFromAPerson(t *testing.T) {
	e, lib := engine(t)
	dontGo := lib.Text("en", "crisis.dont_go")
	first, danger := lib.Text("en", "crisis.first"), lib.Text("en", "crisis.danger_person")
	step := func(aud string, a safety.Assessment) string {
		a.Audience, a.Lang = aud, "en"
		return all(e.Step(dialog.State{Audience: aud, Region: "GB", Lang: "en"}, dialog.Event{Kind: dialog.Text, Text: "…", Assessment: a}))
	}
	for _, tc := range []struct {
		name, aud string
		a         safety.Assessment
		opens     string // the reply's first words
		dontGo    bool
	}{
		{"danger", "teen", safety.Assessment{Intent: safety.Crisis, Crisis: true, Danger: true}, danger, true},
		{"unknown writer in danger", "unknown", safety.Assessment{Intent: safety.Crisis, Crisis: true, Danger: true}, danger, true},
		{"danger told with grooming", "teen", safety.Assessment{Intent: safety.Enticement, Crisis: true, Danger: true}, danger, true},
		{"suicidal", "teen", safety.Assessment{Intent: safety.Crisis, Crisis: true}, first, false},
		{"sextortion with despair", "teen", safety.Assessment{Intent: safety.Sextortion, Crisis: true}, first, false},
		{"grooming with despair", "teen", safety.Assessment{Intent: safety.Enticement, Crisis: true}, first, false},
		{"parent, danger", "parent", safety.Assessment{Intent: safety.Crisis, Crisis: true, Danger: true}, lib.Text("en", "crisis.adult_first"), false},
	} {
		got := step(tc.aud, tc.a)
		if !strings.HasPrefix(got, tc.opens) {
			t.Errorf("%s: the reply does not open with %q:\n%s", tc.name, tc.opens, got)
		}
		if strings.Contains(got, dontGo) != tc.dontGo {
			t.Errorf("%s: 'don't go' said %v, want %v:\n%s", tc.name, !tc.dontGo, tc.dontGo, got)
		}
		if !strings.Contains(got, "116 123") || !strings.Contains(got, "999") {
			t.Errorf("%s: no crisis line or emergency number:\n%s", tc.name, got)
		}
		if tc.dontGo && strings.Index(got, "999") > strings.Index(got, "116 123") {
			t.Errorf("%s: the emergency number is not listed first:\n%s", tc.name, got)
		}
	}
	if got := step("teen", safety.Assessment{Intent: safety.Enticement, Crisis: true, Danger: true}); !strings.Contains(got, lib.Text("en", firstText(lib, content.RouteFor(lib.Flow, "enticement", "teen")))) {
		t.Errorf("danger told with grooming: the grooming help does not follow:\n%s", got)
	}
}

// TestCallThePoliceAfterDanger: "should I call the police?" just after the danger reply reads
// as report; the reply opens with the emergency number, before the online report forms.
func TestCallThePoliceAfterDanger(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "DE", Lang: "de"}
	res := e.Step(st, dialog.Event{Kind: dialog.Text, Text: "…", Assessment: safety.Assessment{Intent: safety.Crisis, Crisis: true, Danger: true, Audience: "teen", Lang: "de"}})
	res = e.Step(res.State, dialog.Event{Kind: dialog.Text, Text: "…", Assessment: safety.Assessment{Intent: safety.Report, Matched: true, Audience: "teen", Lang: "de"}})
	got := all(res)
	if !strings.HasPrefix(got, lib.Text("de", "report.danger")) {
		t.Errorf("the report reply does not open with the emergency line:\n%s", got)
	}
	if i, j := strings.Index(got, "110"), strings.Index(got, lib.Text("de", "report.where")); i < 0 || j < 0 || i > j {
		t.Errorf("the emergency number does not come before where to report online:\n%s", got)
	}
}

// TestTeacherToldOfImagesGoingRound: a teacher's words about a student's images going round
// (image_removal) get the disclosure steps, which say never to look at them.
func TestTeacherToldOfImagesGoingRound(t *testing.T) {
	e, lib := engine(t)
	res := e.Step(dialog.State{Audience: "school", Region: "AU", Lang: "en"}, dialog.Event{Kind: dialog.Text, Text: "…",
		Assessment: safety.Assessment{Intent: safety.ImageRemoval, Matched: true, Audience: "school", Lang: "en"}})
	if got := all(res); !strings.Contains(got, lib.Text("en", "school_sx.images")) || res.State.Node != "school_disclosure" {
		t.Errorf("node %q; the reply does not say never to view the images:\n%s", res.State.Node, got)
	}
}

// TestMenuTyped: a whole message asking for the menu ("menú") opens it, as /menu does, even
// with the report helper's question open; the helper's answers so far are dropped.
func TestMenuTyped(t *testing.T) {
	e, lib := engine(t)
	menu := dialog.Event{Kind: dialog.Text, Text: "menú", Assessment: safety.Assessment{Intent: safety.OffTopic, Menu: true, Audience: "teen", Lang: "es"}}
	res := e.Step(dialog.State{Audience: "teen", Region: "MX", Lang: "es"}, menu)
	if res.State.Node != "teen_menu" || !strings.Contains(all(res), lib.Text("es", firstText(lib, "teen_menu"))) {
		t.Errorf("menú: node %q, want teen_menu:\n%s", res.State.Node, all(res))
	}
	inForm := dialog.State{Audience: "teen", Region: "MX", Lang: "es", Node: "report_builder", Awaiting: "form"}
	if res := e.Step(inForm, menu); res.State.Node != "teen_menu" || res.State.Awaiting != "" {
		t.Errorf("menú with a question open: node %q, awaiting %q", res.State.Node, res.State.Awaiting)
	}
}

// /hotlines lists each contact once: a parent's line shown under "talk to someone" is not
// listed again under "for parents" (the section is left out), and a teen, who is never
// offered the parents' line to call, still sees it under "for parents" to pass on.
func TestHotlinesListEachContactOnce(t *testing.T) {
	e, lib := engine(t)
	parents := lib.Text("en", "hotlines.parents")
	for _, tt := range []struct {
		audience     string
		wantSections int
	}{{"parent", 0}, {"school", 0}, {"teen", 1}} {
		st := dialog.State{Lang: "en", Audience: tt.audience, Region: "GB"}
		got := all(e.Step(st, dialog.Event{Kind: dialog.Command, Command: "hotlines"}))
		if n := strings.Count(got, "0808 800 5000"); n != 1 {
			t.Errorf("%s: the NSPCC Helpline is listed %d times, want once\n%s", tt.audience, n, got)
		}
		if n := strings.Count(got, parents); n != tt.wantSections {
			t.Errorf("%s: %d sections for parents, want %d\n%s", tt.audience, n, tt.wantSections, got)
		}
		if n := strings.Count(got, "0800 1111"); n != 1 {
			t.Errorf("%s: Childline is listed %d times, want once\n%s", tt.audience, n, got)
		}
	}
	// With no country file, the worldwide directory is listed once too.
	st := dialog.State{Lang: "en", Audience: "parent", Region: "GH"}
	got := all(e.Step(st, dialog.Event{Kind: dialog.Command, Command: "hotlines"}))
	if n := strings.Count(got, "childhelplineinternational.org"); n != 1 {
		t.Errorf("GH: the helpline directory is listed %d times, want once\n%s", n, got)
	}
}

// Articles that answer a question equally well are given by who asks: the one written most
// narrowly for them; with no audience known, as for a teen. A model's phrasing is of the
// first, so it is dropped when another is given.
func TestArticleForWhoIsAsking(t *testing.T) {
	e, lib := engine(t)
	ev := say(lib, "how do i talk to her about it")
	ev.Articles = []string{"parents-starting-the-conversation", "telling-a-trusted-adult"}
	ev.Phrased = "phrased from the parents' article"
	for aud, want := range map[string]string{
		"parent": "parents-starting-the-conversation", "teen": "telling-a-trusted-adult",
		"school": "parents-starting-the-conversation", "": "telling-a-trusted-adult",
	} {
		res := e.Step(dialog.State{Lang: "en", Audience: aud, Region: "GB"}, ev)
		if len(res.Replies) == 0 || res.Replies[0].Answer != want {
			t.Errorf("%q: answered with %+v, want %s", aud, res.Replies, want)
			continue
		}
		if phrased := strings.Contains(res.Replies[0].Text, ev.Phrased); phrased != (want == ev.Articles[0]) {
			t.Errorf("%q: phrased answer used = %v", aud, phrased)
		}
	}
	// Of several, the narrowest: a parent's article before one for teens and parents.
	got := dialog.ArticleFirst(lib, "parent", safety.Assessment{}, []string{"i-already-paid", "sent-something-i-regret", "parents-if-your-child-tells-you"})
	if got[0] != "parents-if-your-child-tells-you" || len(got) != 3 {
		t.Errorf("parent: %v", got)
	}
	// The message's own words count before the conversation knows its audience.
	got = dialog.ArticleFirst(lib, "", safety.Assessment{Audience: "teen"}, []string{"parents-starting-the-conversation", "telling-a-trusted-adult"})
	if got[0] != "telling-a-trusted-adult" {
		t.Errorf("teen by its words: %v", got)
	}
	got = dialog.ArticleFirst(lib, "", safety.Assessment{Audience: "parent", AudienceGuessed: true}, []string{"telling-a-trusted-adult", "parents-starting-the-conversation"})
	if got[0] != "telling-a-trusted-adult" {
		t.Errorf("a guessed audience moved the order: %v", got)
	}
}

// With the country question open, words that are no country but more of what the person
// wants to say are answered as they would be with no question open; a few words that say
// nothing else are still taken for a country spelt another way.
func TestCountryQuestionDoesNotTrapWords(t *testing.T) {
	e, lib := engine(t)
	notFound := lib.Text("en", "region.not_found")
	st := dialog.State{Lang: "en", Audience: "teen", Awaiting: "region"}
	for _, text := range []string{"someone online is scaring me", "i need to talk to someone", "how do i tell my mum about this"} {
		res := e.Step(st, say(lib, text))
		if got := all(res); strings.Contains(got, notFound) || len(res.Replies) == 0 {
			t.Errorf("%q: answered as a country not found\n%s", text, got)
		}
	}
	res := e.Step(st, say(lib, "frnace"))
	wantAll(t, all(res), notFound)
	if res.State.Awaiting != "region" {
		t.Errorf("frnace: the country question closed (%q)", res.State.Awaiting)
	}
}

// Worry for a friend that only a backstop read as a crisis gets the friend reply (which
// carries the crisis lines), not the crisis reply written to the one at risk, and never the
// reply for danger at the writer's door.
func TestFriendCrisisGuessGetsTheFriendReply(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Lang: "en", Audience: "teen", Region: "US"}
	ev := say(lib, "my friend just told me someone is sextorting her")
	ev.Assessment.Intent, ev.Assessment.Crisis, ev.Assessment.CrisisGuessed, ev.Assessment.Danger = "friend", true, true, true
	got := all(e.Step(st, ev))
	wantAll(t, got, lib.Text("en", "teen_friend.listen"), lib.Text("en", "teen_friend.crisis"), "988", "911")
	for _, not := range []string{lib.Text("en", "crisis.first"), lib.Text("en", "crisis.danger_person")} {
		if strings.Contains(got, not) {
			t.Errorf("friend worry answered with %q\n%s", not, got)
		}
	}
	// A crisis rule's reading keeps the crisis reply first.
	ev.Assessment.CrisisGuessed, ev.Assessment.Danger = false, false
	got = all(e.Step(st, ev))
	if !strings.HasPrefix(got, lib.Text("en", "crisis.first")) {
		t.Errorf("a rule's crisis with a friend does not open with the crisis reply\n%s", got)
	}
}

// Words that tell of a friend's crisis, first or after the friend reply, get the reply for a
// friend in crisis (tell an adult now, even against a promise), with the crisis lines for the
// writer too; the writer's own despair told beside a friend keeps the crisis reply, and a
// friend's sextortion with it is followed by the steps for helping the friend.
func TestFriendsCrisisGetsTheFriendCrisisReply(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Lang: "en", Audience: "teen", Region: "US"}
	adult, first := lib.Text("en", "crisis_friend.adult"), lib.Text("en", "crisis.first")
	friend := e.Step(st, say(lib, "my best friend is being groomed by some guy online"))
	if friend.State.Node != "teen_friend" {
		t.Fatalf("the friend story: node %q, want teen_friend\n%s", friend.State.Node, all(friend))
	}
	for _, c := range []struct {
		st   dialog.State
		text string
	}{
		{friend.State, "she said she wants to die bc of this"},
		{st, "my friend wants to kill herself"},
		{st, "my best friend said she's going to end it tonight"},
	} {
		res := e.Step(c.st, say(lib, c.text))
		got := all(res)
		if res.State.Node != "crisis_friend" || !strings.HasPrefix(got, lib.Text("en", "crisis_friend.first")) {
			t.Errorf("%q: node %q, want crisis_friend first\n%s", c.text, res.State.Node, got)
		}
		wantAll(t, got, adult, "988", "911")
		if strings.Contains(got, first) {
			t.Errorf("%q: a friend's crisis answered as the writer's\n%s", c.text, got)
		}
	}
	for _, text := range []string{"my sister found out and now i want to die", "i told my best friend i want to kill myself"} {
		if got := all(e.Step(st, say(lib, text))); !strings.HasPrefix(got, first) {
			t.Errorf("%q: the writer's own crisis did not get the crisis reply\n%s", text, got)
		}
	}
	// A parent's words about a child keep the parent's crisis reply.
	if res := e.Step(dialog.State{Lang: "en", Audience: "parent", Region: "US"}, say(lib, "my daughter says she wants to die")); res.State.Node != "crisis_adult" {
		t.Errorf("a parent: node %q, want crisis_adult", res.State.Node)
	}
	// A friend blackmailed and in crisis: the friend steps follow, not the victim's.
	got := all(e.Step(st, say(lib, "my friend is getting blackmailed with his nudes and just said he's gonna end it before they get posted")))
	wantAll(t, got, adult, lib.Text("en", "teen_friend.listen"))
	if strings.Contains(got, lib.Text("en", "teen_sx.dont_pay")) {
		t.Errorf("a friend's sextortion got the victim's steps\n%s", got)
	}
}

// A message that only thanks gets "you're welcome", not the greeting that opens a
// conversation; an open question stays open, and thanks said with a goodbye of despair is
// still the crisis.
func TestThanksGetsYoureWelcome(t *testing.T) {
	e, lib := engine(t)
	welcome, intro := lib.Text("en", "thanks.reply"), lib.Text("en", "greeting.hi")
	res := e.Step(dialog.State{Lang: "en", Audience: "teen", Region: "GB"}, say(lib, "thx"))
	if got := all(res); !strings.Contains(got, welcome) || (intro != "" && strings.Contains(got, intro)) {
		t.Errorf("thx:\n%s", got)
	}
	res = e.Step(dialog.State{Lang: "en", Audience: "teen", Awaiting: "region"}, say(lib, "thank you so much"))
	if res.State.Awaiting != "region" || !strings.Contains(all(res), welcome) {
		t.Errorf("thanks with the country question open: awaiting %q\n%s", res.State.Awaiting, all(res))
	}
	res = e.Step(dialog.State{Lang: "en", Audience: "teen", Region: "GB"}, say(lib, "thanks for everything, bye"))
	if got := all(res); strings.Contains(got, welcome) || !strings.Contains(got, lib.Text("en", "crisis.first")) {
		t.Errorf("a goodbye of despair:\n%s", got)
	}
}

// A few words asking what to do now, typed on steps that go on, get the next steps, as the
// button that offers them would: not the helplines "what do i do" is read as elsewhere, nor
// the crisis reply a backstop read into the Arabic, nor worry for a friend into the Indonesian.
func TestWhatNextGoesOn(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct {
		aud, lang, story, ask, want string
	}{
		{"teen", "en", "a guy has my pics and says he'll send them to my friends unless i pay", "what do i do now??", "teen_sx_stop"},
		{"teen", "en", "a guy has my pics and says he'll send them to my friends unless i pay", "im so scared what do i do", "teen_sx_stop"},
		{"parent", "en", "someone is blackmailing my daughter with her photos", "what should we do", "parent_sx_steps"},
		{"school", "en", "a year 10 student just told me a man online has her nudes and wants money", "ok what do i do now", "school_next"},
		{"teen", "es", "un tipo tiene mis fotos y dice que las va a mandar a mis amigos si no le pago", "¿y ahora qué hago?", "teen_sx_stop"},
		{"teen", "ar", "واحد معه صوري ويهددني ينشرها اذا ما دفعت", "ماذا أفعل الآن؟", "teen_sx_stop"},
		{"teen", "id", "ada cowok yang ngancem mau nyebarin foto aku kalau aku gak bayar", "terus aku harus gimana", "teen_sx_stop"},
	} {
		st := dialog.State{Audience: c.aud, Region: "US", Lang: c.lang}
		first := e.Step(st, sayIn(c.lang, c.story))
		next := e.Step(first.State, sayIn(c.lang, c.ask))
		if next.State.Node != c.want {
			t.Errorf("%s %s %q after %q (node %s): node %q, want %q\n%s", c.aud, c.lang, c.ask, c.story, first.State.Node, next.State.Node, c.want, all(next))
			continue
		}
		if c.lang == "ar" {
			// a backstop read a crisis in it: the crisis line comes beside the steps
			wantAll(t, all(next), "988")
		}
	}
	// Off any steps, "what do i do now" still gets someone to talk to.
	alone := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "what do i do now??"))
	if alone.State.Node == "teen_sx_stop" {
		t.Errorf("off the steps, \"what do i do now??\" went to the steps\n%s", all(alone))
	}
}

// "ok" typed on the steps gets "take your time" with the same steps' buttons, and the
// conversation stays there; off any steps, the way back to the menu.
func TestAckKeepsTheSteps(t *testing.T) {
	e, lib := engine(t)
	first := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	for _, c := range []struct{ lang, text string }{{"en", "ok"}, {"en", "got it"}, {"es", "vale"}, {"ru", "понятно"}} {
		ok := e.Step(first.State, sayIn(c.lang, c.text))
		got := all(ok)
		wantAll(t, got, lib.Text("en", "ack.reply"), lib.Text("en", lib.Node(first.State.Node).Buttons[0].Label))
		if ok.State.Node != first.State.Node {
			t.Errorf("%q: the conversation left %q for %q", c.text, first.State.Node, ok.State.Node)
		}
		if strings.Contains(got, lib.Text("en", "fallback.text")) {
			t.Errorf("%q: got \"not understood\"\n%s", c.text, got)
		}
	}
	plain := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "ok"))
	wantAll(t, all(plain), lib.Text("en", "ack.reply"), lib.Text("en", "btn.back_to_menu"))
}

// A friend's request for secrecy, typed after the friend's story, is more of that story: the
// friend steps' short word, which says a promise never has to keep a friend in danger (it
// was read as the writer's own grooming and got the grooming check). Elsewhere it is not.
func TestFriendPromiseStaysOnTheFriendSteps(t *testing.T) {
	e, lib := engine(t)
	first := e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: "en"}, say(lib, "my best friend is being blackmailed by some guy with her nudes"))
	if first.State.Node != "teen_friend" {
		t.Fatalf("the friend's story: node %q, want teen_friend\n%s", first.State.Node, all(first))
	}
	promise := e.Step(first.State, say(lib, "she made me promise not to tell anyone"))
	if got := all(promise); !strings.Contains(got, lib.Text("en", "teen_friend.again")) {
		t.Errorf("the friend's promise: node %q, not the friend steps' short word\n%s", promise.State.Node, got)
	}
	// A man making the writer promise is still a sign of grooming.
	he := e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: "en"}, say(lib, "he made me promise not to tell anyone"))
	if he.State.Node == "teen_friend" {
		t.Errorf("\"he made me promise\" got the friend steps\n%s", all(he))
	}
	// On the writer's own sextortion steps "she" is the one threatening: not the friend steps.
	sx := e.Step(dialog.State{Audience: "teen", Region: "GB", Lang: "en"}, say(lib, "a girl has my pics and says she'll send them to my friends unless i pay"))
	hers := e.Step(sx.State, say(lib, "she made me promise not to tell anyone"))
	if hers.State.Node == "teen_friend" || strings.Contains(all(hers), lib.Text("en", "teen_friend.again")) {
		t.Errorf("on the sextortion steps (%s), \"she made me promise\" got the friend steps\n%s", sx.State.Node, all(hers))
	}
}

// "He already posted it", which only a backstop read as a crisis, on the sextortion steps gets
// the steps for the pictures being out (they open with the crisis line), not the crisis
// reply that knows nothing of the story; a crisis rule's reading keeps the crisis reply.
func TestSharedReadAsCrisisByABackstop(t *testing.T) {
	e, lib := engine(t)
	story := "um cara que conheci no free fire pediu foto minha pelada e eu mandei, agora ele quer 500 reais senao posta no grupo da escola"
	first := e.Step(dialog.State{Audience: "teen", Region: "BR", Lang: "pt"}, sayIn("pt", story))
	// The rules' reading (a backstop's crisis, 2026-12-01), and the same reading made
	// explicit, so the case keeps testing the engine if the backstops change.
	sent := sayIn("pt", "ele já postou")
	forced := sent
	forced.Assessment.Crisis, forced.Assessment.CrisisGuessed, forced.Assessment.Shared = true, true, true
	forced.Assessment.Intent, forced.Assessment.Source = safety.Crisis, safety.SourceBackstop
	for _, ev := range []dialog.Event{sent, forced} {
		res := e.Step(first.State, ev)
		if res.State.Node != "teen_sx_shared" {
			t.Errorf("crisis guessed %v: node %q, want teen_sx_shared\n%s", ev.Assessment.CrisisGuessed, res.State.Node, all(res))
		}
		wantAll(t, all(res), "188", lib.Text("pt", "teen_sx.shared"))
	}
	en := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	worst := e.Step(en.State, say(lib, "he already posted them and i want to kill myself"))
	if worst.State.Node == "teen_sx_shared" {
		t.Errorf("a crisis rule's reading lost the crisis reply\n%s", all(worst))
	}
}

// On a step of the sextortion steps (reached by its buttons), words that say a payment was
// made or the pictures sent go to the steps for that moment, as on the first reply: "i
// already paid him" after "Take me through it step by step" had got the whole first reply
// again.
func TestStepsHearPaymentAndPictures(t *testing.T) {
	e, lib := engine(t)
	teen := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	stop := e.Step(teen.State, pressLabel(t, teen, lib.Text("en", "btn.sx_what_now")))
	save := e.Step(stop.State, pressLabel(t, stop, lib.Text("en", "btn.sx_save")))
	parent := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"}, say(lib, "someone is blackmailing my son with his photos"))
	steps := e.Step(parent.State, pressLabel(t, parent, lib.Text("en", "btn.px_next")))
	for _, c := range []struct {
		on   dialog.Result
		text string
		want string
	}{
		{stop, "i already paid him", "teen_sx_paid"},
		{save, "i sent him 50 dollars yesterday", "teen_sx_paid"},
		{stop, "he already posted them on insta", "teen_sx_shared"},
		{steps, "he already paid him 200", "parent_sx_paid"},
		{steps, "they already sent the photos to his friends", "parent_sx_shared"},
	} {
		res := e.Step(c.on.State, say(lib, c.text))
		if res.State.Node != c.want {
			t.Errorf("on %s, %q: node %q, want %q\n%s", c.on.State.Node, c.text, res.State.Node, c.want, all(res))
		}
	}
	// The step for after paying hears the pictures sent, and the other way round.
	paid := e.Step(stop.State, say(lib, "i already paid him"))
	if res := e.Step(paid.State, say(lib, "he posted them anyway")); res.State.Node != "teen_sx_shared" {
		t.Errorf("after paying, pictures posted: node %q, want teen_sx_shared\n%s", res.State.Node, all(res))
	}
}

// The story, once told, is still heard after an article or the menu: a payment typed goes on
// to the steps for after paying (an Indonesian teen who had read an article in between got
// the whole first reply again for "aku udah transfer 200rb"), the fear alone to the words for
// it; and after those words, a payment too. /clear, which deletes the replies, forgets it.
func TestStoryHeardAfterAnArticle(t *testing.T) {
	e, lib := engine(t)
	first := e.Step(dialog.State{Audience: "teen", Region: "US", Lang: "en"}, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	article := say(lib, "what is sextortion")
	article.Articles = []string{"what-is-sextortion"}
	read := e.Step(first.State, article)
	if read.State.Node != "" || read.State.Story != "teen_sextortion" {
		t.Fatalf("after the article: node %q, story %q", read.State.Node, read.State.Story)
	}
	menu := e.Step(first.State, dialog.Event{Kind: dialog.Press, Data: "g:@menu"})
	for name, on := range map[string]dialog.Result{"article": read, "menu": menu} {
		if res := e.Step(on.State, say(lib, "i already paid him 50")); res.State.Node != "teen_sx_paid" {
			t.Errorf("after the %s, a payment: node %q, want teen_sx_paid\n%s", name, res.State.Node, all(res))
		}
		if res := e.Step(on.State, say(lib, "he already posted them on insta")); res.State.Node != "teen_sx_shared" {
			t.Errorf("after the %s, pictures posted: node %q, want teen_sx_shared\n%s", name, res.State.Node, all(res))
		}
		if res := e.Step(on.State, say(lib, "im so scared")); res.State.Node != "teen_scared" {
			t.Errorf("after the %s, the fear alone: node %q, want teen_scared\n%s", name, res.State.Node, all(res))
		}
	}
	// After the fear met, a payment still goes on to the steps for after paying.
	scared := e.Step(first.State, say(lib, "im so scared"))
	if res := e.Step(scared.State, say(lib, "i already paid him 50")); scared.State.Node != "teen_scared" || res.State.Node != "teen_sx_paid" {
		t.Errorf("after the fear met (%s), a payment: node %q, want teen_sx_paid", scared.State.Node, res.State.Node)
	}
	cleared := e.Step(read.State, dialog.Event{Kind: dialog.Command, Command: "clear"})
	if cleared.State.Story != "" {
		t.Errorf("after /clear: story %q", cleared.State.Story)
	}
}

// The country question comes with the contacts that work from anywhere, not under every
// reply after it: a teen who went on past it got it after each step. A country typed later
// is still taken, and the local contacts come.
func TestCountryAskedWithTheContacts(t *testing.T) {
	e, lib := engine(t)
	first := e.Step(dialog.State{Audience: "teen", Lang: "en"}, say(lib, "a guy has my nudes and says he will post them unless i pay"))
	if first.State.Awaiting != "region" {
		t.Fatalf("no region known: awaiting %q, want region", first.State.Awaiting)
	}
	asked := lib.Text("en", "region.needed")
	next := e.Step(first.State, say(lib, "what do i do now??"))
	if next.State.Node != "teen_sx_stop" {
		t.Fatalf("node %q, want teen_sx_stop\n%s", next.State.Node, all(next))
	}
	if strings.Contains(all(next), asked) || next.State.Awaiting != "" {
		t.Errorf("steps with no contacts asked for the country again (awaiting %q)\n%s", next.State.Awaiting, all(next))
	}
	for _, text := range []string{"uk", "im in the uk"} {
		ev := say(lib, text)
		ev.Region, _ = e.FindRegion("en", text) // as internal/turn fills it
		res := e.Step(next.State, ev)
		if res.State.Region != "GB" {
			t.Errorf("%q typed later: region %q, want GB\n%s", text, res.State.Region, all(res))
			continue
		}
		wantAll(t, all(res), "0800 1111", "999")
	}
	// Steps that give contacts again ask again. The country then brings the first reply's
	// local contacts (the emergency number too, which the steps after paying lack), and the
	// conversation stays on the step it was on.
	paid := e.Step(next.State, say(lib, "i already paid him"))
	wantAll(t, all(paid), asked)
	uk := e.Step(paid.State, dialog.Event{Kind: dialog.Press, Data: "r:GB"})
	wantAll(t, all(uk), "0800 1111", "999", "["+lib.Text("en", "btn.sx_removal")+"]")
	if uk.State.Node != "teen_sx_paid" {
		t.Errorf("after the country, node %q, want teen_sx_paid", uk.State.Node)
	}
}

// A parent or teacher gets the adult form of the strings everyone can get (German "Sie", not
// "du"), and the no-emergency line for an adult; a teen gets the strings themselves.
func TestAdultsGetTheAdultForm(t *testing.T) {
	e, lib := engine(t)
	parent := e.Step(dialog.State{Audience: "parent", Region: "DE", Lang: "de"}, sayIn("de", "jemand erpresst meinen sohn mit nacktfotos"))
	ok := e.Step(parent.State, sayIn("de", "ok"))
	adult := lib.TextFor("de", "ack.reply", "parent")
	if adult == lib.Text("de", "ack.reply") {
		t.Fatal("de has no adult form of ack.reply")
	}
	wantAll(t, all(ok), adult)
	teen := e.Step(dialog.State{Audience: "teen", Region: "DE", Lang: "de"}, sayIn("de", "ok"))
	wantAll(t, all(teen), lib.Text("de", "ack.reply"))
	if strings.Contains(all(teen), adult) {
		t.Errorf("a teen got the adult form\n%s", all(teen))
	}
	school := e.Step(dialog.State{Audience: "school", Lang: "en"}, say(lib, "a student just told me a man online has her nudes and wants money"))
	wantAll(t, all(school), lib.TextFor("en", "contacts.no_emergency", "school"))
	if strings.Contains(all(school), lib.Text("en", "contacts.no_emergency")) {
		t.Errorf("a teacher was told to go to an adult nearby\n%s", all(school))
	}
	// /forget answers in the form the person was addressed in: it erases the audience too, and
	// a German parent was told "deine Auswahl" after a chat in "Sie".
	forgot := e.Step(parent.State, dialog.Event{Kind: dialog.Command, Command: "forget"})
	if got, want := strings.TrimSpace(all(forgot)), lib.TextFor("de", "forget.done", "parent"); got != want || want == lib.Text("de", "forget.done") {
		t.Errorf("/forget to a parent:\n%s\nwant\n%s", got, want)
	}
	if forgot.State.Audience != "" {
		t.Errorf("/forget kept the audience %q", forgot.State.Audience)
	}
	// Not understood, a parent is asked whether anyone is in danger, not whether they are.
	lost := e.Step(dialog.State{Audience: "parent", Region: "US", Lang: "en"}, say(lib, "qwpoeiru zxmcnv"))
	wantAll(t, all(lost), lib.TextFor("en", "fallback.text", "parent"))
	if strings.Contains(all(lost), lib.Text("en", "fallback.text")) {
		t.Errorf("a parent got the teen's fallback\n%s", all(lost))
	}
}

// A fear of parents finding out, typed on the sextortion steps (or a step of them) or the
// grooming steps, gets that fear met and how to tell, with the helplines: it got an article
// about the bot, or "not understood". Off those steps it is read as it was.
func TestAfraidToTellOnTheSteps(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	sx := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	stop := e.Step(sx.State, pressLabel(t, sx, lib.Text("en", "btn.sx_what_now")))
	en := e.Step(st, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	if en.State.Node != "teen_enticement" {
		t.Fatalf("grooming story: node %q, want teen_enticement", en.State.Node)
	}
	for _, c := range []struct {
		on   dialog.Result
		text string
	}{
		{sx, "what if my parents find out they will kill me"},
		{sx, "im scared my parents will find out"},
		{sx, "my mom is gonna kill me if she finds out"},
		{stop, "im too scared to tell my parents"},
		{en, "what if my parents find out"},
	} {
		res := e.Step(c.on.State, say(lib, c.text))
		if res.State.Node != "teen_afraid_to_tell" {
			t.Errorf("on %s, %q: node %q, want teen_afraid_to_tell\n%s", c.on.State.Node, c.text, res.State.Node, all(res))
			continue
		}
		wantAll(t, all(res), lib.Text("en", "teen_afraid.text"), "1-800-422-4453", "["+lib.Text("en", "btn.sx_tell")+"]")
	}
	if res := e.Step(st, say(lib, "what if my parents find out")); res.State.Node == "teen_afraid_to_tell" {
		t.Errorf("off the steps, the fear went to the steps' reply\n%s", all(res))
	}
}

// The fear alone, typed on the sextortion steps (or a step of them) or the grooming steps,
// in any language, gets the same short reply: being scared makes sense, the three things for
// right now, someone to tell, a helpline now and the crisis line. It had got the helplines
// in English, the crisis reply in Spanish (a backstop's reading) and an article in Russian.
// A crisis told with the fear still gets the crisis reply; off the steps the fear is read as
// it was.
func TestScaredOnTheSteps(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story string }{
		{"en", "US", "a guy has my pics and says he'll send them to my friends unless i pay"},
		{"es", "MX", "un tipo tiene mis fotos y dice que las va a mandar a mis amigos si no le pago"},
		{"ru", "RU", "он угрожает разослать мои фото если я не заплачу"},
	} {
		st := dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}
		sx := e.Step(st, sayIn(c.lang, c.story))
		if sx.State.Node != "teen_sextortion" {
			t.Fatalf("%s story: node %q, want teen_sextortion", c.lang, sx.State.Node)
		}
		stop := e.Step(sx.State, pressLabel(t, sx, lib.Text(c.lang, "btn.sx_what_now")))
		fear := map[string]string{"en": "im so scared", "es": "tengo mucho miedo", "ru": "мне очень страшно"}[c.lang]
		for _, on := range []dialog.Result{sx, stop} {
			res := e.Step(on.State, sayIn(c.lang, fear))
			if res.State.Node != "teen_scared" {
				t.Errorf("%s on %s, %q: node %q, want teen_scared\n%s", c.lang, on.State.Node, fear, res.State.Node, all(res))
				continue
			}
			wantAll(t, all(res), lib.Text(c.lang, "teen_scared.text"), lib.Text(c.lang, "fallback.crisis"),
				"["+lib.Text(c.lang, "btn.sx_what_now")+"]", "["+lib.Text(c.lang, "btn.sx_tell")+"]")
		}
		// The fear typed again on that reply: a person to talk to, now.
		again := map[string]string{"en": "im still so scared", "es": "sigo con mucho miedo", "ru": "мне всё ещё страшно"}[c.lang]
		scared := e.Step(sx.State, sayIn(c.lang, fear))
		if res := e.Step(scared.State, sayIn(c.lang, again)); res.State.Node != "talk_now" {
			t.Errorf("%s %q after the reply to the fear: node %q, want talk_now\n%s", c.lang, again, res.State.Node, all(res))
		}
		crisis := map[string]string{"en": "im so scared i want to die", "es": "tengo mucho miedo, me quiero matar", "ru": "мне страшно, хочу умереть"}[c.lang]
		if res := e.Step(sx.State, sayIn(c.lang, crisis)); res.State.Node != lib.Flow.Crisis {
			t.Errorf("%s %q on the steps: node %q, want %s\n%s", c.lang, crisis, res.State.Node, lib.Flow.Crisis, all(res))
		}
	}
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	en := e.Step(st, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	if en.State.Node != "teen_enticement" {
		t.Fatalf("grooming story: node %q, want teen_enticement", en.State.Node)
	}
	if res := e.Step(en.State, say(lib, "i'm terrified")); res.State.Node != "teen_scared" {
		t.Errorf("on the grooming steps, the fear: node %q, want teen_scared\n%s", res.State.Node, all(res))
	}
	// Someone at the door is danger, not the fear alone.
	if res := e.Step(en.State, say(lib, "im so scared he is outside my house")); res.State.Node == "teen_scared" || !strings.Contains(all(res), lib.Text("en", firstText(lib, lib.Flow.Danger))) {
		t.Errorf("someone outside, on the grooming steps: node %q, want the danger reply\n%s", res.State.Node, all(res))
	}
	if res := e.Step(st, say(lib, "im so scared")); res.State.Node == "teen_scared" {
		t.Errorf("off the steps, the fear went to the steps' reply\n%s", all(res))
	}
	// The fear as a first message, with no story to go on: a person to talk to, now, in every
	// language, though an article's words match it (it had got the article on telling a
	// parent in one language, the one on being threatened in another, "not understood" in a
	// third).
	// Worry for a friend told with the fear keeps the friend steps.
	if res := e.Step(st, say(lib, "someone is blackmailing my best friend and im so scared")); res.State.Node != "teen_friend" {
		t.Errorf("a friend's trouble with the fear: node %q, want teen_friend\n%s", res.State.Node, all(res))
	}
	for _, c := range []struct{ lang, region, fear string }{
		{"en", "US", "im so scared"},
		{"es", "MX", "tengo mucho miedo"},
		{"pt", "BR", "to com muito medo"},
		{"ru", "RU", "мне очень страшно"},
		{"ar", "EG", "انا خايفة اوي"},
		{"fa", "IR", "من خیلی ترسیدم"},
	} {
		ev := sayIn(c.lang, c.fear)
		ev.Articles = []string{"telling-a-trusted-adult", "threatened-right-now"}
		res := e.Step(dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}, ev)
		if res.State.Node != "talk_now" {
			t.Errorf("%s %q first: node %q, want talk_now\n%s", c.lang, c.fear, res.State.Node, all(res))
		}
	}
}

// TestTeacherDisclosure: a teacher's first words with nothing told yet get the disclosure
// steps (which open with the crisis line), not the crisis reply a backstop read into "told me
// something"; a promise of secrecy typed there gets why it cannot be kept and whom to tell, not
// the grooming reply its words meet ("he made me promise" is not read as a promise: he may be
// the one grooming); a student's crisis told is still the crisis reply.
func TestTeacherDisclosure(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "school", Region: "GB", Lang: "en"}
	first := e.Step(st, say(lib, "a student in my class told me something"))
	if first.State.Node != "school_disclosure" {
		t.Fatalf("a teacher's first words: node %q, want school_disclosure\n%s", first.State.Node, all(first))
	}
	for _, from := range []dialog.Result{first, e.Step(st, say(lib, "a student told me a man online has her pics and wants money"))} {
		res := e.Step(from.State, say(lib, "she made me promise not to tell anyone"))
		if res.State.Node != "school_next" {
			t.Errorf("a promise on %s: node %q, want school_next\n%s", from.State.Node, res.State.Node, all(res))
		}
		wantAll(t, all(res), lib.Text("en", "school_sx.no_secret"))
	}
	for _, crisis := range []string{"a student told me she wants to kill herself", "a student came to me, she says nobody would miss her"} {
		if res := e.Step(st, say(lib, crisis)); res.State.Node != "crisis_school" {
			t.Errorf("%q: node %q, want crisis_school\n%s", crisis, res.State.Node, all(res))
		}
	}
	// On the grooming and meeting steps, the promise gets the same, with what to do about the
	// person: not the sextortion steps ("don't pay") where nothing was demanded.
	for _, story := range []string{"a student told me a man online keeps asking her for pics and sends her gifts",
		"one of my students is being picked up by a man she met online"} {
		from := e.Step(st, say(lib, story))
		res := e.Step(from.State, say(lib, "she asked me not to tell anyone"))
		if got := all(res); res.State.Node != "school_groom_next" || strings.Contains(got, lib.Text("en", "school_sx.advise")) {
			t.Errorf("a promise on %s: node %q, want school_groom_next without the sextortion steps\n%s", from.State.Node, res.State.Node, got)
		} else {
			wantAll(t, got, lib.Text("en", "school_sx.no_secret"), lib.Text("en", "school_groom.now"))
		}
	}
	// A threat told with the promise is read for itself.
	groom := e.Step(st, say(lib, "a student told me a man online keeps asking her for pics and to meet up"))
	if res := e.Step(groom.State, say(lib, "she made me promise not to tell anyone, he is now threatening to leak her photos unless she pays")); res.State.Node == "school_next" || res.State.Node == "school_groom_next" {
		t.Errorf("a threat told with the promise, on %s: node school_next\n%s", groom.State.Node, all(res))
	}
}

// TestCountdownOnTheSteps: the threat's countdown told on the sextortion steps ("she says i
// have 10 minutes") is more of the story, not the crisis reply a backstop read in it; "my dad
// will literally kill me" is the fear of telling met, not "not understood".
func TestCountdownOnTheSteps(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	sx := e.Step(st, say(lib, "some girl on insta recorded me and says shell send it to my followers if i dont pay $500"))
	if sx.State.Node != "teen_sextortion" {
		t.Fatalf("story: node %q, want teen_sextortion", sx.State.Node)
	}
	res := e.Step(sx.State, say(lib, "she says i have 10 minutes"))
	if res.State.Node != "teen_sextortion" || !strings.Contains(all(res), lib.Text("en", "teen_sx.again")) {
		t.Errorf("the countdown: node %q, want the steps' short word\n%s", res.State.Node, all(res))
	}
	if res := e.Step(sx.State, say(lib, "my dad will literally kill me")); res.State.Node != lib.Node("teen_sextortion").Afraid {
		t.Errorf("the fear of telling: node %q, want %s\n%s", res.State.Node, lib.Node("teen_sextortion").Afraid, all(res))
	}
}

// TestCrisisAfterTheStoryTold: a crisis told with more of the story already told gets the
// crisis reply, then the story's short word and steps, not its whole first reply again; told
// first, the story's whole reply follows the crisis reply.
func TestCrisisAfterTheStoryTold(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	crisis := "he says hell post my nudes and i want to die"
	sx := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	res := e.Step(sx.State, say(lib, crisis))
	first := lib.Text("en", firstText(lib, "teen_sextortion"))
	if got := all(res); !strings.Contains(got, lib.Text("en", firstText(lib, lib.Flow.Crisis))) || !strings.Contains(got, lib.Text("en", "teen_sx.again")) || strings.Contains(got, first) {
		t.Errorf("a crisis after the story: want the crisis reply and the short word, not the whole reply\n%s", got)
	}
	if res.State.Node != "teen_sextortion" {
		t.Errorf("after the crisis and the short word: node %q, want teen_sextortion", res.State.Node)
	}
	if got := all(e.Step(st, say(lib, crisis))); !strings.Contains(got, first) {
		t.Errorf("a crisis told with the story first: want the story's whole reply after the crisis reply\n%s", got)
	}
}

// TestWhatNextAfterTheCrisisReply: "what do i do now" typed on the crisis reply gets a person
// to talk to, now, in Arabic as in English (an Egyptian girl's "اعمل ايه دلوقتي" had got an
// article; the sextortion steps would carry no crisis line there).
func TestWhatNextAfterTheCrisisReply(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story, crisis, now string }{
		{"ar", "EG", "في واحد على الانستا معاه صوري وبيقولي هينشرها لو مدفعتش", "مش عايزة اعيش", "اعمل ايه دلوقتي"},
		{"en", "US", "a guy has my pics and says he'll send them to my friends unless i pay", "i want to die", "what do i do now"},
	} {
		st := dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}
		sx := e.Step(st, sayIn(c.lang, c.story))
		crisis := e.Step(sx.State, sayIn(c.lang, c.crisis))
		if crisis.State.Node != lib.Flow.Crisis {
			t.Fatalf("%s crisis: node %q, want %s", c.lang, crisis.State.Node, lib.Flow.Crisis)
		}
		if res := e.Step(crisis.State, sayIn(c.lang, c.now)); res.State.Node != "talk_now" {
			t.Errorf("%s %q on the crisis reply: node %q, want talk_now\n%s", c.lang, c.now, res.State.Node, all(res))
		}
	}
}
