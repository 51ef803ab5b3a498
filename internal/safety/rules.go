package safety

import (
	"context"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// priority decides between intents when a message matches several: the most specific and
// most urgent first. "my friend is being blackmailed" is about helping a friend.
// A question about reporting goes to reporting help even when it names grooming or an
// image; a sextortion never waits behind it (its first reply carries the crisis line).
var priority = []Intent{HarmfulRequest, Injection, Friend, Sextortion, Report, Enticement, ImageRemoval,
	TalkToSomeone, Learn, Greeting}

// Rules assesses messages with the per-language lexicons in content/lexicon. It is the
// assessor that always works: no model, no network, no state.
type Rules struct {
	langs map[string]*lexicon
	order []string // language codes, sorted
	vocab *vocab   // where every section below files its phrases
	// anyCrisis holds the crisis rules of every language in one index, a part per language
	// (in order): one pass tells which languages' crisis rules match, and most messages stop
	// there. (Reading one all-language index, and again once hard negatives are blanked,
	// instead of each language's own crisis rules in turn took 9 % off Assess, 2026-11-29;
	// measured before the parts per language were added, not since.)
	anyCrisis *section
	// everydayPart is anyCrisis's part (a bit of matchParts) that holds each crisis rule with
	// everyday exceptions, without them (see withoutEveryday): what a crisis rule would match
	// but for an everyday word. Its rules are read in the same pass as the crisis rules (a
	// section of their own, read apart, took ~10 % more time per message). 0 when no lexicon
	// lists everyday words.
	everydayPart uint64
	// anyNotCrisis holds every language's hard negatives: a crisis rule of one language must
	// not fire on an idiom another language's lexicon already knows is harmless ("essay about
	// suicide prevention" matches a Spanish "suicid*" stem).
	anyNotCrisis *section
	// anyDanger holds every language's danger rules (content.Lexicon.Danger), which are also
	// among its crisis rules: a crisis they match is one of danger from a person.
	anyDanger *section
	// backstopBlank holds the hard negatives and every language's plain questions about the
	// bot (Lexicon.About): what the sure crisis backstops do not read.
	backstopBlank *section
	// anyExcepted holds every crisis rule without its "must not" groups: what a crisis rule
	// would match but for its exceptions.
	anyExcepted *section
	// anyScared holds the phrases of every language's rules for the writer's own fear ("im so
	// scared", "tengo mucho miedo"; content.Lexicon.Scared), exceptions aside: taken out before
	// the crisis backstops read a message a Scared rule read (see withoutFear).
	anyScared *section
	// anyDeadline holds every language's deadlines a threat sets ("antes de esta noche", "by
	// tonight"; content.Lexicon.Deadline): taken out before the crisis backstops read a message
	// a sextortion rule read (see threatDeadline).
	anyDeadline *section
	// anyPlanTime holds the time words of every language's rules for an everyday plan ("ce
	// soir", "tonight"; the first group of each line of content.Lexicon.Plans): taken out
	// before the crisis backstops read a message a Plans rule read (see planTime).
	anyPlanTime *section
	soft        *softCrisis // the crisis backstop learnt from the labelled examples (nil without any)
	sure        *softCrisis // the crisis backstop trusted to flag alone (nil without examples)
	sureLogit   *logistic   // the second one, for what the first left (nil without examples)
	charLogit   *logistic   // the third, over character n-grams too (nil without examples)
	storyLogit  *logistic   // the fourth, for stories no crisis rule or backstop flagged (see softCrisisStory)
	danger      *logistic   // tells a crisis of danger from a person from the rest (see softDanger)
	crisisSx    *logistic   // tells a sextortion told with a crisis from the other crises (see softCrisisSextortion)
	softSx      *softCrisis // the sextortion backstop, for messages no rule understood
	sxLogit     *logistic   // the second, for sextortion stories rules read as little or a removal
	model       *langModel  // character n-grams of each language, for Detect and Guess
	softIn      *softIntent // the intent backstop, for messages no rule understood
	softAud     *softIntent // the audience backstop, for messages no audience rule matched
	labelRows   *rowIndex   // the feature rows softIn and softAud share
}

type lexicon struct {
	stops map[string]bool // common words, to tell the language of a text
	// topics holds the intent and audience rules in one index: one pass over a message
	// tells every intent and audience it matches (parts numbered by topicPart).
	topics *section
	// alone maps whole messages (their words joined by spaces) to the intent they mean when
	// nothing else is typed (content.Lexicon.Alone).
	alone map[string]Intent
	// menu holds whole messages (words joined by spaces) that ask for the menu.
	menu map[string]bool
	// thanks holds whole messages that only thank, ack those that only acknowledge.
	thanks, ack map[string]bool
	// greets holds the greetings of two or more words ("selamat malam", "buenas noches"):
	// typed as the whole message, they tell its language (see byRules).
	greets map[string]bool
}

// topics are the parts of a lexicon's topics index: the intents, then the audiences.
var topics = append(append([]string(nil), intentNames()...), "audience:parent", "audience:school", "audience:teen", topicAbout, topicPaid, topicHesitant, topicNoDemand, topicQuestion, topicScam, topicSomeoneElse, topicShared, topicWhatNext, topicPromised, topicAfraid, topicScared, topicBlame, topicMeeting, topicPlans)

// topicAbout is the part of a lexicon's topics index that holds its About rules, topicPaid
// the part with its Paid rules.
const (
	topicAbout = "about"
	topicPaid  = "paid"
	// topicHesitant holds a lexicon's Hesitant rules, topicNoDemand its NoDemand rules.
	topicHesitant = "hesitant"
	topicNoDemand = "no_demand"
	// topicQuestion holds a lexicon's Questions rules, which are among its learn rules too.
	topicQuestion = "question"
	// topicScam holds a lexicon's Scams rules, which are among its off_topic rules too.
	topicScam = "scam"
	// topicSomeoneElse holds a lexicon's SomeoneElse rules.
	topicSomeoneElse = "someone_else"
	// topicShared holds a lexicon's Shared rules.
	topicShared = "shared"
	// topicWhatNext holds a lexicon's WhatNext rules.
	topicWhatNext = "what_next"
	// topicPromised holds a lexicon's Promised rules.
	topicPromised = "promised"
	// topicAfraid holds a lexicon's AfraidToTell rules.
	topicAfraid = "afraid_to_tell"
	// topicScared holds a lexicon's Scared rules.
	topicScared = "scared"
	// topicBlame holds a lexicon's Blame rules.
	topicBlame = "blame"
	// topicMeeting holds a lexicon's Meeting rules.
	topicMeeting = "meeting"
	// topicPlans holds a lexicon's Plans rules.
	topicPlans = "plans"
)

func intentNames() []string {
	names := make([]string, 0, len(priority)+1)
	for _, in := range priority {
		names = append(names, string(in))
	}
	return append(names, string(OffTopic), string(Crisis))
}

// topicBits holds the bit of each topic ("sextortion", "audience:parent") in matchParts'
// answer.
var topicBits = func() map[string]uint64 {
	m := map[string]uint64{}
	for i, t := range topics {
		m[t] = 1 << uint(i)
	}
	return m
}()

// topicBit is the bit of a topic, 0 for one that is not a topic.
func topicBit(topic string) uint64 { return topicBits[topic] }

// rule is what one lexicon line asks for: every group of all must be found somewhere in the
// message, in any order, and no group of none; a group is found when any of its phrases is.
//
//	"unless i pay"                          one group, one phrase
//	"post|share|leak + nudes|pics|photo*"    two groups: a verb and a noun, anywhere
//	"show|send + pics + !baby|bath|crush"    and none of these words anywhere
type rule struct {
	all  [][]phrase
	none [][]phrase
}

// phrase is a sequence of normalised words; a word ending in "*" matches any word that starts
// with it, and "?" matches any one word.
type phrase []string

// NewRules compiles the library's lexicons.
func NewRules(lib *content.Library) *Rules {
	r := &Rules{langs: map[string]*lexicon{}, vocab: newVocab()}
	var allNotCrisis, allExcepted, allEveryday, allAboutBlank, allDanger, allDeadline, allScared, allPlanTime []rule
	crisisOf := map[string][]rule{} // each language's crisis rules
	for lang, src := range lib.Lexicons {
		lx := &lexicon{stops: map[string]bool{}, alone: map[string]Intent{}, menu: map[string]bool{}, thanks: map[string]bool{}, ack: map[string]bool{}}
		for _, m := range src.Menu {
			lx.menu[strings.Join(Tokens(m), " ")] = true
		}
		for _, m := range src.Thanks {
			lx.thanks[strings.Join(Tokens(m), " ")] = true
		}
		for _, m := range src.Ack {
			lx.ack[strings.Join(Tokens(m), " ")] = true
		}
		for intent, msgs := range src.Alone {
			for _, m := range msgs {
				lx.alone[strings.Join(Tokens(m), " ")] = Intent(intent)
			}
		}
		lx.greets = wholeGreetings(src.Intents[string(Greeting)])
		parts := make([][]rule, len(topics))
		for _, w := range src.Stopwords {
			for _, t := range Tokens(w) {
				lx.stops[t] = true
			}
		}
		for intent, ps := range src.Intents {
			if i := bits.TrailingZeros64(topicBit(intent)); i < len(topics) {
				parts[i] = compileRules(ps)
			}
		}
		dangerRules := compileRules(src.Danger)
		allDanger = append(allDanger, dangerRules...)
		crisis := append(compileRules(src.Crisis), dangerRules...)
		crisisOf[lang] = crisis
		everyday := compile(src.Everyday)
		for _, cr := range crisis {
			allExcepted = append(allExcepted, rule{all: cr.all})
			if plain, ok := withoutEveryday(cr, everyday, lx.stops); ok {
				allEveryday = append(allEveryday, plain)
			}
		}
		allNotCrisis = append(allNotCrisis, phraseRules(src.NotCrisis)...)
		allDeadline = append(allDeadline, phraseRules(src.Deadline)...)
		for aud, ps := range src.Audience {
			if i := bits.TrailingZeros64(topicBit("audience:" + aud)); i < len(topics) {
				parts[i] = compileRules(ps)
			}
		}
		about := compileRules(src.About)
		parts[bits.TrailingZeros64(topicBit(topicAbout))] = about
		for _, ar := range about {
			if len(ar.all) == 1 { // a plain list of questions: taken out before the sure backstops
				for _, p := range ar.all[0] {
					allAboutBlank = append(allAboutBlank, rule{all: [][]phrase{{p}}})
				}
			}
		}
		parts[bits.TrailingZeros64(topicBit(topicPaid))] = compileRules(src.Paid)
		parts[bits.TrailingZeros64(topicBit(topicHesitant))] = compileRules(src.Hesitant)
		parts[bits.TrailingZeros64(topicBit(topicNoDemand))] = compileRules(src.NoDemand)
		parts[bits.TrailingZeros64(topicBit(topicSomeoneElse))] = compileRules(src.SomeoneElse)
		parts[bits.TrailingZeros64(topicBit(topicShared))] = compileRules(src.Shared)
		parts[bits.TrailingZeros64(topicBit(topicWhatNext))] = compileRules(src.WhatNext)
		parts[bits.TrailingZeros64(topicBit(topicPromised))] = compileRules(src.Promised)
		parts[bits.TrailingZeros64(topicBit(topicAfraid))] = compileRules(src.AfraidToTell)
		parts[bits.TrailingZeros64(topicBit(topicBlame))] = compileRules(src.Blame)
		parts[bits.TrailingZeros64(topicBit(topicMeeting))] = compileRules(src.Meeting)
		plans := compileRules(src.Plans)
		parts[bits.TrailingZeros64(topicBit(topicPlans))] = plans
		for _, pr := range plans {
			for _, p := range pr.all[0] { // the time words: what the backstops do not read
				allPlanTime = append(allPlanTime, rule{all: [][]phrase{{p}}})
			}
		}
		scared := compileRules(src.Scared)
		parts[bits.TrailingZeros64(topicBit(topicScared))] = scared
		for _, sr := range scared {
			if len(sr.all) == 1 { // its phrases, without the exceptions: what the backstops do not read
				for _, p := range sr.all[0] {
					allScared = append(allScared, rule{all: [][]phrase{{p}}})
				}
			}
		}
		questions := compileRules(src.Questions)
		parts[bits.TrailingZeros64(topicBit(topicQuestion))] = questions
		learn := bits.TrailingZeros64(topicBit(string(Learn)))
		parts[learn] = append(parts[learn], questions...)
		scams := compileRules(src.Scams)
		parts[bits.TrailingZeros64(topicBit(topicScam))] = scams
		offTopic := bits.TrailingZeros64(topicBit(string(OffTopic)))
		parts[offTopic] = append(parts[offTopic], scams...)
		lx.topics = newParts(r.vocab, parts)
		r.langs[lang] = lx
		r.order = append(r.order, lang)
	}
	sort.Strings(r.order)
	crisisParts := make([][]rule, len(r.order)) // one list per language, in r.order
	for i, lang := range r.order {
		crisisParts[i] = crisisOf[lang]
	}
	if len(allEveryday) > 0 {
		r.everydayPart = 1 << uint(len(crisisParts))
		crisisParts = append(crisisParts, allEveryday)
	}
	r.anyCrisis = newParts(r.vocab, crisisParts)
	r.anyNotCrisis = newSection(r.vocab, allNotCrisis)
	r.backstopBlank = newSection(r.vocab, append(append([]rule(nil), allNotCrisis...), allAboutBlank...))
	r.anyExcepted = newSection(r.vocab, allExcepted)
	r.anyDanger = newSection(r.vocab, allDanger)
	if len(allDeadline) > 0 {
		r.anyDeadline = newSection(r.vocab, allDeadline)
	}
	if len(allScared) > 0 {
		r.anyScared = newSection(r.vocab, allScared)
	}
	if len(allPlanTime) > 0 {
		r.anyPlanTime = newSection(r.vocab, allPlanTime)
	}
	charFeatures := memoFeatures(textFeatures) // the examples' features, for four backstops
	r.soft = newSoft(lib.Examples, isCrisis, softThreshold, charFeatures)
	sureOf := memoFeatures(sureTextFeatures) // the examples' features, for the two sure backstops
	r.sure = newSureCrisis(lib.Examples, sureOf)
	r.sureLogit = newLogistic(lib.Examples, isCrisis, sureOf, softCrisisLogistic)
	charSureOf := memoFeatures(func(text string) []uint32 {
		return sortedSet(append(slices.Clone(charFeatures(text)), sureOf(text)...))
	})
	r.charLogit = newLogistic(lib.Examples, isCrisis, charSureOf, softCrisisChars)
	crises := examplesWhere(lib.Examples, isCrisis)
	r.storyLogit = newLogistic(examplesWhere(lib.Examples, isStoryOrCrisis), isCrisis, charSureOf, softCrisisStory)
	r.danger = newLogistic(crises, isDanger, charSureOf, softDanger)
	r.crisisSx = newLogistic(crises, isSextortion, charSureOf, softCrisisSextortion)
	r.softSx = newSoft(lib.Examples, isSextortion, softSextortionThreshold, charFeatures)
	r.sxLogit = newLogistic(lib.Examples, isSextortion, charFeatures, softSextortionLogistic)
	r.model = newLangModel(lib, r.order)
	r.labelRows = newRowIndex(lib.Examples, charFeatures)
	r.softIn = newSoftLabels(lib.Examples, intentOf, softIntentMargin, charFeatures, r.labelRows)
	r.softAud = newSoftLabels(lib.Examples, audienceOf, softAudienceMargin, charFeatures, r.labelRows)
	return r
}

// compileRules reads lexicon lines: groups joined by " + ", alternatives by "|", a group
// that must not be found starting with "!".
func compileRules(src []string) []rule {
	out := make([]rule, 0, len(src))
	for _, line := range src {
		var r rule
		for _, group := range strings.Split(line, " + ") {
			group = strings.TrimSpace(group)
			not := strings.HasPrefix(group, "!")
			alts := compile(strings.Split(strings.TrimPrefix(group, "!"), "|"))
			switch {
			case len(alts) == 0:
			case not:
				r.none = append(r.none, alts)
			default:
				r.all = append(r.all, alts)
			}
		}
		if len(r.all) > 0 && len(r.all)+len(r.none) <= maxGroups {
			out = append(out, r)
		}
	}
	return out
}

// phraseRules reads lines of plain phrases ("a|b" lists several on one line) as rules of one
// phrase each: what a section blanks (the hard negatives, the deadlines).
func phraseRules(lines []string) []rule {
	var phrases []string
	for _, line := range lines {
		phrases = append(phrases, strings.Split(line, "|")...)
	}
	var out []rule
	for _, p := range compile(phrases) {
		out = append(out, rule{all: [][]phrase{{p}}})
	}
	return out
}

// maxGroups is the most groups a rule can have (a bit each in a word).
const maxGroups = 64

func compile(src []string) []phrase {
	out := make([]phrase, 0, len(src))
	for _, s := range src {
		var p phrase
		for _, w := range strings.Fields(strings.ToLower(s)) {
			star := strings.HasSuffix(w, "*") && len(w) > 1
			if w == "?" {
				p = append(p, "?")
				continue
			}
			toks := Tokens(strings.TrimSuffix(w, "*"))
			for i, t := range toks {
				if star && i == len(toks)-1 {
					t += "*"
				}
				p = append(p, t)
			}
		}
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// Assess implements Assessor. The text is read and forgotten; nothing is kept. The lexicon
// of lang is used first, then the English one: people mix languages, and crisis words must be
// caught in any language Lantern knows.
func (r *Rules) Assess(_ context.Context, text, lang string) Assessment {
	a := Assessment{Intent: OffTopic, Audience: "unknown", Lang: lang, Source: "rules"}
	var lexes []*lexicon
	if lx := r.langs[lang]; lx != nil {
		lexes = append(lexes, lx)
	} else {
		a.Lang = content.DefaultLang
	}
	if en := r.langs[content.DefaultLang]; en != nil && lang != content.DefaultLang {
		lexes = append(lexes, en)
	}
	if len(lexes) == 0 {
		return a
	}
	words := Tokens(text)

	// Crisis words are looked for in every language Lantern knows, in one index: a language
	// guessed wrong must never hide "I don't want to live". Hard negatives of every language
	// ("this homework is killing me") are blanked before the crisis rules look again (most
	// messages match no crisis rule at all: only those that do pay for the blanking).
	ix := r.vocab.read(words) // the words looked up once for every section
	var blanked *indexed
	everyday := false // a crisis rule would match but for an everyday exception
	if parts := r.anyCrisis.matchParts(ix); parts != 0 {
		blanked = r.anyNotCrisis.blank(ix)
		// A language's crisis rules must match with and without the hard negatives: one
		// language's harmless idiom blanked must not undo another's exception ("lol").
		parts &= r.anyCrisis.matchParts(blanked)
		a.Crisis = parts&^r.everydayPart != 0
		everyday = parts&r.everydayPart != 0
		a.Matched = a.Crisis
	}
	feats := features(words) // for the backstops
	var known []int32        // the rows of feats the intent and audience backstops know, once asked
	rows := func() []int32 {
		if known == nil {
			known = r.labelRows.known(feats)
		}
		return known
	}
	// The topics each lexicon finds, read once per lexicon and only when asked.
	var found [2]uint64
	var read [2]bool
	topicsOf := func(i int) uint64 {
		if !read[i] {
			found[i], read[i] = lexes[i].topics.matchParts(ix), true
		}
		return found[i]
	}
	// about reports a question about the bot in the lexicons up to the i-th (the message's
	// language, then English).
	about := func(upto int) bool {
		for i := 0; i <= upto && i < len(lexes); i++ {
			if topicsOf(i)&topicBit(topicAbout) != 0 {
				return true
			}
		}
		return false
	}
	// asked reports a reading of learn by a lexicon's Questions rules in a short message (a
	// question asked in general about an app's safety settings), which no sextortion
	// backstop overrides: the regressions read "is it safe to video call people from
	// discord" as a story of sextortion, on the words such stories share with it.
	// readBy reports whether a rule of topic t read the message in any of its lexicons.
	readBy := func(t string) bool {
		for i := range lexes {
			if topicsOf(i)&topicBit(t) != 0 {
				return true
			}
		}
		return false
	}
	asked := func() bool {
		return a.Intent == Learn && a.Source == "rules" && len(words) <= questionMaxWords && readBy(topicQuestion)
	}
	// scam reports a reading of off_topic by a lexicon's Scams rules (phishing with no
	// picture), which no sextortion backstop overrides: the regressions read
	// "an email says my netflix account will be suspended unless i update my payment" as a
	// threat with a demand. Only a message no other intent rule read is an off_topic one.
	scam := func() bool {
		return a.Intent == OffTopic && a.Source == "rules" && readBy(topicScam)
	}
	// Words that say nobody demands or threatens anything ("er will nichts von mir", "nobody is
	// blackmailing me"): no sextortion rule or backstop reads such a message (read once, and
	// only when one would).
	var noDemand, demandRead bool
	denied := func() bool {
		if !demandRead {
			for i := range lexes {
				noDemand = noDemand || topicsOf(i)&topicBit(topicNoDemand) != 0
			}
			demandRead = true
		}
		return noDemand
	}
	// What no crisis rule caught, the crisis backstops read: when sure they flag a crisis as a
	// rule would; when only likely, the reply adds the crisis contacts. A message a crisis rule
	// would match but for its exceptions ("got a rope" + climbing, a not_crisis idiom) was
	// decided on by the lexicon: one sure backstop does not overrule it, but when sure it
	// still adds the crisis contacts. Two reviews (2026-11-29) found exceptions of everyday
	// words ("party", "my mum", "the river") that kept real crises from any crisis help; on the
	// 21 blind rounds read before tuning this gave 5 more of 3,271 crisis messages the contacts,
	// and 6 more of 1,620 harmless ones (8 -> 14). Both sure backstops agreeing do overrule
	// it: a third review (2026-11-30) again found exceptions ("homework", "legs", "pharmacy")
	// hiding crises; on the 23 blind rounds read before tuning, 3,322 -> 3,328 of 3,635 crisis
	// messages flagged, 83 -> 85 of 1,740 harmless ones.
	crisisGuessed := false
	var sure []uint32 // the sure backstops' features of the message, nil if they do not read it
	var kept []string // the words they read
	if !a.Crisis {
		// (English questions too: "is this anonymous?" before a crisis in Persian)
		sureIx, sureBlanked := ix, blanked
		if r.threatDeadline(ix, topicsOf, len(lexes), denied) {
			sureIx = r.anyDeadline.blank(ix)
			sureBlanked = r.anyNotCrisis.blank(sureIx)
		}
		if calm, ok := r.withoutFear(sureIx, words, topicsOf, len(lexes)); ok {
			sureIx, sureBlanked = calm, r.anyNotCrisis.blank(calm)
		}
		if r.anyPlanTime != nil && readBy(topicPlans) {
			// An everyday plan told with a time ("ce soir je sors avec mes potes au ciné"):
			// the backstops learnt "ce soir" from crises, and read the plan without it.
			sureIx = r.anyPlanTime.blank(sureIx)
			sureBlanked = r.anyNotCrisis.blank(sureIx)
		}
		sure, kept = r.sureInput(text, sureIx, sureBlanked, about(1))
		switch sureSays := r.sure.likely(sure); {
		case sureSays && (!r.anyExcepted.match(ix) || r.sureLogit.likely(sure)):
			a.Crisis, a.CrisisGuessed, crisisGuessed = true, true, true
		case sureSays || r.soft.likely(feats):
			a.CrisisMaybe = true
		default:
			a.CrisisMaybe = everyday
		}
	}
	// Who is writing is read first: a parent or a teacher describing what was done to a
	// child is reporting harm, never asking for it, so harmful_request is not theirs.
	for i := range lexes {
		if a.Audience == "unknown" {
			for _, aud := range []string{"parent", "school", "teen"} {
				if topicsOf(i)&topicBit("audience:"+aud) != 0 {
					a.Audience = aud
					break
				}
			}
		}
	}
	for i := range lexes {
		for _, intent := range priority {
			if intent == HarmfulRequest && (a.Audience == "parent" || a.Audience == "school") {
				continue
			}
			// English greetings are not read into other languages: "yo" is Spanish for "I",
			// "hi" a Hindi particle.
			if intent == Greeting && i > 0 {
				continue
			}
			if intent == Sextortion && topicsOf(i)&topicBit(string(intent)) != 0 && denied() {
				continue
			}
			if topicsOf(i)&topicBit(string(intent)) != 0 {
				a.Intent, a.Matched = intent, true
				break
			}
		}
		if a.Intent != OffTopic {
			break
		}
	}
	// A few words no intent rule read may be a whole message that means one ("help", "ayuda"),
	// in the message's language or English; a few words may ask for the menu ("menú").
	if len(words) <= content.AloneWords {
		whole := strings.Join(words, " ")
		for _, lx := range lexes {
			if in, ok := lx.alone[whole]; ok && a.Intent == OffTopic {
				a.Intent, a.Matched = in, true
			}
			a.Menu = a.Menu || lx.menu[whole]
			a.Thanks = a.Thanks || lx.thanks[whole]
			a.Ack = a.Ack || lx.ack[whole]
		}
	}
	// A payment already made, by the lexicons the intent rules read (the message's language,
	// and English when that found no intent): no lexicon is read again for it.
	for i := range lexes {
		if read[i] && found[i]&topicBit(topicPaid) != 0 {
			a.Paid = true
		}
		if read[i] && found[i]&topicBit(topicShared) != 0 {
			a.Shared = true
		}
		if read[i] && found[i]&topicBit(topicWhatNext) != 0 && len(words) <= whatNextMaxWords {
			a.WhatNext = true
		}
		if read[i] && found[i]&topicBit(topicPromised) != 0 {
			a.Promise = true
		}
		if read[i] && found[i]&topicBit(topicAfraid) != 0 {
			a.AfraidToTell = true
		}
		if read[i] && found[i]&topicBit(topicScared) != 0 {
			a.Scared = true // the fear alone, if it is short and no fear of telling (below)
		}
		if read[i] && found[i]&topicBit(topicBlame) != 0 && len(words) <= blameMaxWords {
			a.Blamed = true
		}
		if read[i] && found[i]&topicBit(topicMeeting) != 0 {
			a.Meeting = true
		}
		if read[i] && found[i]&topicBit(topicSomeoneElse) != 0 {
			a.SomeoneElse = true // someone else's crisis, if it is one
		}
	}
	a.Scared = a.Scared && !a.AfraidToTell && len(words) <= scaredMaxWords
	// A harmful request's words are often a victim's too ("he'll post her video unless she
	// sends more, how do I help my friend"): when a rule also reads the message as the
	// victim's side, the intent backstop decides which it reads more like (see victimSide).
	if a.Intent == HarmfulRequest {
		var found uint64
		for i := range lexes {
			found |= topicsOf(i)
		}
		if found&topicBit(string(Sextortion)) != 0 && denied() {
			found &^= topicBit(string(Sextortion)) // "foi vingança, ele não tá me chantageando"
		}
		if alt := r.victimSide(found, rows()); alt != "" {
			a.Intent, a.Source = alt, SourceBackstop
		}
	}
	// Who writes, when no audience rule said: the audience backstop's reading, marked as a
	// guess (the bot asks rather than act on it).
	if a.Audience == "unknown" {
		if aud, ok := r.softAud.best(rows()); ok && aud != "unknown" {
			a.Audience, a.AudienceGuessed = aud, true
		}
	}
	// A crisis rule's words can carry a sextortion no intent rule read ("he wants more or the
	// whole school sees them, I took my mum's pills"): when the intent backstop reads one and
	// the sextortion backstop agrees, the reply is the sextortion one, which carries the crisis
	// line. Measured (2026-11-29) on blind rounds 21 and 22 before either was learnt from:
	// sextortion recall 0.915 -> 0.923 (of 117) and 0.856 -> 0.861 (of 208). The intent
	// backstop alone did better there (0.932 and 0.870) but read crisis messages of the crisis
	// family audit as sextortion ("j'aurais préféré jamais naître", "если я исчезну никто не
	// заметит"), which then got "don't pay" after the crisis help; with both, none.
	if a.Crisis && !crisisGuessed && a.Intent == OffTopic {
		if in, ok := r.softIn.guess(rows()); ok && in == Sextortion && r.softSx.likely(feats) && !denied() {
			a.Intent, a.Source = Sextortion, SourceBackstop
		}
	}
	// A question about the bot is the reading only when no intent rule but a greeting read the
	// message and the backstops read no harm in it ("who can see this chat? a woman online keeps asking
	// me to video call in bed" is grooming, not a question about privacy).
	if (a.Intent == OffTopic || a.Intent == Greeting) && about(1) { // "hi! what is this bot?" too
		if in, ok := r.softIn.guess(rows()); ok && in != Learn && in != Greeting && in != TalkToSomeone && !(in == Sextortion && denied()) {
			a.Intent, a.Matched, a.Source = in, true, SourceBackstop
		} else if r.softSx.likely(feats) && !denied() {
			a.Intent, a.Matched, a.Source = Sextortion, true, SourceBackstop
		} else if r.aboutOnly(ix) {
			a.Intent, a.Matched = Learn, true
		}
	}
	if a.Crisis && !crisisGuessed && mild(a.Intent) {
		a.Intent = Crisis
	}
	for i := range lexes {
		if !a.Matched && topicsOf(i)&topicBit(string(OffTopic)) != 0 {
			a.Matched = true
		}
	}
	// Words no rule understood are given to the intent backstop, then to the sextortion
	// one: a wrong guess costs a reader advice they did not need; a missed one leaves a
	// victim with "I'm not sure I understood".
	if !a.Matched {
		if in, ok := r.softIn.guess(rows()); ok && !(in == Sextortion && denied()) {
			a.Intent, a.Matched, a.Source = in, true, SourceBackstop
		} else if r.softSx.likely(feats) && !denied() {
			a.Intent, a.Matched, a.Source = Sextortion, true, SourceBackstop
		}
	}
	// The logistic backstop reads what the others left, sextortion excepted (its reply carries
	// the crisis line, and there the model mistook fear for a crisis).
	if !a.Crisis && a.Intent != Sextortion && r.sureLogit.likely(sure) {
		if r.anyExcepted.match(ix) {
			a.CrisisMaybe = true // the lexicon's exception stands; the contacts are added
		} else {
			a.Crisis, a.CrisisGuessed, a.CrisisMaybe, crisisGuessed = true, true, false, true
		}
	}
	// The third reads the same words' character n-grams as well: inflections and misspellings
	// of words the examples hold, and words they share a stem with. Unlike the second it also
	// reads sextortion stories: most crises blind rounds still missed were told inside one ("i
	// already got the pills ready", a brother "sat in the garage with the car running"), whose
	// reply carries the crisis line but not the crisis reply first. Measured (2026-11-30) on
	// rounds 37 and 39, each read with its lexicons of before tuning and the examples without
	// it: 375 -> 388 of 407 crisis messages flagged, other messages flagged 6 -> 6. Over the
	// examples in ten folds: 34 more of 5,564 held-out crisis messages, and 53 more held-out
	// sextortion stories with no crisis sign (no other harmless message): those victims get
	// the crisis reply first, then the sextortion steps.
	// (The word regression's floor is read first: it is the cheaper of the two, and most
	// messages fall below it.)
	if !a.Crisis && len(kept) >= softCharMinWords && r.sureLogit.probOnce(sure) > softCharWordFloor &&
		r.charProb(kept, ix, feats, sure) > softCrisisChars {
		if r.anyExcepted.match(ix) {
			a.CrisisMaybe = true // as above
		} else {
			a.Crisis, a.CrisisGuessed, a.CrisisMaybe, crisisGuessed = true, true, false, true
		}
	}
	// A crisis only the backstop saw is the intent unless something more specific was read
	// ("he'll post my pics, I'd rather die": sextortion, whose reply carries the crisis line).
	if crisisGuessed && mild(a.Intent) {
		a.Intent, a.Matched, a.Source = Crisis, true, SourceBackstop
	}
	// The word features of the whole message, for the two backstops that read crises (once,
	// and only when one reads: sure, above, leaves out harmless idioms and is not computed for
	// a crisis a rule flagged).
	var whole []uint32
	wholeSure := func() []uint32 {
		if whole == nil {
			whole = sureFeatures(text, words)
		}
		return whole
	}
	// A crisis no intent rule read may be told inside a sextortion story no intent rule knows
	// the words of ("he sent it to my class group, if my dad sees it i'm done, i have the
	// pills"): read as a crisis alone, it gets the crisis reply without the steps. When the
	// sextortion regression reads a sextortion and the crisis sextortion backstop, learnt
	// from the crises alone, reads one among them, the steps follow the crisis reply (see
	// softCrisisSextortion). Short messages are left alone: over a few words of despair
	// ("ليتني لم اولد اصلا", "voy a terminar con mi vida hoy") both read a sextortion.
	if a.Crisis && a.Intent == Crisis && len(words) >= crisisSextortionMinWords && r.sxLogit.likely(feats) &&
		r.crisisSx.probOnce(feats, wholeSure()) > softCrisisSextortion && !denied() {
		a.Intent, a.Source = Sextortion, SourceBackstop
	}
	// A sextortion story the intent rules read as nothing in particular, or as a wish to have
	// an image removed, is the second sextortion backstop's to read (see
	// softSextortionLogistic), when the intent backstop agrees. The crisis intent is never
	// replaced: over crisis messages the model read the words of despair as sextortion's.
	if (mild(a.Intent) || a.Intent == ImageRemoval) && !asked() && !scam() && r.sxLogit.likely(feats) && r.sextortionAgreed(rows(), a.Intent) && !denied() {
		a.Intent, a.Matched, a.Source = Sextortion, true, SourceBackstop
	}
	// A story of sextortion, grooming or a friend's trouble can tell of despair in words no
	// crisis rule knows ("i wrote my mum a goodbye letter", "there's a rope in the garage"),
	// and the backstops above, learnt against every harmless message, read such a story's
	// words as the story's. The story backstop, learnt from stories and crises alone, reads
	// what tells the two apart (see softCrisisStory); the word regression must see some sign
	// too (its floor, as for the character backstop).
	if !a.Crisis && storyIntent(a.Intent) && len(kept) >= softStoryMinWords && r.sureLogit.probOnce(sure) > softCharWordFloor &&
		r.storyLogit.probOnce(charFeaturesOf(kept, ix.words, feats), sure) > softCrisisStory {
		if r.anyExcepted.match(ix) {
			a.CrisisMaybe = true // as above
		} else {
			a.Crisis, a.CrisisGuessed, a.CrisisMaybe = true, true, false
		}
	}
	// What no rule read may be a first step toward telling ("idk how to say this"), in the
	// message's language or English. In a few words such a hedge is the hesitant reply's even
	// when a backstop read something in it ("je sais pas comment dire ça" as a crisis, "ich
	// hab was dummes gemacht" as sextortion): a few words give the backstops too little to
	// read, and that reply carries the crisis line and the emergency number anyway.
	// (A backstop's talk_to_someone stays: "necesito desahogarme con alguien, no sé ni por
	// dónde empezar" asks for a person, whom that reply gives.)
	ruleRead := a.Matched && !a.Guessed()
	if !ruleRead && a.Intent != TalkToSomeone && (!a.Crisis || a.CrisisGuessed) && (!a.Matched || len(words) <= hesitantMaxWords) {
		for i := range lexes {
			if topicsOf(i)&topicBit(topicHesitant) != 0 {
				a.Hesitant = true
				break
			}
		}
		if a.Hesitant {
			if a.Crisis {
				a.Crisis, a.CrisisGuessed, a.CrisisMaybe = false, false, true
			}
			a.Intent, a.Matched, a.Source = OffTopic, false, "rules"
		}
	}
	// A crisis's kind is read last, once nothing else changes the reading: a danger rule
	// says it (read as the crisis rules are, without the hard negatives), or the danger
	// backstop reads it.
	if a.Crisis {
		seen := ix
		if blanked != nil {
			seen = blanked
		}
		a.Danger = r.anyDanger.match(seen) || r.danger.probOnce(feats, wholeSure()) > softDanger
	}
	// A whole message that only thanks, acknowledges or asks for the menu says nothing more:
	// the crisis backstop that reads every word's letters read "thanks" and "thank you" as
	// likely a crisis (goodbye notes thank), and so added the crisis line to "you're welcome".
	if (a.Thanks || a.Ack || a.Menu) && !a.Crisis {
		a.CrisisMaybe = false
	}
	// The writer's fear alone, which the crisis backstops read without its words (see
	// withoutFear), keeps the crisis contacts beside the reply: a backstop read "tengo mucho
	// miedo" as a crisis, and whatever the reply is, help is one glance away.
	if a.Scared && !a.Crisis {
		a.CrisisMaybe = true
	}
	// A few words that only ask what to do now ("ماذا أفعل الآن؟", "አሁን ምን ላድርግ") were read
	// as a crisis by a backstop alone: the steps they ask for come, with the crisis contacts
	// beside them, not the crisis reply instead. A crisis rule's reading stands.
	if a.WhatNext && a.CrisisGuessed {
		a.Crisis, a.CrisisGuessed, a.CrisisMaybe, a.Danger = false, false, true, false
		if a.Intent == Crisis {
			a.Intent, a.Matched, a.Source = OffTopic, false, "rules"
		}
	}
	return a
}

// questionMaxWords is the most words a message read by a Questions rule may have for no
// sextortion backstop to override that reading: a general question is short, and a longer
// message tells more. Measured (2026-12-01): over the 20,457 tuned examples, the only
// readings the protection changed were three sextortion stories of 25 to 27 words (a school
// reporting a student's threat, a parent's, a teen's) taken for learn; on blind round 50 it
// read 8 more questions as learn, of 10 to 13 words, and one more of learn51's 180 (12
// words). Without a limit the untuned holdout set lost one sextortion story of 18 words to it
// (its length and language were read, not its text); that too is why the limit is below 18.
const questionMaxWords = 15

// whatNextMaxWords is the most words a message may have to be read as asking what to do next
// (Assessment.WhatNext): "ok so what do i do now??" asks only that; a longer message tells
// more, which is read for itself.
const whatNextMaxWords = 8

// scaredMaxWords is the most words a message may have to be read as the writer's fear told
// alone (Assessment.Scared): "im so scared i cant stop shaking" tells only that; a longer
// message tells more, which is read for itself (and the crisis backstops read all of it).
const scaredMaxWords = 12

// blameMaxWords is the most words a message may have to be read as the writer's self-blame
// (Assessment.Blamed): "im such an idiot why did i send it" tells only that; a longer message
// tells more, which is read for itself.
const blameMaxWords = 14

// hesitantMaxWords is the most words a hedge may have for its hesitant reading to replace a
// backstop's ("sorry i dont know how to say this please dont judge me" has 11).
const hesitantMaxWords = 12

// sextortionAgreed reports whether the intent backstop reads a message (its feature rows)
// more like sextortion than like what the rules read (in): for a greeting, that it guesses
// sextortion outright, since a greeting with more words is often an introduction ("selamat
// pagi, saya ibu dari dua remaja", a mother of two teens). A review's 630 harmless messages
// (2026-11-30) had 18 read as sextortion by the second sextortion backstop alone, 14 with
// this; its 245 sextortion stories gained 21 either way.
func (r *Rules) sextortionAgreed(rows []int32, in Intent) bool {
	if in == Greeting {
		guess, ok := r.softIn.guess(rows)
		return ok && guess == Sextortion
	}
	return r.softIn.prefers(rows, Sextortion, in)
}

// aboutLeft is the most words a message may hold besides its questions about the bot (and
// the hard negatives) to be read as one: more, and it says something else too, which "I'm not
// sure I understood" (with the emergency number and the crisis line) answers better than the
// article about the bot ("is this free? something happened at a party and now people keep
// sending me a link"). Chosen on the tuned examples (2026-11-29): with 4 or 6, 2 of 3,000 of their
// risky messages with a bot question added read learn; 6 reads more of the first messages'
// questions as learn (0.533 against 0.509 of 169). With no limit, 114 of 3,688 risky messages
// of the untuned sets with a bot question added read learn; with 6, 10.
const aboutLeft = 6

// aboutOnly reports whether a message is little more than questions about the bot.
func (r *Rules) aboutOnly(ix *indexed) bool {
	left := 0
	for _, w := range r.backstopBlank.blank(ix).words {
		if w != "" {
			left++
		}
	}
	return left <= aboutLeft
}

// victimIntents are the intents of someone harmed, or helping, or asking to learn, whose
// rules may match a message a harmful-request rule also matches, most specific first.
var victimIntents = []Intent{Friend, Sextortion, Report, Enticement, ImageRemoval, Learn}

// victimSide returns the first victim intent among the topics the lexicons found, if the
// intent backstop reads the message more like it than like a harmful request, else "". A
// victim told "what you ask is a crime" is the worst answer the bot can give; a harmful
// request answered with a victim's advice gets no help with the harm. Measured (2026-11-29) on blind rounds 15
// and 16, read with the rules and examples from before either was tuned on: harmful_request
// precision 0.50 -> 1.00 on round 15 (8 victims, friends and learners no longer refused, 1 of
// 13 requests lost) and 0.965 -> 1.00 on round 16 (recall 0.705 -> 0.564 of 78: the lost
// requests get the sextortion, enticement or removal reply instead). Learning the harmful
// audit's requests as examples kept more of them (0.641) but still refused one victim per
// round and moved the crisis backstops, so they stay out of the examples.
func (r *Rules) victimSide(found uint64, rows []int32) Intent {
	for _, in := range victimIntents {
		if found&topicBit(string(in)) != 0 {
			if r.softIn.prefers(rows, in, HarmfulRequest) {
				return in
			}
			return ""
		}
	}
	return ""
}

// threatDeadline reports whether a message (ix) sets a deadline (content.Lexicon.Deadline)
// and a sextortion rule of its n lexicons (topicsOf) read it, with no denial of a demand:
// the deadline is then the threat's ("paga antes de esta noche o las publico"), which the
// crisis backstops, learnt from crises told "tonight", read as a plan for tonight. They read
// such a message without it; the crisis rules read every word ("antes de esta noche me
// quito la vida"), and so do the backstops when no sextortion rule read the message.
func (r *Rules) threatDeadline(ix *indexed, topicsOf func(int) uint64, n int, denied func() bool) bool {
	if r.anyDeadline == nil || !r.anyDeadline.match(ix) {
		return false
	}
	for i := range n {
		if topicsOf(i)&topicBit(string(Sextortion)) != 0 {
			return !denied()
		}
	}
	return false
}

// withoutFear returns a message (ix, its words) without the phrases of the writer's own fear
// (content.Lexicon.Scared), when a rule of its n lexicons (topicsOf) read that fear in at
// most scaredMaxWords words: the crisis backstops, learnt from crises told with fear
// ("tengo mucho miedo, ya no aguanto"), read "tengo mucho miedo" alone as one. They read such
// a message without the fear's phrases; the crisis rules read every word ("tengo mucho
// miedo, me quiero matar"), and a fear for one's life or of someone at the door is no rule's
// match (their exceptions). A fear of telling (content.Lexicon.AfraidToTell) is not the fear
// alone: without "im scared", "my parents will find out" read as a danger. When the fear
// leaves a word or two, too few for the backstops to read alone, they read the whole message
// as before.
func (r *Rules) withoutFear(ix *indexed, words []string, topicsOf func(int) uint64, n int) (*indexed, bool) {
	if r.anyScared == nil || len(words) > scaredMaxWords || !r.anyScared.match(ix) {
		return nil, false
	}
	scared, afraid := false, false
	for i := range n {
		scared = scared || topicsOf(i)&topicBit(topicScared) != 0
		afraid = afraid || topicsOf(i)&topicBit(topicAfraid) != 0
	}
	if !scared || afraid {
		return nil, false
	}
	calm := r.anyScared.blank(ix)
	left := 0
	for _, w := range r.anyNotCrisis.blank(calm).words {
		if w != "" {
			left++
		}
	}
	if left > 0 && left < softSureMinWords {
		return nil, false
	}
	return calm, true
}

// sureInput returns the sure backstops' features of a message no crisis rule caught and the
// words they read, or nils when they do not read it (fewer than softSureMinWords words). They
// read the words left once the lexicons' harmless idioms are taken out ("obat flu", "died
// laughing"; only messages that hold one pay for the blanking). A message a crisis rule would match but for its own
// exceptions ("got a rope" + climbing) callers flag only when both sure backstops read a
// crisis; one alone adds the crisis contacts.
// ix is the message's words read by the vocab; blanked, the same blanked when already
// computed, else nil; about, whether the message holds a question about the bot (its plain
// questions are then taken out too).
func (r *Rules) sureInput(text string, ix, blanked *indexed, about bool) ([]uint32, []string) {
	if len(ix.words) < softSureMinWords {
		return nil, nil
	}
	kept := ix.words
	if about { // the hard negatives and the questions about the bot, both
		blanked = r.backstopBlank.blank(ix)
	}
	if blanked != nil || r.anyNotCrisis.match(ix) {
		if blanked == nil {
			blanked = r.anyNotCrisis.blank(ix)
		}
		kept = make([]string, 0, len(blanked.words))
		for _, w := range blanked.words {
			if w != "" {
				kept = append(kept, w)
			}
		}
	}
	if len(kept) < softSureMinWords {
		return nil, nil
	}
	return sureFeatures(text, kept), kept
}

// charProb is the character backstop's probability of a crisis for the words the sure
// backstops read (kept, with their features sure) of a message (ix, its n-grams feats): their
// n-grams and the sure features together, as the examples were learnt. 0 without the backstop.
func (r *Rules) charProb(kept []string, ix *indexed, feats, sure []uint32) float64 {
	return r.charLogit.probOnce(charFeaturesOf(kept, ix.words, feats), sure)
}

// charFeaturesOf returns the character n-grams of the words the sure backstops read (kept);
// those of all the message's words (words) are feats, already computed.
func charFeaturesOf(kept, words []string, feats []uint32) []uint32 {
	if len(kept) != len(words) {
		return features(kept)
	}
	return feats
}

// storyIntent reports the intents whose messages tell a story of harm: a sextortion,
// grooming, or either happening to a friend.
func storyIntent(i Intent) bool {
	return i == Sextortion || i == Enticement || i == Friend
}

// examplesWhere returns the examples keep holds for: the story backstop learns from the
// stories (storyIntent) and every crisis, the danger and crisis sextortion backstops from the
// crises alone.
func examplesWhere(examples []content.Example, keep func(content.Example) bool) []content.Example {
	var out []content.Example
	for _, ex := range examples {
		if keep(ex) {
			out = append(out, ex)
		}
	}
	return out
}

// isStoryOrCrisis is what the story backstop learns from.
func isStoryOrCrisis(ex content.Example) bool { return ex.Crisis || storyIntent(Intent(ex.Intent)) }

// isDanger is what the danger backstop learns as a yes.
func isDanger(ex content.Example) bool { return ex.Danger }

// mild intents give way to a crisis: they are a greeting, an aside or a question.
func mild(i Intent) bool {
	return i == OffTopic || i == Greeting || i == TalkToSomeone || i == Learn
}

func wordMatch(word, pat string) bool {
	if word == "" {
		return false
	}
	n := len(pat)
	switch {
	case pat == "?":
		return true
	case pat[n-1] == '*': // a stem
		return len(word) >= n-1 && word[:n-1] == pat[:n-1]
	default:
		return word == pat
	}
}
