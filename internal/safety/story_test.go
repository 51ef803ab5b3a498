package safety

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
)

// TestStoryBackstopReadsDespairInStories checks the story backstop on the real content: the
// stories of the dev half of blind round 46 that only it flags (a bridge or a rope thought of
// while a deadline runs, a friend who "will finish himself" if the pictures come out), and
// sextortion and grooming stories with no sign of despair, which it leaves alone. Which
// stories only it flags moves when the backstops are trained anew: since the training order
// was keyed on each example's text (2026-12-01), three it alone flagged before are also
// flagged by the others, and two are read by crisis rules (TestCrisisRulesReadStoriesSaid).
func TestStoryBackstopReadsDespairInStories(t *testing.T) {
	r := realRules(t)
	despair := devRound46(t, "r46-ar-039", "r46-fa-011", "r46-fa-015", "r46-id-011")
	calm := []msg{
		{"someone has my pics and wants 200 dollars by friday or he sends them to my whole class. what do i do", "en"},
		{"a man from roblox keeps asking for pics and says its our secret, he wants to meet on saturday", "en"},
		{"my son is being blackmailed with photos, the man wants 500 euros. we already went to the police, what else should we do?", "en"},
		{"el tipo tiene mis fotos y quiere plata o se las manda a mi familia. no sé qué hacer", "es"},
		{"ele tem minhas fotos e quer dinheiro até sexta senão manda pra escola toda. o que eu faço", "pt"},
	}
	ctx := context.Background()
	check := func(story bool) {
		for _, m := range despair {
			a := r.Assess(ctx, m.text, m.lang)
			if a.Crisis != story || !storyIntent(a.Intent) {
				t.Errorf("story backstop %v: %s %q: crisis %v, intent %s", story, m.lang, m.text, a.Crisis, a.Intent)
			}
		}
		for _, m := range calm {
			if a := r.Assess(ctx, m.text, m.lang); a.Crisis || a.CrisisMaybe || !storyIntent(a.Intent) {
				t.Errorf("story backstop %v: %s %q: crisis %v (maybe %v), intent %s", story, m.lang, m.text, a.Crisis, a.CrisisMaybe, a.Intent)
			}
		}
	}
	check(true)
	without := *r
	without.storyLogit = nil // without it, none of them is flagged: the backstop made the difference
	r = &without
	check(false)
}

// TestCrisisRulesReadStoriesSaid: what a young person says of themselves inside a story is
// read by the crisis rules, with no backstop at all: "I'll do something to myself" and "I don't
// want to exist any more" (uk), and a son's "it's my death I wish for" told by a parent (am),
// which in round 46's dev half only the story backstop had flagged.
func TestCrisisRulesReadStoriesSaid(t *testing.T) {
	r := realRules(t)
	rulesOnly := *r
	rulesOnly.soft, rulesOnly.sure, rulesOnly.sureLogit, rulesOnly.charLogit, rulesOnly.storyLogit = nil, nil, nil, nil, nil
	said := append(devRound46(t, "r46-am-017", "r46-uk-001", "r46-uk-031"),
		msg{"він сказав що скине відео всім. я собі щось зроблю", "uk"},
		msg{"мене всі цькують, я більше не хочу існувати", "uk"},
		msg{"ሁሉም ነገር አልቆለታል፣ ሞቴን ነው የምመኘው", "am"},
		msg{"انا خايفة اوي وعايزة اموت", "ar"}, // "and" written onto the wish
		msg{"تعبت من كل حاجة وبدي موت", "ar"})
	for _, m := range said {
		if a := rulesOnly.Assess(context.Background(), m.text, m.lang); !a.Crisis {
			t.Errorf("%s %q: no crisis rule read it", m.lang, m.text)
		}
	}
}

// realRules returns the rules of the embedded content, built once for this package's
// internal tests (the external ones share safetytest's).
func realRules(t *testing.T) *Rules {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the real rules")
	}
	r, err := builtRules()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var builtRules = sync.OnceValues(func() (*Rules, error) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		return nil, err
	}
	return NewRules(lib), nil
})

