package safety

import (
	"context"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// priority decides between intents when a message matches several: the most specific and
// most urgent first. "my friend is being blackmailed" is about helping a friend.
var priority = []Intent{HarmfulRequest, Injection, Friend, Sextortion, Enticement, ImageRemoval,
	Report, TalkToSomeone, Learn, Greeting}

// Rules assesses messages with the per-language lexicons in content/lexicon. It is the
// assessor that always works: no model, no network, no state.
type Rules struct {
	langs map[string]*lexicon
}

type lexicon struct {
	intents   map[Intent][]rule
	crisis    []rule
	notCrisis []phrase
	audience  map[string][]rule
}

// rule is what one lexicon line asks for: every group must be found somewhere in the
// message, in any order; a group is found when any of its phrases is.
//
//	"unless i pay"                        one group, one phrase
//	"post|share|leak + nudes|pics|photo*"  two groups: a verb and a noun, anywhere
type rule [][]phrase

// phrase is a sequence of normalised words; a word ending in "*" matches any word that starts
// with it, and "?" matches any one word.
type phrase []string

// NewRules compiles the library's lexicons.
func NewRules(lib *content.Library) *Rules {
	r := &Rules{langs: map[string]*lexicon{}}
	for lang, src := range lib.Lexicons {
		lx := &lexicon{intents: map[Intent][]rule{}, audience: map[string][]rule{}}
		for intent, ps := range src.Intents {
			lx.intents[Intent(intent)] = compileRules(ps)
		}
		lx.crisis = compileRules(src.Crisis)
		lx.notCrisis = compile(src.NotCrisis)
		for aud, ps := range src.Audience {
			lx.audience[aud] = compileRules(ps)
		}
		r.langs[lang] = lx
	}
	return r
}

// compileRules reads lexicon lines: groups joined by " + ", alternatives by "|".
func compileRules(src []string) []rule {
	out := make([]rule, 0, len(src))
	for _, line := range src {
		var r rule
		for _, group := range strings.Split(line, " + ") {
			if alts := compile(strings.Split(group, "|")); len(alts) > 0 {
				r = append(r, alts)
			}
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

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

	for _, lx := range lexes {
		// Hard negatives ("this homework is killing me") are blanked before the crisis rules look.
		crisisWords := append([]string(nil), words...)
		for _, p := range lx.notCrisis {
			for _, at := range findAll(crisisWords, p) {
				for i := at; i < at+len(p); i++ {
					crisisWords[i] = ""
				}
			}
		}
		if matchAnyRule(crisisWords, lx.crisis) {
			a.Crisis, a.Matched = true, true
			break
		}
	}
	for _, lx := range lexes {
		for _, intent := range priority {
			if matchAnyRule(words, lx.intents[intent]) {
				a.Intent, a.Matched = intent, true
				break
			}
		}
		if a.Intent != OffTopic {
			break
		}
	}
	if a.Crisis && (a.Intent == OffTopic || a.Intent == Greeting || a.Intent == TalkToSomeone || a.Intent == Learn) {
		a.Intent = Crisis
	}
	for _, lx := range lexes {
		if !a.Matched && matchAnyRule(words, lx.intents[OffTopic]) {
			a.Matched = true
		}
		if a.Audience == "unknown" {
			for _, aud := range []string{"parent", "school", "teen"} {
				if matchAnyRule(words, lx.audience[aud]) {
					a.Audience = aud
					break
				}
			}
		}
	}
	return a
}

func matchAnyRule(words []string, rs []rule) bool {
	for _, r := range rs {
		all := true
		for _, group := range r {
			if !matchAny(words, group) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func matchAny(words []string, ps []phrase) bool {
	for _, p := range ps {
		if len(findAll(words, p)) > 0 {
			return true
		}
	}
	return false
}

// findAll returns every index where p starts in words.
func findAll(words []string, p phrase) []int {
	var out []int
	for i := 0; i+len(p) <= len(words); i++ {
		ok := true
		for j, w := range p {
			if !wordMatch(words[i+j], w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

func wordMatch(word, pat string) bool {
	if word == "" {
		return false
	}
	switch {
	case pat == "?":
		return true
	case strings.HasSuffix(pat, "*"):
		return strings.HasPrefix(word, strings.TrimSuffix(pat, "*"))
	default:
		return word == pat
	}
}
