package safety

import (
	"math"
	"strings"
	"unicode"

	"github.com/lantern-help/lantern/internal/content"
)

// langModel tells languages apart by their character n-grams: a multinomial naive Bayes
// model learnt at start from each language's own text in content/ (locale strings, articles,
// lexicon phrases and labelled examples). Common words decide most messages; this model
// decides the short and informal ones that have too few of them ("que es la sextorsion",
// "halo kak"), and the romanised ones the labelled examples teach it (Hinglish, Arabizi,
// Finglish), whose digits and spellings no stop-word list covers.
type langModel struct {
	langs []string    // per class: its language code
	logp  [][]float32 // per class: feature bucket -> log P(feature | class)
	known []uint64    // bit set of the buckets seen in any class
}

// A language written in another script than Latin has a second class for its romanised text
// (Hinglish, Arabizi, Finglish, translit): learnt apart, it is not drowned by the language's
// own script, and Latin text is compared with Latin text.

// langBuckets is the number of hashed feature buckets per language.
const langBuckets = 1 << 17

// newLangModel learns the model from the library; nil with fewer than two languages.
func newLangModel(lib *content.Library, order []string) *langModel {
	if len(order) < 2 {
		return nil
	}
	m := &langModel{known: make([]uint64, langBuckets/64)}
	texts := map[string][]string{} // by class: the language, or the language + "/latn"
	for lang, loc := range lib.Locales {
		for _, s := range loc.Strings {
			texts[lang] = append(texts[lang], s)
		}
	}
	for lang, arts := range lib.Articles {
		for _, a := range arts {
			texts[lang] = append(texts[lang], a.Title, a.Summary, a.Body, strings.Join(a.Keywords, " "))
		}
	}
	for lang, lx := range lib.Lexicons {
		texts[lang] = append(texts[lang], lx.Stopwords...)
		texts[lang] = append(texts[lang], lx.Crisis...)
		texts[lang] = append(texts[lang], lx.NotCrisis...)
		for _, ps := range lx.Intents {
			texts[lang] = append(texts[lang], ps...)
		}
	}
	for _, ex := range lib.Examples {
		texts[ex.Lang] = append(texts[ex.Lang], ex.Text)
	}
	for _, lang := range order {
		latin := latinLanguages[lang]
		for _, class := range []string{lang, lang + "/latn"} {
			var own []string // the class's texts
			for _, t := range texts[lang] {
				if latin || mostlyLatin(t) == (class != lang) {
					own = append(own, t)
				}
			}
			if len(own) == 0 || (latin && class != lang) {
				continue
			}
			m.langs = append(m.langs, lang)
			m.logp = append(m.logp, m.learn(own))
		}
	}
	return m
}

// latinLanguages are the languages written in Latin script.
var latinLanguages = map[string]bool{"en": true, "es": true, "pt": true, "fr": true, "de": true, "id": true}

// mostlyLatin reports whether most of a text's letters are Latin.
func mostlyLatin(t string) bool {
	latin, other := 0, 0
	for _, c := range t {
		switch {
		case unicode.Is(unicode.Latin, c):
			latin++
		case unicode.IsLetter(c):
			other++
		}
	}
	return latin > other
}

// learn returns the smoothed log-probabilities of each feature bucket in texts, and marks
// the buckets seen.
func (m *langModel) learn(texts []string) []float32 {
	counts := make([]float32, langBuckets)
	total := 0.0
	for _, t := range texts {
		langFeatures(t, func(b uint32) {
			counts[b]++
			total++
			m.known[b/64] |= 1 << (b % 64)
		})
	}
	const alpha = 0.1
	denom := total + alpha*langBuckets
	logp := make([]float32, langBuckets)
	for b, c := range counts {
		logp[b] = float32(math.Log((float64(c) + alpha) / denom))
	}
	return logp
}

// best returns the most likely of the candidate languages (all when none are given), and by
// how much it leads the next one: the difference of their log-likelihoods per known feature.
// A message with no known feature gives "".
func (m *langModel) best(text string, candidates ...string) (string, float64) {
	if m == nil {
		return "", 0
	}
	scores := make([]float64, len(m.langs))
	n := 0
	langFeatures(text, func(b uint32) {
		if m.known[b/64]&(1<<(b%64)) == 0 {
			return
		}
		n++
		for i := range m.langs {
			scores[i] += float64(m.logp[i][b])
		}
	})
	if n == 0 {
		return "", 0
	}
	// Each language scores as its best class; the lead is over the best other language.
	byLang := map[string]float64{}
	for i, l := range m.langs {
		if len(candidates) > 0 && !contains(candidates, l) {
			continue
		}
		if s, ok := byLang[l]; !ok || scores[i] > s {
			byLang[l] = scores[i]
		}
	}
	top, second, lang := math.Inf(-1), math.Inf(-1), ""
	for l, s := range byLang {
		switch {
		case s > top:
			top, second, lang = s, top, l
		case s > second:
			second = s
		}
	}
	if math.IsInf(second, -1) {
		return lang, math.Inf(1)
	}
	return lang, (top - second) / float64(n)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// langFeatures calls fn with the bucket of each feature of a text: its character 1- to
// 4-grams with a space at each end of every word, and its words. Letters keep their accents
// and digits stay (the 3 and 7 of Arabizi are letters); everything else separates words.
func langFeatures(text string, fn func(uint32)) {
	var b strings.Builder
	b.Grow(len(text) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	s := b.String()
	starts := make([]int, 0, len(s)+1)
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	for n := 1; n <= 4; n++ {
		for i := 0; i+n < len(starts); i++ {
			g := s[starts[i]:starts[i+n]]
			if g == " " {
				continue
			}
			fn(langBucket(g))
		}
	}
	for _, w := range strings.Fields(s) {
		fn(langBucket("w:" + w))
	}
}

// langBucket hashes a feature (FNV-1a) into the model's buckets.
func langBucket(f string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(f); i++ {
		h ^= uint32(f[i])
		h *= 16777619
	}
	return h & (langBuckets - 1)
}