// TestDangerReadsWhoTheDangerIs: a crisis of danger from a person (someone met online
// waiting outside, a man following a child home) is read as one, in several languages (my
// own wording, not any example's); a wish to die, self-harm and a blackmailer's threat told
// with despair are not.
func TestDangerReadsWhoTheDangerIs(t *testing.T) {
	r := realRules(t)
	ctx := context.Background()
	for _, tc := range []struct {
		text, lang string
		danger     bool
	}{
		{"theres a man from roblox outside my school rn, he says come out alone and get in his car", "en", true},
		{"ein typ aus fortnite wartet vor der schule auf mich, er sagt ich soll allein kommen", "de", true},
		{"un señor de free fire me está esperando afuera de mi casa y dice que salga sola", "es", true},
		{"i want to kill myself tonight", "en", false},
		{"quiero morir, ya no aguanto más", "es", false},
		{"he says he'll post my nudes unless i pay, i'd rather die", "en", false},
		{"ich hab mich heute wieder geritzt und es hört nicht auf zu bluten", "de", false},
	} {
		a := r.Assess(ctx, tc.text, tc.lang)
		if !a.Crisis {
			t.Errorf("%s %q: not a crisis (%+v)", tc.lang, tc.text, a)
			continue
		}
		if a.Danger != tc.danger {
			t.Errorf("%s %q: danger %v, want %v", tc.lang, tc.text, a.Danger, tc.danger)
		}
	}
}

// TestDangerRulesMarkDanger: a lexicon's danger rules mark a crisis as one of danger from a
// person where the danger backstop does not (an address found and "on his way", a photo of
// the house and "tonight"; my own wording in six languages); the harmless look-alike of a
// parent picking a child up is no crisis at all.
func TestDangerRulesMarkDanger(t *testing.T) {
	r := realRules(t)
	ctx := context.Background()
	danger := []msg{
		{"me mandó una foto de mi edificio y dice que esta noche viene a verme, estoy sola", "es"},
		{"er hat mir ein foto von unserem haus geschickt und schreibt bis heute abend", "de"},
		{"он узнал мой адрес и написал что уже едет, родителей нет дома", "ru"},
		{"il m'a envoyé une photo de ma maison, il dit qu'il passe ce soir", "fr"},
		{"dia tau alamat rumahku dan katanya otw ke sini sekarang", "id"},
		{"usko mera address mil gaya aur bol raha hai aaj raat aa raha hu", "hi"},
	}
	without := *r
	without.anyDanger = newSection(r.vocab, nil)
	for _, m := range danger {
		if a := r.Assess(ctx, m.text, m.lang); !a.Crisis || !a.Danger {
			t.Errorf("%s %q: crisis %v, danger %v; want both", m.lang, m.text, a.Crisis, a.Danger)
		}
		// Without the danger rules the backstop alone does not mark them: the rules did it.
		if a := without.Assess(ctx, m.text, m.lang); a.Danger {
			t.Errorf("%s %q: marked danger without the danger rules", m.lang, m.text)
		}
	}
	if a := r.Assess(ctx, "mum is picking me up outside school at 5, can i wait in the hall", "en"); a.Crisis || a.Danger {
		t.Errorf("a parent picking a child up: crisis %v, danger %v", a.Crisis, a.Danger)
	}
}

// TestCrisisSextortionBackstop: crises told inside a sextortion story no intent rule read
// (round 46's dev half: a parent whose son "keeps saying" he will not live, a blackmailer's
// demand pasted before "I can't any more") are read as sextortion, so the steps follow the
// crisis reply; short cries of despair, which both regressions read as sextortion, stay a
// crisis.
func TestCrisisSextortionBackstop(t *testing.T) {
	r := realRules(t)
	stories := devRound46(t, "r46-en-019", "r46-es-003", "r46-fr-011", "r46-pt-003", "r46-ar-021")
	cries := []msg{
		{"ليتني لم اولد اصلا", "ar"},
		{"voy a terminar con mi vida hoy", "es"},
		{"j'aurais préféré jamais naître", "fr"},
		{"i literally have nothing to live for", "en"},
	}
	ctx := context.Background()
	check := func(backstop bool) {
		want := Crisis
		if backstop {
			want = Sextortion
		}
		for _, m := range stories {
			if a := r.Assess(ctx, m.text, m.lang); !a.Crisis || a.Intent != want {
				t.Errorf("backstop %v: %s %q: crisis %v, intent %s, want %s", backstop, m.lang, m.text, a.Crisis, a.Intent, want)
			}
		}
		for _, m := range cries {
			if a := r.Assess(ctx, m.text, m.lang); !a.Crisis || a.Intent != Crisis {
				t.Errorf("backstop %v: %s %q: crisis %v, intent %s, want crisis", backstop, m.lang, m.text, a.Crisis, a.Intent)
			}
		}
	}
	check(true)
	without := *r
	without.crisisSx = nil // without it the stories are a crisis alone: the backstop made the difference
	r = &without
	check(false)
}

