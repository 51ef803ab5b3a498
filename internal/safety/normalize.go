package safety

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// leet maps digits and symbols that people type in place of letters, inside words that also
// hold letters ("n00dz", "k1ll", "$ext").
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's'}

// accent reports a combining mark that only decorates a letter and is folded away: accents
// (é → e), Arabic short vowels, the Devanagari nukta and nasal marks (spelt either way). The
// vowel signs and virama of Devanagari are letters of the word and stay: without them
// "जीना" (to live) and "जाना" (to go) would be one word.
func accent(r rune) bool {
	if r >= 0x0900 && r <= 0x097F {
		return r == 0x093C || r == 0x0901 || r == 0x0902
	}
	return unicode.Is(unicode.Mn, r)
}

// folders are reusable transformers that fold accents away (see accent); a chain keeps
// buffers between calls, so it is pooled rather than made for every message.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFKD, runes.Remove(runes.Predicate(accent)), norm.NFC)
}}

// apostrophes are dropped, so "don't" and "dont" are one word. Ukrainian keyboards type the
// modifier letter apostrophe (U+02BC, "мʼясо"), which Unicode counts as a letter.
var apostrophes = strings.NewReplacer("'", "", "’", "", "‘", "", "`", "", "\u02bc", "")

// Tokens normalises text to lower-case words without accents, apostrophes, repeated letters
// (three or more become two) or common leetspeak; everything else separates words.
func Tokens(s string) []string {
	if !isASCII(s) { // plain ASCII has no accents to fold
		t := folders.Get().(transform.Transformer)
		t.Reset()
		if folded, _, err := transform.String(t, s); err == nil {
			s = folded
		}
		folders.Put(t)
	}
	s = strings.ToLower(s)
	s = apostrophes.Replace(s)

	var words []string
	for _, raw := range strings.FieldsFunc(s, func(r rune) bool {
		// Marks that stay (Devanagari vowel signs) are part of their word.
		return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '@' || r == '$')
	}) {
		if w := word(raw); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// isAmount reports whether a token is a number with a short unit: k or m (thousand,
// million), rb or jt (Indonesian ribu, juta).
func isAmount(s string) bool {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return false
	}
	switch strings.ToLower(s[i:]) {
	case "k", "m", "rb", "jt":
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// word cleans one raw token.
func word(raw string) string {
	// Leetspeak is undone only in words with letters, and never in an amount ("3k", "500rb"):
	// "3k" read as "ek" would be the Hindi word for "one".
	hasLetter := strings.IndexFunc(raw, unicode.IsLetter) >= 0 && !isAmount(raw)
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range raw {
		if hasLetter {
			if l, ok := leet[r]; ok {
				r = l
			}
		}
		if r == '@' || r == '$' {
			continue
		}
		if r == last {
			run++
			if run >= 2 && unicode.IsLetter(r) {
				continue
			}
		} else {
			run = 0
		}
		last = r
		b.WriteRune(r)
	}
	return b.String()
}
