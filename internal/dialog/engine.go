package dialog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/safety"
)

// Engine runs conversations over one content library. It is immutable and safe for
// concurrent use.
type Engine struct {
	lib     *content.Library
	dir     *hotline.Directory
	regions map[string]*regionIndex // by language
	model   bool                    // a language model is configured: messages `if: model` are shown
}

// Option changes how an engine is built.
type Option func(*Engine)

// WithModel tells the engine the bot runs with a language model, so that the messages of
// the flows marked `if: model` (what /privacy says about the model) are shown.
func WithModel() Option { return func(e *Engine) { e.model = true } }

// New builds an engine over a library that passed content.Check.
func New(lib *content.Library, dir *hotline.Directory, opts ...Option) *Engine {
	e := &Engine{lib: lib, dir: dir, regions: map[string]*regionIndex{}}
	for lang, loc := range lib.Locales {
		e.regions[lang] = newRegionIndex(lang, loc.CountryAliases)
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

// FindRegion returns the country a typed text names, in lang or in English: a name, an
// alias from the locale ("uk"), or a two-letter code. A channel that must not keep the
// text calls it when the text arrives and passes the code in Event.Region.
func (e *Engine) FindRegion(lang, text string) (string, bool) {
	ix := e.regions[lang]
	if ix == nil {
		ix = e.regions[content.DefaultLang]
	}
	if ix == nil {
		return "", false
	}
	return ix.find(text)
}

// Library returns the content the engine speaks from.
func (e *Engine) Library() *content.Library { return e.lib }

// Directory returns the help contacts the engine hands out.
func (e *Engine) Directory() *hotline.Directory { return e.dir }

// Button data. Each stays under Telegram's 64-byte callback_data limit (content check makes
// sure node ids are short enough).
const (
	dataGoto     = "g:" // g:<node>
	dataAudience = "a:" // a:<audience>
	dataRegion   = "r:" // r:<CC> or r:other
	dataLang     = "l:" // l:<lang>
	dataCheck    = "k:" // k:<node>:<question>:<y|n>
	dataMore     = "m:" // m:<article slug>: read the whole article
	menuTarget   = "@menu"
	maxChain     = 12 // nodes one step may pass through via `then`
)

// turn is the work of one Step.
type turn struct {
	e           *Engine
	st          State
	replies     []Reply
	forget      bool
	clear       bool
	depth       int
	bot         string            // the bot's username, for share links
	answers     map[string]string // the report helper's answers (from the event; never stored)
	form        FormChange
	fresh       string       // a new school code, if one is made
	schools     []SchoolInfo // this chat's school codes
	stats       []StatLine
	school      SchoolChange
	events      []string        // paths reached, for the statistics
	listed      map[string]bool // contacts listed in this reply (country, kind, name), for headings
	general     bool            // this reply gave contacts that work from anywhere, the country unknown
	lastArticle string          // the article given in short form in the step before, if that was its reply
}

// Step runs one event against a state. It never fails: whatever arrives, the person gets an
// answer that leads somewhere.
func (e *Engine) Step(st State, ev Event) Result {
	t := &turn{e: e, st: st, bot: ev.Bot, answers: make(map[string]string, len(ev.Form)),
		fresh: ev.Fresh, schools: ev.Schools, stats: ev.Stats, lastArticle: st.Answered}
	t.st.Answered = "" // set again only by an article given in this step
	for k, v := range ev.Form {
		t.answers[k] = v
	}
	t.pickLang(ev.LangHint)
	if _, ok := e.lib.Locales[ev.Lang]; ok && ev.Lang != "" {
		// The person wrote in another language Lantern speaks: answer in it from now on.
		t.st.Lang = ev.Lang
	}
	switch ev.Kind {
	case Start:
		t.start(ev.Payload)
	case Command:
		t.command(ev.Command, ev.Payload)
	case Media:
		t.clearQuestion()
		t.enter(e.lib.Flow.Media, false)
	case Press:
		t.press(ev.Data)
	case Text:
		t.text(ev)
		if ev.Region == "" { // "i live in scotland" is where they are, not how they are
			t.maybeCrisis(ev.Assessment)
		}
	default:
		t.enter(e.lib.Flow.Fallback, false)
	}
	t.askRegionIfNeeded()
	return Result{State: t.st, Replies: t.replies, Forget: t.forget, Clear: t.clear, Form: t.form,
		School: t.school, Events: t.events}
}

// pickLang settles the language: the person's choice, else the channel's hint, else English.
func (t *turn) pickLang(hint string) {
	if _, ok := t.e.lib.Locales[t.st.Lang]; ok {
		return
	}
	t.st.Lang = content.DefaultLang
	if m := t.e.lib.MatchLang(hint); m != "" {
		t.st.Lang = m
	}
}

func (t *turn) start(payload string) {
	if payload != "" {
		if p, err := ParsePayload(payload); err == nil {
			if p.Audience != "" {
				t.st.Audience = p.Audience
			}
			if p.Region != "" {
				t.st.Region = p.Region
			}
			if _, ok := t.e.lib.Locales[p.Lang]; ok {
				t.st.Lang = p.Lang
			}
			if p.School != "" {
				t.st.School = p.School
			}
		}
	}
	t.clearQuestion()
	t.enter(t.e.lib.Flow.Start, false)
}

func (t *turn) command(name, args string) {
	switch name {
	case "start":
		t.start(args)
		return
	case "menu":
		t.clearQuestion()
		t.menu()
		return
	case "forget":
		// Said in the form the person was addressed in (a parent's "Sie"), read before the
		// audience is erased with the rest.
		done := t.text0("forget.done")
		t.st = State{Lang: t.st.Lang}
		t.forget, t.form.Drop = true, true
		t.say(done, false)
		return
	case "clear":
		// The replies are deleted: a node's short `again` word would point at nothing.
		t.clear, t.form.Drop, t.st.Node, t.st.Story = true, true, "", ""
		t.say(t.text0("clear.done"), false)
		return
	}
	if id, ok := t.e.lib.Flow.Commands[name]; ok {
		t.clearQuestion()
		t.enter(id, false)
		return
	}
	t.say(t.text0("command.unknown"), false)
	t.menu()
}

func (t *turn) press(data string) {
	kind, arg, _ := strings.Cut(data, ":")
	switch kind + ":" {
	case dataGoto:
		if arg == menuTarget {
			t.clearQuestion()
			t.menu()
			return
		}
		if t.e.lib.Node(arg) != nil {
			t.clearQuestion()
			t.enter(arg, false)
			return
		}
	case dataAudience:
		if arg == "teen" || arg == "parent" || arg == "school" {
			t.st.Audience = arg
			t.answered("audience")
			return
		}
	case dataRegion:
		if arg == "other" {
			t.st.Awaiting = "region_typed"
			t.say(t.text0("region.type_it"), true)
			return
		}
		if IsRegion(arg) {
			t.setRegion(arg)
			return
		}
	case dataLang:
		if _, ok := t.e.lib.Locales[arg]; ok {
			t.st.Lang = arg
			t.say(t.text0("language.set"), false)
			t.answered("language")
			return
		}
	case dataCheck:
		if t.checkAnswer(arg) {
			return
		}
	case dataForm:
		if t.formPress(arg) {
			return
		}
	case dataOpener:
		if t.pickOpener(arg) {
			return
		}
	case dataPoster, dataRetire:
		if t.schoolPress(kind+":", arg) {
			return
		}
	case dataMore:
		if a := t.e.lib.Article(t.st.Lang, arg); a != nil {
			t.clearQuestion()
			t.whole(a)
			return
		}
	}
	t.say(t.text0("button.stale"), false)
	t.menu()
}

// text routes typed text. Crisis interrupts anything, including an open question.
func (t *turn) text(ev Event) {
	a := ev.Assessment
	regionTaken := false // the country came with more of the story
	if t.st.Audience == "" && a.Audience != "" && a.Audience != "unknown" && !a.AudienceGuessed {
		t.st.Audience = a.Audience
	}
	// A parent or teacher telling of a planned meeting ("a man she met online wants to pick her
	// up from school on friday") is telling of grooming, whatever else the words were read as:
	// they had got "tell me a little more". A teen's own plan is read for what else it says: its
	// look-alikes ("sarah wants to meet up after school") are theirs to type.
	if a.Meeting && t.adult() && !a.Crisis && (!a.Matched || a.Intent == safety.OffTopic || a.Intent == safety.Greeting ||
		a.Intent == safety.TalkToSomeone || a.Intent == safety.Learn) {
		a.Intent, a.Matched = safety.Enticement, true
	}
	// Words that say the pictures are out, typed on steps that go on from there, that only a
	// backstop read as a crisis ("ele já postou", "ja postou, todo mundo viu"): the steps for
	// that moment, when they open with the crisis line ("if it all feels like too much"), not
	// the crisis reply that knows nothing of the story. A crisis rule's reading keeps it.
	if a.CrisisGuessed && a.Shared && !a.Danger {
		if cur := t.e.lib.Node(t.st.Node); cur != nil && cur.Shared != "" && t.opensWithCrisisLine(cur.Shared) {
			t.clearQuestion()
			t.enter(cur.Shared, false)
			return
		}
	}
	// So do a few words of self-blame ("its not my fault right?", "im so stupid") that only a
	// backstop read as a crisis, on steps that meet them (that it is not their fault, which
	// opens with the crisis line).
	if a.CrisisGuessed && a.Blamed && !a.Danger {
		if cur, next, _ := t.onward(a); cur != nil && t.opensWithCrisisLine(next) {
			t.clearQuestion()
			t.enter(next, false)
			return
		}
	}
	if a.Crisis || a.Intent == safety.Crisis {
		// A parent or teacher is sent where routes.crisis says (what to do for the child first).
		node := t.e.lib.Flow.Crisis
		if id := t.route(safety.Crisis); id != "" {
			node = id
		}
		// Words that tell of someone else's crisis ("my friend wants to kill herself", "she
		// said she wants to die bc of this") get the reply for a friend in crisis: tell an
		// adult now, even against a promise, and the lines for the writer too.
		friendCrisis := false
		if f := t.e.lib.Flow; f.FriendCrisis != "" && node == f.Crisis && a.SomeoneElse && !(a.Intent == safety.Friend && a.CrisisGuessed) {
			node, friendCrisis = f.FriendCrisis, true
		}
		// Danger from a person (someone met online waiting outside) gets the reply that says
		// not to go with them, where the flow has one and the writer's crisis route is the
		// crisis node (a parent's or teacher's is their own).
		if f := t.e.lib.Flow; f.Danger != "" && node == f.Crisis && a.Danger && a.Intent != safety.Friend {
			node = f.Danger
		}
		// Worry for a friend that only a backstop read as a crisis ("my friend just told me
		// someone is sextorting her") gets the friend reply, which carries the crisis lines
		// and says to tell an adult at once if the friend talks of hurting themselves: the
		// crisis reply speaks to the writer as the one at risk. So does a teacher's "a student
		// in my class told me something" get the disclosure steps, which open with the crisis
		// line. (Not a parent's: their friend route is the sextortion steps.) A crisis rule's
		// reading keeps the crisis reply first.
		if id := t.route(safety.Friend); a.Intent == safety.Friend && a.CrisisGuessed && id != "" && (node == t.e.lib.Flow.Crisis || t.st.Audience == "school" && t.opensWithCrisisLine(id)) {
			node = id
		}
		// In the report helper, a crisis only a backstop read may be an answer ("Marmoset
		// Academy and my aunt" was read as one): the crisis reply comes first all the same, then
		// a line that going on is up to them and the same question again, with the answers given
		// so far kept. The text is not taken as the answer. A crisis a rule read closes the form.
		if n, q := t.formNode(), t.st.Check; a.CrisisGuessed && n != nil {
			t.enter(node, false)
			t.st.Node, t.st.Awaiting, t.st.Check = n.ID, "form", q
			t.say(t.text0("form.resume"), n.Risky)
			t.askForm(n, q)
			return
		}
		t.clearQuestion()
		told, was := t.st.Story, t.st.Node
		t.enter(node, false)
		then := a.Intent
		// A parent's or teacher's crisis of danger from a person that tells of a planned
		// meeting ("I found out my daughter plans to meet a man from instagram tomorrow") is
		// grooming news: after the crisis reply for adults, what to do before that time. A
		// teen's is not (see teen_meeting in flows.yaml).
		meeting := a.Meeting && t.adult()
		if meeting && a.Danger && (then == safety.Crisis || !risky(then)) {
			then = safety.Enticement
		}
		if then != safety.Crisis && risky(then) {
			if friendCrisis && (then == safety.Sextortion || then == safety.Enticement || then == safety.ImageRemoval) {
				then = safety.Friend // the steps for helping the friend, not the steps for a victim
			}
			id := t.route(then)
			if meeting {
				id = t.meetingOf(a, id)
			}
			if n := t.e.lib.Node(id); n != nil && meeting && t.isMeeting(n) && was != id {
				// The meeting's reply not given yet: in full, whatever story was told before.
				t.enter(id, false)
				t.dropButtonsTo(id)
			} else if id != "" && id != node {
				if n := t.e.lib.Node(id); n != nil && n.Again != "" && told != "" && t.samePath(id, told) {
					// The story was told before ("e se ele postar mesmo?" on its steps): after
					// the crisis reply, its short word and its steps, not its whole first reply
					// a second time. (Set as enter sets them: no node with an `again` asks,
					// checks, runs a form or an action, or goes on by `then`.)
					t.st.Node, t.st.Story = id, id
					t.again(n)
				} else {
					t.enter(id, false)
				}
				t.dropButtonsTo(id) // the crisis reply's way there: it follows already
			}
		}
		return
	}
	// A whole message asking for the menu ("menu", "menú") opens it, as /menu does, even with
	// a question open: the way out a person expects.
	if a.Menu {
		t.clearQuestion()
		t.menu()
		return
	}
	if n := t.formNode(); n != nil {
		// The report helper's question is open: whatever is typed is its answer.
		t.formText(n, ev.Text)
		return
	}
	// A whole message that only thanks ("thx", "vlw", "makasih ya") gets a short "you're
	// welcome", not the greeting that opens a conversation; an open question stays open.
	if a.Thanks {
		t.say(t.text0("thanks.reply"), false)
		t.attach([][]Button{{{Label: t.text0("btn.back_to_menu"), Data: dataGoto + menuTarget}}})
		return
	}
	// A whole message that only acknowledges ("ok", "got it") or asks whether the bot is still
	// there ("are you there?", "ти тут?") gets "take your time" with the
	// buttons of the help path the conversation is on, which it stays on; elsewhere the way
	// back to the menu. It had got "I'm not sure I understood" on a path, "I can only help
	// with one thing" off it.
	if a.Ack {
		t.say(t.text0("ack.reply"), false)
		if t.onCrisisReply() {
			// "are you there?" after the crisis reply: the lines again, one glance away.
			t.crisisLine()
		}
		if on := t.onHelpPath(); on != nil {
			t.buttons(on)
			return
		}
		t.attach([][]Button{{{Label: t.text0("btn.back_to_menu"), Data: dataGoto + menuTarget}}})
		return
	}
	awaiting := t.st.Awaiting
	if awaiting == "" && t.st.Resume != "" && t.st.Region == "" && ev.Region != "" {
		// The country asked for earlier, typed now ("im in brazil"): taken as the answer.
		awaiting = "region"
	}
	switch awaiting {
	case "region", "region_typed":
		code := ev.Region
		if code == "" {
			code, _ = t.e.FindRegion(t.st.Lang, ev.Text)
		}
		switch {
		case code != "" && a.Matched && says(a.Intent) && (!a.Guessed() || len(strings.Fields(ev.Text)) > content.AloneWords):
			// "I'm in the UK and he's blackmailing me": the country is taken, the message
			// is answered, in full: the reply so far had only the contacts that work from
			// anywhere, and the local ones come with the node (not its short `again` word). A
			// backstop's guess at a few words is not more of the story: "UK" alone was
			// guessed a report request.
			t.st.Region, t.st.Resume, regionTaken = code, "", true
		case code != "":
			t.setRegion(code)
			return
		case !a.Matched && !a.Hesitant && len(strings.Fields(ev.Text)) <= content.AloneWords && !t.goesOn(a):
			// A few words that are no country and say nothing else: most likely a country
			// spelt another way.
			t.say(t.text0("region.not_found"), false)
			t.askRegion()
			return
		default:
			// Anything else is more of what the person wants to say ("someone online is
			// scaring me", "mujhe dar lag raha hai", "how do i tell my mum"): it is answered
			// as it would be with no question open, which asks for the country again if the
			// answer needs it (the question is closed below). It used to get "I didn't
			// recognise that country" unless it was risky, time after time.
		}
	case "audience":
		// The typed answer may be the whole story ("my son is being blackmailed"): it then
		// answers the question and is answered itself.
		if (a.Audience == "parent" || a.Audience == "school" || a.Audience == "teen") && !a.AudienceGuessed && !(a.Matched && says(a.Intent)) {
			if !a.Matched && len(strings.Fields(ev.Text)) > content.AloneWords {
				// More than who they are, and not understood ("im 13 and something bad
				// happened"): the crisis line before the next question.
				t.crisisLine()
			}
			t.answered("audience")
			return
		}
	}
	t.clearQuestion()
	// A promise of secrecy typed on a path with a `promised` node (a teacher's "she made me
	// promise not to tell anyone" on the disclosure steps): why it cannot be kept and whom to
	// tell, not the grooming reply its secrecy words meet, nor the friend steps' short word.
	// A threat, a payment or pictures sent told with it are read for themselves.
	if cur := t.e.lib.Node(t.st.Node); a.Promise && cur != nil && !regionTaken && !a.Paid && !a.Shared &&
		a.Intent != safety.Sextortion && a.Intent != safety.ImageRemoval {
		if p := t.promisedOf(cur); p != "" && p != cur.ID {
			t.enter(p, false)
			return
		}
	}
	// A friend's wish for secrecy ("she made me promise not to tell anyone") typed on the friend
	// steps is more of the friend's story: their short word, which says a promise never has to
	// keep a friend in danger. Elsewhere "she" may be the one threatening (it was read as the
	// writer's own grooming), and the words are read for what else they say.
	if cur := t.e.lib.Node(t.st.Node); a.Promise && cur != nil && cur.Again != "" && cur.ID == t.route(safety.Friend) && !regionTaken {
		t.again(cur)
		return
	}
	// More of the plan typed on the reply for a meeting ("dice que me recoge mañana" after
	// it), or words about it that say nothing else ("i already said yes", "can i still
	// cancel?", "he will be mad if i dont go"): its short word, that what it said still holds,
	// not the story's. They had got the whole sextortion reply ("don't pay") from a backstop's
	// guess, or an article their words met ("I already paid").
	if cur := t.e.lib.Node(t.st.Node); cur != nil && cur.Again != "" && t.isMeeting(cur) && !regionTaken && aboutThePlan(a) {
		t.again(cur)
		return
	}
	if t.paid(a, regionTaken) {
		return
	}
	// A few words asking what to do now, typed on a crisis reply ("اعمل ايه دلوقتي" after it):
	// a person to talk to, now, as "what do i do now" gets in English; they had got an article
	// their words met.
	if a.WhatNext && !a.Crisis && !risky(a.Intent) && t.onCrisisReply() {
		a.Intent, a.Matched = safety.TalkToSomeone, true
	}
	// A first step toward telling with nothing told yet ("idk how to say this"): time, before
	// an article its words happen to match or "not understood".
	if !a.Matched && a.Hesitant && t.hesitant() {
		return
	}
	// The writer's fear told with no story to go on ("im so scared", "tengo mucho miedo"): a
	// person to talk to, now, as "i need to talk to someone" gets. Its words had met one
	// article in one language (telling a parent), another in a second (being threatened),
	// the helplines in a third and "not understood" in a fourth. A reading that says more
	// stands: a risky one, or worry for a friend ("someone is blackmailing my best friend and
	// im so scared" gets the friend steps).
	if a.Scared && !a.Crisis && !risky(a.Intent) && a.Intent != safety.Friend {
		a.Intent, a.Matched = safety.TalkToSomeone, true
	}
	// A question, or words nothing else understood, that an article answers: the article.
	if len(ev.Articles) > 0 && (a.Intent == safety.Learn || !a.Matched) && t.answer(a, ev.Articles, ev.Phrased) {
		return
	}
	if !a.Matched || (a.Intent == safety.OffTopic && t.onHelpPath() != nil) {
		if t.introduced(a) {
			return
		}
		t.notUnderstood()
		return
	}
	// A hello with more words than a hello that says who is writing ("hi im a mum and
	// something bad happened to my daughter", "hi im 13 and something bad happened"): what
	// follows the hello was not understood, so it is answered as it is without the hello, with
	// the introduction's contacts and that audience's menu.
	if a.Intent == safety.Greeting && len(strings.Fields(ev.Text)) > content.AloneWords && t.introduced(a) {
		return
	}
	id := t.route(a.Intent)
	if id == "" {
		id = t.e.lib.Flow.Fallback
	}
	id = t.meetingOf(a, id)
	if n := t.e.lib.Node(id); n != nil && n.Again != "" && t.onStory(n) && !regionTaken {
		// More of the same story ("he wants 100 by tonight" after "a guy has my pics", "what
		// if he really posts it" on one of its steps): a short word that the steps above
		// still hold, and the node's buttons.
		t.again(n)
		return
	}
	t.enter(id, false)
}

// paid goes on to the steps for after paying when, on a node that has them (the sextortion
// steps), typed words say a payment was already made ("i already paid him 100", "ya le pagué")
// and lead nowhere else: not understood, not about anything, or the same path. "don't pay"
// again would not hear them. Words that say the pictures were already sent ("he already sent
// one to my best friend") go on, the same way, to what to do now that they are out, a fear of
// telling ("what if my parents find out") to that fear met, a few words asking what to do
// now ("what do i do now??", "im so scared what do i do") to the node's next steps, and a
// fear told alone ("im so scared", "tengo mucho miedo") to a few warm words and what to do
// right now. A country
// typed with it gets the node in full instead (the local contacts come with it, and its words
// on paying say what to do if one already paid).
func (t *turn) paid(a safety.Assessment, regionTaken bool) bool {
	cur, next, soft := t.onward(a)
	if cur == nil || regionTaken {
		return false
	}
	// Words that ask for something else get it ("i paid him, can i talk to someone": the
	// helplines; a removal reading: the removal steps). Pictures sent to a friend are not
	// worry for a friend: "ya se las mandó a mi mejor amiga" was read as one. Nor is a word a
	// question rule knows a question: "ya las publicó en instagram" was read as one about
	// privacy ("publico").
	// A few words asking what to do now are read as a wish to talk to someone ("what do i do
	// now"), as a question, or as a backstop's guess ("terus aku harus gimana" as worry for a
	// friend): on steps that go on, the next steps answer them.
	// The story told earlier is the same path too ("i already paid him 50" on the menu after it).
	route := t.route(a.Intent)
	if a.Matched && says(a.Intent) && !t.samePath(route, cur.ID) && !(t.st.Story != "" && t.samePath(route, t.st.Story)) && !(a.Shared && (a.Intent == safety.Friend || a.Intent == safety.Learn)) &&
		!(soft && (a.Intent == safety.TalkToSomeone || a.Intent == safety.Learn || a.Guessed())) {
		return false
	}
	t.enter(next, false)
	return true
}

// onward returns the node the conversation is on, and where it goes next, when typed words
// say the pictures were already sent and that node has a `shared` key, or say a payment was
// made and it has a `paid` key, or tell a fear of telling and it has an `afraid` key, or only
// ask what to do now and it has a `next` key, or tell only the writer's fear ("im so scared")
// and it has a `scared` key, or the writer's self-blame ("its all my fault") and it has a
// `blamed` key; else nil. A plan to meet ("he wants to meet me on saturday") and a `meeting`
// key come before all of these. soft is true for the fear of telling, what to do now, the
// fear and the self-blame: words a rule may read as a wish to talk or a question, which the
// steps answer here.
func (t *turn) onward(a safety.Assessment) (cur *content.Node, next string, soft bool) {
	story := t.e.lib.Node(t.st.Story)
	cur = t.e.lib.Node(t.st.Node)
	if cur == nil {
		// An article or the menu read after the story: its steps still hear what is typed
		// ("aku udah transfer 200rb" after the article on being threatened had got the whole
		// first reply again).
		cur = story
	}
	if cur == nil {
		return nil, "", false
	}
	shared, paid, afraid, scared, blamed, meeting := cur.Shared, cur.Paid, cur.Afraid, cur.Scared, cur.Blamed, cur.Meeting
	// A step of the sextortion steps ("what should I save?") hears a payment or the pictures
	// sent as its first node does: "i already paid him" had got the whole first reply again
	// there; so does any node read after the story was told (a fear met, another path's
	// reply).
	for _, from := range []*content.Node{t.e.lib.Node(cur.StepOf), story} {
		if from == nil || from == cur {
			continue
		}
		if shared == "" && from.Shared != cur.ID {
			shared = from.Shared
		}
		if paid == "" && from.Paid != cur.ID {
			paid = from.Paid
		}
		if afraid == "" && from.Afraid != cur.ID {
			afraid = from.Afraid
		}
		if scared == "" && from.Scared != cur.ID {
			scared = from.Scared
		}
		if blamed == "" && from.Blamed != cur.ID {
			blamed = from.Blamed
		}
		if meeting == "" && from.Meeting != cur.ID {
			meeting = from.Meeting
		}
	}
	switch {
	case a.Meeting && meeting != "" && meeting != cur.ID:
		return cur, meeting, false
	case a.Shared && shared != "":
		return cur, shared, false
	case a.Paid && paid != "":
		return cur, paid, false
	case a.AfraidToTell && afraid != "" && afraid != cur.ID:
		return cur, afraid, true
	case a.WhatNext && cur.Next != "":
		return cur, cur.Next, true
	case a.Scared && scared != "" && scared != cur.ID:
		return cur, scared, true
	case a.Blamed && blamed != "" && blamed != cur.ID:
		return cur, blamed, true
	}
	return nil, "", false
}

// meetingOf returns the node for a plan to meet (the `meeting` key of the node id names)
// when the words tell one, else id: "he wants to meet me saturday, dont tell my mum" typed
// first gets what to do before that day, not only the grooming reply's line on meeting.
func (t *turn) meetingOf(a safety.Assessment, id string) string {
	if n := t.e.lib.Node(id); a.Meeting && n != nil && n.Meeting != "" {
		return n.Meeting
	}
	return id
}

// aboutThePlan reports whether words typed on the reply for a meeting are about that plan:
// more of it, or nothing a rule read as something else (a backstop's guess, "not
// understood", the writer's fear, what to do now). A payment, pictures sent, a fear of
// telling, self-blame or a promise go on to their own steps (see onward); a rule's reading
// of a question or a wish to talk to someone gets its answer.
func aboutThePlan(a safety.Assessment) bool {
	if a.Meeting {
		return true
	}
	if a.Crisis || a.Paid || a.Shared || a.AfraidToTell || a.Blamed || a.Promise || a.Menu || a.Thanks || a.Ack {
		return false
	}
	return !a.Matched || a.Guessed() || a.Intent == safety.OffTopic || a.Scared || a.WhatNext
}

// adult reports whether a parent or a teacher is writing (by the audience question, or words
// that said so).
func (t *turn) adult() bool { return t.st.Audience == "parent" || t.st.Audience == "school" }

// isMeeting reports whether n is the reply for a meeting of the path it is a step of, or of
// the story told.
func (t *turn) isMeeting(n *content.Node) bool {
	for _, from := range []*content.Node{t.e.lib.Node(n.StepOf), t.e.lib.Node(t.st.Story)} {
		if from != nil && from.Meeting == n.ID {
			return true
		}
	}
	return false
}

// onStory reports whether the conversation is on n, on its steps for after paying or after the
// pictures were sent, or on one of its step-by-step nodes (step_of): where more of n's story
// gets its short word, not its whole first reply again.
func (t *turn) onStory(n *content.Node) bool {
	return t.st.Node != "" && t.samePath(n.ID, t.st.Node)
}

// fromStory reports whether the conversation is on the story's path (onStory) or on a reply
// typed words led to from it: its fear of telling, fear or self-blame met.
func (t *turn) fromStory(story *content.Node) bool {
	if t.onStory(story) {
		return true
	}
	switch t.st.Node {
	case "":
		return false
	case story.Afraid, story.Scared, story.Blamed:
		return true
	}
	return false
}

// again says a node's short word for more of the same story (its `again`) with its buttons.
func (t *turn) again(n *content.Node) {
	t.say(t.text0(n.Again), n.Risky)
	t.buttons(n)
}

// onCrisisReply reports whether the conversation is on one of the crisis replies: the
// writer's, danger from a person's, a friend's, or the audience's own.
func (t *turn) onCrisisReply() bool {
	f := t.e.lib.Flow
	switch t.st.Node {
	case "":
		return false
	case f.Crisis, f.Danger, f.FriendCrisis, t.route(safety.Crisis):
		return true
	}
	return false
}

// promisedOf returns the node a promise of secrecy typed on n leads to: n's own, or that of
// the first node of the path n is a step of.
func (t *turn) promisedOf(n *content.Node) string {
	if n.Promised != "" {
		return n.Promised
	}
	if first := t.e.lib.Node(n.StepOf); first != nil {
		return first.Promised
	}
	return ""
}

// samePath reports whether the node a reading routes to is the node id, goes on to it (the
// sextortion steps and their steps for after paying or after the pictures were sent), or is
// the first node of the path id is a step of.
func (t *turn) samePath(route, id string) bool {
	if route == id {
		return true
	}
	n := t.e.lib.Node(route)
	if n == nil {
		return false
	}
	cur := t.e.lib.Node(id)
	return n.Paid == id || n.Shared == id || (cur != nil && cur.StepOf == route)
}

// goesOn reports whether typed words lead on from the node the conversation is on (onward):
// a payment made, the pictures sent, a fear of telling, a fear told alone, or what to do now.
func (t *turn) goesOn(a safety.Assessment) bool {
	cur, _, _ := t.onward(a)
	return cur != nil
}

// opensWithCrisisLine reports whether a node's first message carries the crisis contacts.
func (t *turn) opensWithCrisisLine(id string) bool {
	n := t.e.lib.Node(id)
	if n == nil {
		return false
	}
	shown := n.Shown(t.e.model)
	return len(shown) > 0 && slices.Contains(shown[0].Contacts, content.KindCrisis)
}

// notUnderstood answers typed words nothing understood (or, on a help path, read as
// off-topic). Words typed on a help path ("what do I do?" after the grooming steps) get the
// fallback's words and contacts with that node's buttons, so the next steps stay at hand (the
// story's short word instead of the fallback's, once a story was told); anything else the
// fallback node.
func (t *turn) notUnderstood() {
	fallback, on := t.e.lib.Node(t.e.lib.Flow.Fallback), t.onHelpPath()
	if fallback == nil || on == nil {
		t.enter(t.e.lib.Flow.Fallback, false)
		return
	}
	if story := t.e.lib.Node(t.st.Story); story != nil && story.Again != "" && !t.onCrisisReply() && t.fromStory(story) {
		// Words not understood on the story's steps, or on a reply its words led to ("what if
		// she actually posts it" after "it's not your fault"), are most likely more of it: the
		// story's short word (what was said still holds, keep telling me), not "I'm not sure I
		// understood", with the fallback's emergency number and the crisis line. (Not after a
		// crisis reply, nor on another path: there the fallback stands.)
		t.message(content.Message{Text: story.Again, Contacts: []string{content.KindEmergency}}, story.Risky)
		t.crisisLine()
		t.buttons(on)
		return
	}
	for _, m := range fallback.Shown(t.e.model) {
		t.message(m, fallback.Risky)
	}
	t.buttons(on) // the conversation stays on that node
}

// introduced answers words nothing understood that said who is writing ("I teach year 9",
// "soy mamá de una niña de 13 años"), off any help path: the flow's `introduced` words, which
// keep the fallback's contacts (what was not understood may still be a crisis: "im 13 and
// something bad happened"), with that audience's menu buttons under them. The audience must be
// a rule's reading of this message and the one the conversation holds; else it reports false.
func (t *turn) introduced(a safety.Assessment) bool {
	id := t.e.lib.Flow.Introduced
	n, menu := t.e.lib.Node(id), t.e.lib.Node(t.e.lib.Flow.Menus[a.Audience])
	if n == nil || menu == nil || a.AudienceGuessed || a.Audience == "unknown" || a.Audience != t.st.Audience || t.onHelpPath() != nil {
		return false
	}
	t.enter(id, false)
	t.buttons(menu)
	t.st.Node = menu.ID // the conversation is at that menu now
	return true
}

// hesitant answers a first step toward telling ("idk how to say this", "please don't judge
// me"): the flow's Hesitant words (which keep the fallback's contacts: what follows may be a
// crisis), then the buttons of the help path the conversation is on, which it stays on; else
// those of the writer's menu when the conversation knows who writes; else the node's own. A
// second hedge in a row off a help path gets the node's short `again` word with the same
// buttons, not the whole reply once more. It reports false when the flow has no such node.
func (t *turn) hesitant() bool {
	n := t.e.lib.Node(t.e.lib.Flow.Hesitant)
	if n == nil {
		return false
	}
	on := t.onHelpPath()
	buttons := on
	if on == nil {
		buttons = n
		if menu := t.e.lib.Node(t.e.lib.Flow.Menus[t.st.Audience]); menu != nil && menu.Ask == "" && len(menu.Buttons) > 0 {
			buttons = menu
		}
		if t.st.Node == n.ID && n.Again != "" {
			t.say(t.text0(n.Again), n.Risky)
			t.buttons(buttons)
			return true
		}
	}
	for _, m := range n.Shown(t.e.model) {
		t.message(m, n.Risky)
	}
	t.buttons(buttons)
	if on == nil {
		t.st.Node = n.ID // at its words, with the menu's buttons: a second hedge is known
	}
	return true
}

// onHelpPath returns the node the conversation is on when it is a help path (risky, with
// buttons to go on), else nil. There, words read as off-topic ("ok and then?") are answered as
// words not understood, not with the redirect for people who came for something else.
func (t *turn) onHelpPath() *content.Node {
	if n := t.e.lib.Node(t.st.Node); n != nil && n.Risky && len(n.Buttons) > 0 {
		return n
	}
	return nil
}

func (t *turn) route(intent safety.Intent) string {
	aud := t.st.Audience
	if aud == "" {
		aud = "unknown"
	}
	return content.RouteFor(t.e.lib.Flow, string(intent), aud)
}

// answer gives the first of the articles found for a question that is written for who is
// asking (ArticleFirst). A model's phrasing is of the first article found, so it is used only
// when that is the one given.
func (t *turn) answer(a safety.Assessment, slugs []string, phrased string) bool {
	ordered := ArticleFirst(t.e.lib, t.st.Audience, a, slugs)
	if ordered[0] != slugs[0] {
		phrased = ""
	}
	return t.article(ordered[0], phrased)
}

// article answers with an article's short form (or a model's guarded phrasing of it) and a
// button to read all of it.
func (t *turn) article(slug, phrased string) bool {
	a := t.e.lib.Article(t.st.Lang, slug)
	if a == nil {
		return false
	}
	t.st.Node = ""
	t.events = append(t.events, "path:learn")
	if slug == t.lastArticle {
		// The same article met again at once ("what should i say to her", then "do i need to
		// tell her parents"): its short form did not answer, and the same words twice would
		// not either. The whole article follows, as its button gives it.
		t.whole(a)
		return true
	}
	t.st.Answered = slug
	answer := a.Summary
	if phrased != "" {
		answer = phrased
	}
	t.replies = append(t.replies, Reply{Text: a.Title + "\n\n" + answer, Answer: a.Slug})
	t.attach([][]Button{
		{{Label: t.text0("btn.read_more"), Data: dataMore + a.Slug}},
		{{Label: t.text0("btn.back_to_menu"), Data: dataGoto + menuTarget}},
	})
	return true
}

// whole says all of an article, with the way back to the menu.
func (t *turn) whole(a *content.Article) {
	t.say(a.Title+"\n\n"+a.Body, false)
	t.attach([][]Button{{{Label: t.text0("btn.back_to_menu"), Data: dataGoto + menuTarget}}})
}

// crisisLine says the fallback's words for the crisis line ("if you're thinking about hurting
// yourself...") with the crisis contacts.
func (t *turn) crisisLine() {
	t.message(content.Message{Text: "fallback.crisis", Contacts: []string{content.KindCrisis}}, true)
}

// maybeCrisis adds the crisis contacts to the answer when the backstop model, not the rules,
// finds the message likely a crisis: nothing is interrupted, but help is one glance away.
func (t *turn) maybeCrisis(a safety.Assessment) {
	if !a.CrisisMaybe || a.Crisis || a.Intent == safety.Crisis {
		return
	}
	for _, r := range t.replies {
		for _, k := range r.Contacts {
			if k == content.KindCrisis {
				return // already given
			}
		}
	}
	t.crisisLine()
}

// says reports an intent that is about something, not a greeting or an aside.
func says(i safety.Intent) bool { return i != safety.Greeting && i != safety.OffTopic }

// risky intents go straight to their scripted help even in the middle of a question.
func risky(i safety.Intent) bool {
	switch i {
	case safety.Crisis, safety.Sextortion, safety.Enticement, safety.ImageRemoval, safety.Report, safety.HarmfulRequest:
		return true
	}
	return false
}

func (t *turn) menu() {
	aud := t.st.Audience
	if aud == "" {
		aud = "unknown"
	}
	t.enter(t.e.lib.Flow.Menus[aud], false)
}

func (t *turn) clearQuestion() {
	if t.st.Awaiting == "form" {
		t.form.Drop = true // a form left half-done keeps nothing
	}
	t.st.Awaiting, t.st.Then, t.st.Check, t.st.CheckYes = "", "", 0, false
}

// answered closes the open question and continues where the flow said.
func (t *turn) answered(question string) {
	then := t.st.Then
	if t.st.Awaiting == "" || (t.st.Awaiting != question && !(question == "region" && t.st.Awaiting == "region_typed")) {
		then = ""
	}
	t.clearQuestion()
	if then == "" {
		if question == "region" && t.st.Resume != "" {
			return
		}
		t.menu()
		return
	}
	t.enter(then, true)
}

func (t *turn) setRegion(code string) {
	t.st.Region = code
	t.say(strings.ReplaceAll(t.text0("region.set"), "{country}", RegionName(t.st.Lang, code)), false)
	if id := t.st.Resume; id != "" {
		t.st.Resume = ""
		if n := t.e.lib.Node(id); n != nil {
			// Only the words that introduce the contacts: the rest of those messages was
			// said just before ("I'm really glad you told me…" came twice).
			for _, m := range n.Shown(t.e.model) {
				if len(m.Contacts) > 0 {
					text := ""
					if m.Text != "" {
						text = leadIn(t.text0(m.Text))
					}
					t.messageWith(text, m, n.Risky)
				}
			}
			// Asked because those steps needed the country: back to them (or to the step of
			// them the person went on to), with their buttons ("I already paid", "How do I
			// tell someone?"), not to the menu, so what is typed next is read where the
			// person was.
			if t.st.Then == "" {
				t.clearQuestion()
				if cur := t.e.lib.Node(t.st.Node); cur == nil || cur.StepOf != id {
					t.st.Node = id
				}
				t.buttons(t.e.lib.Node(t.st.Node))
				return
			}
		}
	}
	t.answered("region")
}

// enter shows a node. viaThen is true when the flow continued here by itself; an ask node
// whose answer is already known is then skipped, while a person who asked for it (a button,
// a command) is always asked again.
func (t *turn) enter(id string, viaThen bool) {
	if id == menuTarget {
		t.menu()
		return
	}
	t.depth++
	n := t.e.lib.Node(id)
	if n == nil || t.depth > maxChain {
		return
	}
	t.st.Node = id
	// A node with its own short word starts a story, unless it is a step of one already told
	// (the reply for a meeting, after the sextortion steps): what that story's steps hear
	// ("i already paid him") is still heard there.
	if n.Again != "" && (n.StepOf == "" || t.st.Story == "") {
		t.st.Story = id
	}
	if n.Ask != "" && viaThen && t.known(n.Ask) {
		t.enter(n.Then, true)
		return
	}
	if n.Action == "school_new" && t.st.Region == "" {
		t.askSchoolRegion(n) // the links carry the region: ask first, then come back here
		return
	}
	if n.Count != "" {
		t.events = append(t.events, "path:"+n.Count)
	}
	for _, m := range n.Shown(t.e.model) {
		t.message(m, n.Risky)
	}
	if n.Action != "" {
		t.action(n)
		if t.st.Awaiting != "" {
			return // the action asked a question first
		}
	}
	if n.Risky && t.st.Region == "" && needsRegion(n) {
		t.general = true
		// A step of the path whose first reply is waiting for the country keeps that reply
		// waiting: its contacts hold the step's and more (the emergency number, which the
		// step after paying does not give).
		// A step with its own short word (the reply for a meeting) is a reply of its own,
		// with contacts the first node does not give: it is the one to resume.
		if t.st.Resume == "" || n.StepOf != t.st.Resume || n.Again != "" {
			t.st.Resume = id
		}
	}
	switch {
	case n.Ask != "":
		t.st.Awaiting, t.st.Then = n.Ask, n.Then
		t.askChoices(n.Ask)
		return
	case n.Check != nil:
		t.st.Awaiting, t.st.Check, t.st.CheckYes = "check", 0, false
		t.askCheck(n, 0)
		return
	case n.Form != nil:
		t.startForm(n)
		return
	}
	if n.Share != nil {
		t.shareOpener(n, 0) // with the node's buttons
	} else {
		t.buttons(n)
	}
	if n.Then != "" {
		t.enter(n.Then, true)
	}
}

func (t *turn) known(question string) bool {
	switch question {
	case "audience":
		return t.st.Audience != ""
	case "region":
		return t.st.Region != ""
	case "language":
		return t.st.Lang != ""
	}
	return false
}

// needsRegion reports whether a node hands over help contacts that depend on the country.
func needsRegion(n *content.Node) bool {
	for _, m := range n.Say {
		for _, k := range m.Contacts {
			// Prevention help comes with the refusal of a harmful request: it works from
			// anywhere when the country is unknown, and a country question after a refusal
			// would swallow the next message of a young person the rules misread.
			if k != content.KindPrevention {
				return true
			}
		}
	}
	return false
}

// askRegionIfNeeded ends a turn that gave contacts without knowing the region: the person got
// the contacts that work from anywhere, and now a question to get the right local ones. A
// turn that gave no contacts does not ask again: a teen who went on past the question got
// it under every reply. A country typed later is still taken (see text).
func (t *turn) askRegionIfNeeded() {
	if !t.general || t.st.Resume == "" || t.st.Region != "" || t.st.Awaiting != "" {
		return
	}
	t.st.Awaiting = "region"
	t.say(t.text0("region.needed"), false)
	t.askRegion()
}

func (t *turn) askChoices(question string) {
	switch question {
	case "audience":
		var row [][]Button
		for _, a := range []string{"teen", "parent", "school"} {
			row = append(row, []Button{{Label: t.text0("audience." + a), Data: dataAudience + a}})
		}
		t.attach(row)
	case "region":
		t.askRegion()
	case "language":
		var rows [][]Button
		for _, lang := range t.e.lib.Langs() {
			rows = append(rows, []Button{{Label: t.e.lib.Locales[lang].Name, Data: dataLang + lang}})
		}
		t.attach(rows)
	}
}

// askRegion offers the locale's suggested countries, two a row, and "another country".
func (t *turn) askRegion() {
	loc := t.e.lib.Locale(t.st.Lang)
	regions := make([]Button, len(loc.Regions))
	for i, code := range loc.Regions {
		regions[i] = Button{Label: RegionName(t.st.Lang, code), Data: dataRegion + code}
	}
	rows := append(twoARow(regions), []Button{{Label: t.text0("btn.other_country"), Data: dataRegion + "other"}})
	t.attach(rows)
}

// twoARow lays buttons out two a row: short choices fit side by side on a phone.
func twoARow(buttons []Button) [][]Button {
	var rows [][]Button
	for len(buttons) > 2 {
		rows = append(rows, buttons[:2:2])
		buttons = buttons[2:]
	}
	if len(buttons) > 0 {
		rows = append(rows, buttons)
	}
	return rows
}

func (t *turn) askCheck(n *content.Node, i int) {
	t.say(t.text0(n.Check.Questions[i]), n.Risky)
	prefix := fmt.Sprintf("%s%s:%d:", dataCheck, n.ID, i)
	t.attach([][]Button{{
		{Label: t.text0("btn.yes"), Data: prefix + "y"},
		{Label: t.text0("btn.no"), Data: prefix + "n"},
	}})
}

// checkAnswer handles "node:question:y|n". An answer to a question that is no longer open
// (an old message) restarts nothing; it returns false and the person gets the menu.
func (t *turn) checkAnswer(arg string) bool {
	parts := strings.Split(arg, ":")
	if len(parts) != 3 || t.st.Awaiting != "check" || t.st.Node != parts[0] {
		return false
	}
	i, err := strconv.Atoi(parts[1])
	n := t.e.lib.Node(parts[0])
	if err != nil || n == nil || n.Check == nil || i != t.st.Check || (parts[2] != "y" && parts[2] != "n") {
		return false
	}
	if parts[2] == "y" {
		t.st.CheckYes = true
	}
	if i+1 < len(n.Check.Questions) {
		t.st.Check = i + 1
		t.askCheck(n, i+1)
		return true
	}
	next := n.Check.No
	if t.st.CheckYes {
		next = n.Check.Yes
	}
	t.clearQuestion()
	t.enter(next, false)
	return true
}

func (t *turn) buttons(n *content.Node) {
	if len(n.Buttons) == 0 {
		return
	}
	rows := make([][]Button, 0, len(n.Buttons))
	for _, b := range n.Buttons {
		rows = append(rows, []Button{{Label: t.text0(b.Label), Data: dataGoto + b.Goto}})
	}
	t.attach(rows)
}

// dropButtonsTo removes, from the replies so far, the buttons that lead to node id.
func (t *turn) dropButtonsTo(id string) {
	for i := range t.replies {
		rows := t.replies[i].Buttons[:0]
		for _, row := range t.replies[i].Buttons {
			row = slices.DeleteFunc(row, func(b Button) bool { return b.Data == dataGoto+id })
			if len(row) > 0 {
				rows = append(rows, row)
			}
		}
		t.replies[i].Buttons = rows
	}
}

// attach puts buttons under the last reply, or under a new one if the last already has some.
func (t *turn) attach(rows [][]Button) {
	last := t.lastReply()
	if last != nil && onlyLinks(last.Buttons) {
		last.Buttons = append(last.Buttons, rows...) // the links, then the choices
		return
	}
	if last == nil || len(last.Buttons) > 0 {
		// Telegram hangs buttons on a message; give them a short prompt of their own.
		t.replies = append(t.replies, Reply{Text: t.text0("prompt.choose")})
		last = t.lastReply()
	}
	last.Buttons = rows
}

// onlyLinks reports whether every button opens a website (none is a choice).
func onlyLinks(rows [][]Button) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.URL == "" {
				return false
			}
		}
	}
	return len(rows) > 0
}

func (t *turn) lastReply() *Reply {
	if len(t.replies) == 0 {
		return nil
	}
	return &t.replies[len(t.replies)-1]
}

func (t *turn) say(text string, risky bool) {
	t.replies = append(t.replies, Reply{Text: text, Risky: risky})
}

// text0 is the current language's string for key, in its adult variant for a parent or
// school staff member where the locale has one.
func (t *turn) text0(key string) string { return t.e.lib.TextFor(t.st.Lang, key, t.st.Audience) }