// msg is a message and its language.
type msg struct{ text, lang string }

// devRound46 returns the messages of the dev half of blind round 46 with the given ids (the
// language is the id's: "r46-am-017" is Amharic).
func devRound46(t *testing.T, ids ...string) []msg {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "dev", "round46.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dev := map[string]msg{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m struct{ ID, Text, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		dev[m.ID] = msg{m.Text, m.Lang}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	out := make([]msg, 0, len(ids))
	for _, id := range ids {
		m, ok := dev[id]
		if !ok {
			t.Fatalf("%s is not in round 46's dev half", id)
		}
		out = append(out, m)
	}
	return out
}

// TestShortStoriesAreNotCrises: the story backstop does not read a sextortion told in a few
// words ("she is sextorting me", a verb form no example has) as a crisis; told with despair, a
// crisis rule still flags it.
func TestShortStoriesAreNotCrises(t *testing.T) {
	r := realRules(t)
	ctx := context.Background()
	for _, m := range []msg{{"she is sextorting me", "en"}, {"i think he is sextorting me", "en"}} {
		if a := r.Assess(ctx, m.text, m.lang); a.Crisis || a.Intent != Sextortion {
			t.Errorf("%q: intent %s, crisis %v; want sextortion and no crisis", m.text, a.Intent, a.Crisis)
		}
	}
	if a := r.Assess(ctx, "she is sextorting me and i want to die", "en"); !a.Crisis {
		t.Errorf("a short sextortion with despair: no crisis")
	}
}

// TestKeepingItFromParentsIsNoCrisis: "I don't want my parents to find out", the commonest
// thing a victim says, is a hard negative in every language (the backstops read it as a
// crisis in eleven of twelve); told beside a wish to die it is still a crisis.
func TestKeepingItFromParentsIsNoCrisis(t *testing.T) {
	r := realRules(t)
	ctx := context.Background()
	for _, m := range []msg{
		{"i dont want my parents to find out", "en"},
		{"no quiero que mis papás se enteren", "es"},
		{"não quero que meus pais saibam", "pt"},
		{"je veux pas que mes parents sachent", "fr"},
		{"ich will nicht dass meine eltern das erfahren", "de"},
		{"не хочу щоб батьки дізналися", "uk"},
		{"ghar walon ko mat batana please", "hi"},
		{"مش عايزة اهلي يعرفوا", "ar"},
		{"نمی‌خوام خانواده‌ام بفهمن", "fa"},
		{"ቤተሰቦቼ እንዲያውቁ አልፈልግም", "am"},
	} {
		if a := r.Assess(ctx, m.text, m.lang); a.Crisis {
			t.Errorf("%s %q: read as a crisis", m.lang, m.text)
		}
	}
	for _, m := range []msg{
		{"i dont want my parents to find out, i want to kill myself", "en"},
		{"no quiero que mis papás se enteren, me quiero morir", "es"},
		{"ich will nicht dass meine eltern das erfahren, ich will nicht mehr leben", "de"},
	} {
		if a := r.Assess(ctx, m.text, m.lang); !a.Crisis {
			t.Errorf("%s %q: no crisis", m.lang, m.text)
		}
	}
}

// TestProbedIdiomsAndPanic: a probe as a teen found "how do i tell my mum she will kill me"
// (getting in trouble) read as a crisis, and "what do I do" alone in five languages read as
// nothing; a threat to kill the writer from someone who knows where they live is a crisis.
func TestProbedIdiomsAndPanic(t *testing.T) {
	r := realRules(t)
	ctx := context.Background()
	for _, m := range []msg{{"how do i tell my mum she will kill me", "en"}, {"if my dad finds out he will kill me", "en"}} {
		if a := r.Assess(ctx, m.text, m.lang); a.Crisis {
			t.Errorf("%q: read as a crisis", m.text)
		}
	}
	if a := r.Assess(ctx, "he says he will kill me, he knows where i live", "en"); !a.Crisis {
		t.Errorf("a threat to kill from someone who knows where the writer lives: no crisis")
	}
	for _, m := range []msg{{"q hago??", "es"}, {"o que eu faço", "pt"}, {"je fais quoi", "fr"}, {"was soll ich tun", "de"}, {"ab kya karu", "hi"}} {
		if a := r.Assess(ctx, m.text, m.lang); a.Intent != TalkToSomeone {
			t.Errorf("%s %q: %s, want talk_to_someone", m.lang, m.text, a.Intent)
		}
	}
}
