package dialog_test

import (
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
)

// TestBlameOnTheSteps: self-blame typed on the sextortion steps ("its all my fault", "i feel
// so stupid") gets that it is not their fault, with the crisis line first, in every language
// (a parent's on theirs, the parent's words);
// it had got "not understood", an article its words met ("i didnt do anything wrong": the one
// on unwanted pictures) or, read by a backstop alone, the crisis reply. Typed again, a person
// to talk to; a crisis a rule reads keeps the crisis reply; off the steps nothing changes.
func TestBlameOnTheSteps(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story, blame string }{
		{"en", "US", "a guy has my pics and says he'll send them to my friends unless i pay", "im such an idiot for sending it"},
		{"en", "US", "a guy has my pics and says he'll send them to my friends unless i pay", "its not my fault right?"},
		{"en", "US", "a guy has my pics and says he'll send them to my friends unless i pay", "i didnt do anything wrong"},
		{"es", "MX", "un tipo tiene mis fotos y dice que las va a mandar a mis amigos si no le pago", "me siento tan tonta"},
		{"pt", "BR", "um cara tem minhas fotos e disse que vai mandar pros meus amigos se eu não pagar", "a culpa é minha né"},
		{"fr", "FR", "un mec a mes photos et dit qu'il va les envoyer à mes potes si je paie pas", "c'est de ma faute j'aurais jamais dû envoyer"},
		{"de", "DE", "ein typ hat meine bilder und sagt er schickt sie meinen freunden wenn ich nicht zahle", "ich bin so dumm warum hab ich das geschickt"},
		{"ru", "RU", "он угрожает разослать мои фото если я не заплачу", "я такая дура зачем я отправила"},
		{"uk", "UA", "він погрожує розіслати мої фото якщо я не заплачу", "мені так соромно"},
		{"ar", "EG", "واحد معاه صوري وبيهددني ينشرها لو مادفعتش", "انا غبية ليه بعتها"},
		{"fa", "IR", "یه نفر عکسامو داره و تهدید میکنه پخششون میکنه اگه پول ندم", "همش تقصیر خودمه"},
		{"hi", "IN", "ek ladka meri photos leak karne ki dhamki de raha hai agar paise nahi diye", "sab meri galti hai"},
		{"id", "ID", "ada orang ngancem mau nyebarin foto aku kalau aku nggak bayar", "aku bego banget kenapa aku kirim"},
		{"am", "ET", "አንድ ሰው ፎቶዎቼን እለጥፋለሁ ብሎ እያስፈራራኝ ነው ካልከፈልኩ", "የኔ ጥፋት ነው"},
	} {
		st := dialog.State{Audience: "teen", Region: c.region, Lang: c.lang}
		sx := e.Step(st, sayIn(c.lang, c.story))
		if sx.State.Node != "teen_sextortion" {
			t.Errorf("%s story: node %q, want teen_sextortion", c.lang, sx.State.Node)
			continue
		}
		stop := e.Step(sx.State, pressLabel(t, sx, lib.Text(c.lang, "btn.sx_what_now")))
		for _, on := range []dialog.Result{sx, stop} {
			res := e.Step(on.State, sayIn(c.lang, c.blame))
			if res.State.Node != "teen_not_your_fault" {
				t.Errorf("%s on %s, %q: node %q, want teen_not_your_fault\n%s", c.lang, on.State.Node, c.blame, res.State.Node, all(res))
				continue
			}
			wantAll(t, all(res), lib.Text(c.lang, "teen_blame.text"), lib.Text(c.lang, "teen_blame.now"), "["+lib.Text(c.lang, "btn.sx_what_now")+"]")
		}
	}
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	sx := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	blamed := e.Step(sx.State, say(lib, "its all my fault"))
	if res := e.Step(blamed.State, say(lib, "but it is my fault, i feel so stupid")); res.State.Node != "talk_now" {
		t.Errorf("the blame again: node %q, want talk_now\n%s", res.State.Node, all(res))
	}
	if res := e.Step(sx.State, say(lib, "its all my fault i want to die")); res.State.Node != lib.Flow.Crisis {
		t.Errorf("blame with a crisis on the steps: node %q, want %s\n%s", res.State.Node, lib.Flow.Crisis, all(res))
	}
	en := e.Step(st, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	if res := e.Step(en.State, say(lib, "i feel so stupid")); res.State.Node != "teen_not_your_fault" {
		t.Errorf("on the grooming steps, the blame: node %q, want teen_not_your_fault\n%s", res.State.Node, all(res))
	}
	if res := e.Step(st, say(lib, "its all my fault")); res.State.Node == "teen_not_your_fault" {
		t.Errorf("off the steps, the blame went to the steps' reply\n%s", all(res))
	}
	// A parent's self-blame on their steps: not their fault nor the child's (it had got the
	// reply for a child in crisis, by a backstop).
	for _, c := range []struct{ lang, region, story, blame string }{
		{"en", "US", "my son is 14 and someone is blackmailing him with pictures he sent, they want 500 dollars", "this is my fault i should have checked his phone"},
		{"es", "MX", "un hombre le está pidiendo fotos a mi hija por instagram y le dice que no me cuente", "como no me di cuenta, soy una mala madre"},
	} {
		story := e.Step(dialog.State{Audience: "parent", Region: c.region, Lang: c.lang}, sayIn(c.lang, c.story))
		res := e.Step(story.State, sayIn(c.lang, c.blame))
		if res.State.Node != "parent_not_your_fault" {
			t.Errorf("%s parent on %s, %q: node %q, want parent_not_your_fault\n%s", c.lang, story.State.Node, c.blame, res.State.Node, all(res))
			continue
		}
		wantAll(t, all(res), lib.Text(c.lang, "parent_blame.text"))
	}
}

// TestSameArticleTwice: an article met again at once is given whole (a teacher's "what should
// i say to her", then "do i need to tell her parents", had got the same short answer twice);
// after anything else, or a third time, the short form again.
func TestSameArticleTwice(t *testing.T) {
	e, lib := engine(t)
	const slug = "schools-handling-a-disclosure"
	art := lib.Article("en", slug)
	ask := func(st dialog.State, text string) dialog.Result {
		ev := say(lib, text)
		ev.Articles = []string{slug}
		return e.Step(st, ev)
	}
	st := dialog.State{Audience: "school", Region: "GB", Lang: "en"}
	first := ask(st, "what should i say to her")
	if got := all(first); !strings.Contains(got, art.Summary[:60]) || strings.Contains(got, art.Body[:60]) {
		t.Fatalf("first time: want the short form\n%s", got)
	}
	second := ask(first.State, "do i need to tell her parents")
	if got := all(second); !strings.Contains(got, art.Body[:60]) {
		t.Errorf("the same article again at once: want it whole\n%s", got)
	}
	if got := all(ask(second.State, "should i look at the photos")); strings.Contains(got, art.Body[:60]) {
		t.Errorf("a third time: want the short form again\n%s", got)
	}
	menu := e.Step(first.State, dialog.Event{Kind: dialog.Command, Command: "menu"})
	if got := all(ask(menu.State, "do i need to tell her parents")); strings.Contains(got, art.Body[:60]) {
		t.Errorf("after the menu: want the short form\n%s", got)
	}
}
