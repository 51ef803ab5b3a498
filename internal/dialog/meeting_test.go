package dialog_test

import (
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
)

// A plan to meet the one who wrote to them, told on the grooming steps in any language, gets
// the reply for a meeting: don't go, tell an adult before that day, report, the emergency
// number and the crisis line. It had got "thanks for telling me more" (ru, uk, de). (A plan
// a backstop reads as a crisis, "he'll pick me up after school tomorrow", still gets the
// crisis reply and the story's short word, as before: see TestMeetingToldFirstAndLookalikes.)
func TestMeetingOnTheGroomingSteps(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, story, meeting, more string }{
		{"en", "GB", "a guy i met on discord keeps asking me to keep our chats secret",
			"he wants to meet me on saturday at the mall and said not to tell my parents",
			"he wants to meet at the park on saturday too"},
		{"en", "US", "this older guy from insta keeps sending me gifts and says its our secret",
			"he wants me to come to his house this weekend",
			"he says he wants to meet me at the mall on saturday"},
		{"ru", "RU", "парень из интернета просит никому не рассказывать про наши переписки",
			"он сказал что завтра заберет меня после школы на машине, родителям нельзя говорить",
			"еще он хочет встретиться в субботу в торговом центре"},
		{"uk", "UA", "дорослий хлопець з інстаграму просить нікому не казати про нас",
			"а ще він хоче зустрітись в суботу біля тц, мама не знає",
			"він каже що забере мене після школи"},
		{"de", "DE", "ein typ aus dem internet schreibt mir und sagt ich soll es geheim halten",
			"er will dass ich zu ihm komme am wochenende er zahlt auch das zugticket",
			"er will sich am samstag mit mir im einkaufszentrum treffen"},
		{"es", "MX", "un señor de free fire me manda regalos y dice que es nuestro secreto",
			"quiere que nos veamos el sabado en el centro comercial y que no le diga a mis papas",
			"dice que me recoge mañana despues de clases"},
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
	// A crisis told with a plan gets the crisis reply first, as before.
	crisis := all(e.Step(st, say(lib, "the guy from discord wants to meet me tomorrow and i want to die")))
	if !strings.HasPrefix(crisis, lib.Text("en", firstText(lib, lib.Flow.Crisis))) && !strings.HasPrefix(crisis, lib.Text("en", firstText(lib, lib.Flow.Danger))) {
		t.Errorf("a meeting told with despair: want a crisis reply first\n%s", crisis)
	}
	en := e.Step(st, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	if en.State.Node != "teen_enticement" {
		t.Fatalf("grooming story: node %q, want teen_enticement", en.State.Node)
	}
	// On the steps, a crisis reply is never followed by the reply for a meeting: a meeting
	// the rules misread ("my dad said he will come get me") would send a suicidal teen away
	// from the adult coming for them. The conversation stays on the crisis reply.
	for _, text := range []string{
		"my dad said he will come get me but i want to kill myself",
		"hes picking me up tonight and i dont care what happens to me anymore",
	} {
		res := e.Step(en.State, say(lib, text))
		got := all(res)
		if !strings.HasPrefix(got, lib.Text("en", firstText(lib, lib.Flow.Crisis))) || strings.Contains(got, lib.Text("en", "teen_meeting.first")) || res.State.Node == "teen_meeting" {
			t.Errorf("on the grooming steps, %q: node %q, want the crisis reply and no meeting reply\n%s", text, res.State.Node, got)
		}
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

// The reply for a meeting is a step of the story told: what the story's steps hear is still
// heard there ("i already paid him" after a meeting demanded under threat goes to the steps
// for after paying), and with no country known yet, the country given brings the meeting
// reply back with its local contacts.
func TestMeetingKeepsTheStory(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "US", Lang: "en"}
	sx := e.Step(st, say(lib, "a guy has my pics and says he'll send them to my friends unless i pay"))
	meet := e.Step(sx.State, say(lib, "now he says he wants me to meet him or he will post them"))
	if meet.State.Node != "teen_meeting" {
		t.Fatalf("meeting demanded on the sextortion steps: node %q, want teen_meeting\n%s", meet.State.Node, all(meet))
	}
	if res := e.Step(meet.State, say(lib, "i already paid him 50")); res.State.Node != "teen_sx_paid" {
		t.Errorf("a payment after the meeting reply: node %q, want teen_sx_paid\n%s", res.State.Node, all(res))
	}
	noRegion := dialog.State{Audience: "teen", Lang: "en"}
	en := e.Step(noRegion, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	m := e.Step(en.State, say(lib, "he wants to meet me on saturday at the mall"))
	if m.State.Node != "teen_meeting" {
		t.Fatalf("no country yet, a meeting: node %q, want teen_meeting\n%s", m.State.Node, all(m))
	}
	uk := e.Step(m.State, say(lib, "UK"))
	wantAll(t, all(uk), lib.Text("en", "teen_meeting.tell"), "Childline")
}

// A family member coming for a teen is no danger and no grooming: "my mum is coming to get me
// from the party at 11" had got the danger reply, "my mum will pick me up after school" the
// grooming reply. Despair or fear told with it still gets the crisis reply; a plan with
// someone from online told with it still gets the grooming reply.
func TestFamilyPickupsAreEveryday(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "GB", Lang: "en"}
	crisisFirst := func(got string) bool {
		return strings.HasPrefix(got, lib.Text("en", firstText(lib, lib.Flow.Crisis))) || strings.HasPrefix(got, lib.Text("en", firstText(lib, lib.Flow.Danger)))
	}
	for _, text := range []string{
		"my mum will pick me up after school",
		"can my mum pick me up early today",
		"my grandma is coming to pick me up",
	} {
		res := e.Step(st, say(lib, text))
		if got := all(res); crisisFirst(got) || res.State.Node == "teen_enticement" || res.State.Node == "teen_meeting" {
			t.Errorf("%q: node %q, want no crisis, grooming or meeting reply\n%s", text, res.State.Node, got)
		}
	}
	for _, text := range []string{
		"my stepdad is coming to get me and im terrified",
		"my abusive dad is coming to get me",
		"my dad is coming to get me and im scared he will hit me again",
		"my dad is coming to get me but i want to die",
		"my mum is coming to get me but i dont want to be alive anymore",
	} {
		if got := all(e.Step(st, say(lib, text))); !crisisFirst(got) {
			t.Errorf("%q: want a crisis reply first\n%s", text, got)
		}
	}
	for _, text := range []string{
		"a man from roblox wants to meet me, my dad is driving me to school tho",
		"he said he will pick me up after school, my mum doesnt know",
	} {
		if res := e.Step(st, say(lib, text)); res.State.Node != "teen_enticement" && res.State.Node != "teen_meeting" {
			t.Errorf("%q: node %q, want the grooming or meeting reply\n%s", text, res.State.Node, all(res))
		}
	}
}

// A parent or teacher whose first message tells of a planned meeting gets the reply for it:
// keep the child from it, the emergency number, the plan reported; a teacher, the
// safeguarding lead now. They had got "tell me a little more", or only the crisis reply for
// adults when a backstop read the plan as danger: that reply still comes first, then the one
// for the meeting. Their everyday plans do not get it.
func TestAdultFirstMessageOfAMeeting(t *testing.T) {
	e, lib := engine(t)
	tx := func(k string) string { return lib.Text("en", k) }
	for _, c := range []struct {
		audience, text, node string
		crisisFirst          bool
	}{
		{"parent", "My daughter is 13, a man she met online wants to pick her up from school on friday", "parent_meeting", false},
		{"parent", "my son is going to meet someone he met on a game this weekend", "parent_meeting", false},
		{"", "my daughter is meeting a guy from snapchat on saturday", "parent_meeting", false},
		{"parent", "I found out my daughter plans to meet a man from instagram tomorrow", "parent_meeting", true},
		{"school", "one of my students is being picked up by a man she met online", "school_meeting", false},
		{"school", "a student told me a man from tiktok is picking her up after school today", "school_meeting", true},
	} {
		res := e.Step(dialog.State{Lang: "en", Audience: c.audience, Region: "GB"}, say(lib, c.text))
		got := all(res)
		if res.State.Node != c.node {
			t.Errorf("%s %q: node %q, want %s\n%s", c.audience, c.text, res.State.Node, c.node, got)
			continue
		}
		if c.crisisFirst && !strings.HasPrefix(got, tx("crisis.adult_first")) {
			t.Errorf("%s %q: want the crisis reply for adults first\n%s", c.audience, c.text, got)
		}
		first := "parent_meeting.first"
		if c.node == "school_meeting" {
			first = "school_meeting.first"
			wantAll(t, got, tx("school_meeting.report"), tx("school_meeting.student"), "999", "CEOP")
		}
		wantAll(t, got, tx(first), "999")
		// More of the plan, and where and when alone: the short word, not all of it again,
		// nor "not understood".
		for _, text := range []string{"he also wants to meet her at the park on sunday", "its at the mall at 3 on saturday"} {
			more := e.Step(res.State, say(lib, text))
			if !strings.Contains(all(more), tx(c.node+".again")) {
				t.Errorf("%s, %q after %s: want its short word\n%s", c.audience, text, c.node, all(more))
			}
		}
	}
	for _, c := range []struct{ audience, text string }{
		{"parent", "my husband will pick her up from school"},
		{"parent", "my son is going to meet his friends at the mall"},
		{"parent", "my daughter bought a train ticket to visit her grandparents"},
		{"school", "a student is being picked up by her mum early today"},
		{"school", "she is meeting her best friend from school tomorrow"},
	} {
		res := e.Step(dialog.State{Lang: "en", Audience: c.audience, Region: "GB"}, say(lib, c.text))
		if got := all(res); strings.Contains(got, tx("parent_meeting.first")) || strings.Contains(got, tx("school_meeting.first")) {
			t.Errorf("%s %q got the reply for a meeting\n%s", c.audience, c.text, got)
		}
	}
}

// Words about the plan typed on the reply for a meeting, that say nothing else, get its short
// word: "i already said yes" had got the whole sextortion reply ("don't pay") from a
// backstop's guess, "can i still cancel?" the article on having paid. A payment, and a
// crisis, are still read for themselves.
func TestMeetingFollowUps(t *testing.T) {
	e, lib := engine(t)
	st := dialog.State{Audience: "teen", Region: "GB", Lang: "en"}
	en := e.Step(st, say(lib, "this guy i met on discord keeps asking for pics and says its our secret"))
	meet := e.Step(en.State, say(lib, "he wants to meet me on saturday at the mall"))
	if meet.State.Node != "teen_meeting" {
		t.Fatalf("the meeting: node %q, want teen_meeting\n%s", meet.State.Node, all(meet))
	}
	again := lib.Text("en", "teen_meeting.again")
	for _, text := range []string{
		"i already said yes",
		"can i still cancel?",
		"what if he gets angry",
		"he will be mad if i dont go",
		"im scared what do i do",
		"should i tell him im not coming",
	} {
		res := e.Step(meet.State, say(lib, text))
		if got := all(res); !strings.Contains(got, again) || res.State.Node != "teen_meeting" {
			t.Errorf("%q on the meeting reply: node %q, want its short word\n%s", text, res.State.Node, got)
		}
	}
	if got := all(e.Step(meet.State, say(lib, "i already paid him 50"))); strings.Contains(got, again) || !strings.Contains(got, lib.Text("en", "teen_sx.dont_pay")) {
		t.Errorf("a payment on the meeting reply: want the steps for a payment, not the short word\n%s", got)
	}
	if got := all(e.Step(meet.State, say(lib, "i want to kill myself"))); !strings.HasPrefix(got, lib.Text("en", firstText(lib, lib.Flow.Crisis))) {
		t.Errorf("a crisis on the meeting reply: want the crisis reply first\n%s", got)
	}
}

// A parent's or teacher's first message telling of a planned meeting gets the reply for it in
// every language (after the crisis reply for adults, when a backstop read danger in it).
func TestAdultMeetingInEveryLanguage(t *testing.T) {
	e, lib := engine(t)
	for _, c := range []struct{ lang, region, audience, text string }{
		{"es", "MX", "parent", "mi hija tiene 13 años y un hombre que conocio por internet quiere recogerla del colegio el viernes"},
		{"pt", "BR", "parent", "minha filha tem 13 anos e um homem que ela conheceu na internet quer buscar ela na escola na sexta"},
		{"fr", "FR", "parent", "ma fille a 13 ans, un homme qu'elle a rencontré sur internet veut venir la chercher à l'école vendredi"},
		{"de", "DE", "parent", "meine Tochter ist 13, ein Mann, den sie online kennengelernt hat, will sie am Freitag von der Schule abholen"},
		{"id", "ID", "parent", "anak saya umur 13, ada pria yang dia kenal online mau jemput dia di sekolah hari jumat"},
		{"ru", "RU", "parent", "Дочери 13 лет, мужчина, с которым она познакомилась в интернете, хочет забрать её из школы в пятницу"},
		{"uk", "UA", "parent", "Доньці 13, чоловік, з яким вона познайомилася в інтернеті, хоче забрати її зі школи в п'ятницю"},
		{"ar", "EG", "parent", "ابنتي عمرها 13 سنة، ورجل تعرفت عليه على الإنترنت يريد أن يأخذها من المدرسة يوم الجمعة"},
		{"fa", "IR", "parent", "دخترم ۱۳ سالشه، مردی که توی اینترنت باهاش آشنا شده میخواد فردا بیاد دم مدرسه دنبالش"},
		{"hi", "IN", "parent", "Meri beti 13 saal ki hai, ek aadmi jisse wo online mili wo use Friday ko school se lene aana chahta hai"},
		{"am", "ET", "parent", "ልጄ 13 ዓመቷ ነው፣ በኢንተርኔት የተዋወቀችው ሰው አርብ ከትምህርት ቤት ሊወስዳት ይፈልጋል"},
		{"es", "MX", "school", "Una alumna me contó que un hombre de tiktok la va a recoger hoy a la salida del instituto"},
		{"pt", "BR", "school", "sou professora e um aluno disse que vai conhecer pessoalmente um adulto do free fire"},
		{"fr", "FR", "school", "une élève m'a dit qu'un homme de tiktok vient la chercher après les cours aujourd'hui"},
		{"de", "DE", "school", "eine Schülerin hat mir erzählt, dass ein Mann von TikTok sie heute nach der Schule abholt"},
		{"id", "ID", "school", "seorang murid cerita ke saya ada om-om dari tiktok yang mau jemput dia pulang sekolah hari ini"},
		{"ru", "RU", "school", "ученик после уроков идет на встречу с мужчиной из интернета"},
		{"uk", "UA", "school", "учень після уроків іде на зустріч з чоловіком з інтернету"},
		{"ar", "EG", "school", "أخبرتني طالبة أن رجلاً من تيك توك سيأخذها بعد المدرسة اليوم"},
		{"fa", "IR", "school", "یکی از دانش‌آموزام بهم گفت امروز بعد از مدرسه یه مرد از تیک‌تاک میاد دنبالش"},
		{"hi", "IN", "school", "Ek student ne mujhe bataya ki aaj school ke baad tiktok wala ek aadmi use lene aayega"},
		{"am", "ET", "school", "አንዲት ተማሪ ዛሬ ከትምህርት በኋላ በቲክቶክ የተዋወቀችው ሰው እንደሚወስዳት ነገረችኝ"},
	} {
		res := e.Step(dialog.State{Lang: c.lang, Audience: c.audience, Region: c.region}, sayIn(c.lang, c.text))
		want := c.audience + "_meeting"
		if res.State.Node != want {
			t.Errorf("%s %s %q: node %q, want %s\n%s", c.lang, c.audience, c.text, res.State.Node, want, all(res))
			continue
		}
		wantAll(t, all(res), lib.Text(c.lang, want+".first"), lib.Text(c.lang, want+".report"))
	}
}
