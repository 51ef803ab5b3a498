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
	intents   map[Intent][]phrase
	crisis    []phrase
	notCrisis []phrase
	audience  map[string][]phrase
}

// phrase is a sequence of normalised words; a word ending in "*" matches any word that starts
// with it, and "?" matches any one word.
type phrase []string

// NewRules compiles the library's lexicons.
func NewRules(lib *content.Library) *Rules {
	r := &Rules{langs: map[string]*lexicon{}}
	for lang, src := range lib.Lexicons {
		lx := &lexicon{intents: map[Intent][]phrase{}, audience: map[string][]phrase{}}
		for intent, ps := range src.Intents {
			lx.intents[Intent(intent)] = compile(ps)
		}
		lx.crisis = compile(src.Crisis)
		lx.notCrisis = compile(src.NotCrisis)
		for aud, ps := range src.Audience {
			lx.audience[aud] = compile(ps)
		}
		r.langs[lang] = lx
	}
	return r
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

// Assess implements Assessor. The text is read and forgotten; nothing is kept.
func (r *Rules) Assess(_ context.Context, text, lang string) Assessment {
	a := Assessment{Intent: OffTopic, Audience: "unknown", Lang: lang, Source: "rules"}
	lx := r.langs[lang]
	if lx == nil {
		lx = r.langs[content.DefaultLang]
		a.Lang = content.DefaultLang
	}
	if lx == nil {
		return a
	}
	words := Tokens(text)

	// Hard negatives ("this homework is killing me") are blanked before the crisis rules look.
	crisisWords := append([]string(nil), words...)
	for _, p := range lx.notCrisis {
		for _, at := range findAll(crisisWords, p) {
			for i := at; i < at+len(p); i++ {
				crisisWords[i] = ""
			}
		}
	}
	for _, p := range lx.crisis {
		if len(findAll(crisisWords, p)) > 0 {
			a.Crisis = true
			a.Matched = true
			break
		}
	}

	for _, intent := range priority {
		if matchAny(words, lx.intents[intent]) {
			a.Intent = intent
			a.Matched = true
			break
		}
	}
	if a.Crisis && (a.Intent == OffTopic || a.Intent == Greeting || a.Intent == TalkToSomeone || a.Intent == Learn) {
		a.Intent = Crisis
	}
	if !a.Matched && matchAny(words, lx.intents[OffTopic]) {
		a.Matched = true
	}
	for _, aud := range []string{"parent", "school", "teen"} {
		if matchAny(words, lx.audience[aud]) {
			a.Audience = aud
			break
		}
	}
	return a
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
