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
func leet(r rune) (rune, bool) {
	switch r {
	case '0':
		return 'o', true
	case '1':
		return 'i', true
	case '3':
		return 'e', true
	case '4':
		return 'a', true
	case '5', '$':
		return 's', true
	case '7':
		return 't', true
	case '@':
		return 'a', true
	}
	return r, false
}

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

// fold folds accents away (see accent) and composes what is left (NFC).
func fold(s string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	t.Reset()
	if folded, _, err := transform.String(t, s); err == nil {
		return folded
	}
	return s
}

// quickFold is fold for the texts it can do rune by rune, which most are: every rune either
// stays as it is (no decomposition, no accent, not composing with the rune before it) or
// decomposes into one such rune and accents ("é", "й", "أ", "²"). ok is false for the others
// (Devanagari's virama, forms that expand to several letters such as "ﬁ", invalid UTF-8),
// which fold handles. The transformer chain was a twentieth of Assess, 2026-11-29.
func quickFold(s string) (_ string, ok bool) {
	var b []byte // nil until a rune changes
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			if b != nil {
				b = append(b, s[i])
			}
			i++
			continue
		}
		base, kind, n := foldRuneQuick(s[i:])
		switch kind {
		case runeKept:
			if b != nil {
				b = append(b, s[i:i+n]...)
			}
		case runeBase, runeDropped:
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			if kind == runeBase {
				b = utf8.AppendRune(b, base)
			}
		default:
			return "", false
		}
		i += n
	}
	if b == nil {
		return s, true
	}
	return string(b), true
}

// How quickFold folds a rune (see foldRune).
const (
	runeOther   = iota // fold must do it
	runeKept           // stays as it is
	runeBase           // becomes its base rune
	runeDropped        // an accent on its own: dropped
)

// foldRuneQuick is foldRune, read from a table for the runes below foldTableSize (the
// scripts Lantern speaks, Ethiopic included): foldRune reads three Unicode tables per rune,
// which made quickFold about half of Tokens. (The table took about 4 % off Assess on the
// tuned examples, 2026-12-02.) foldRune depends on the rune alone, so the table answers as it
// does.
func foldRuneQuick(s string) (base rune, kind, n int) {
	r, n := utf8.DecodeRuneInString(s)
	if r >= foldTableSize {
		return foldRune(s) // invalid UTF-8 too: it decodes as utf8.RuneError
	}
	f := foldTable()[r]
	return f.base, int(f.kind), n
}

// foldTableSize bounds the runes foldTable holds.
const foldTableSize = 0x3000

// foldTable holds foldRune's answer for every rune below foldTableSize, made at first use.
var foldTable = sync.OnceValue(func() []foldedRune {
	table := make([]foldedRune, foldTableSize)
	var buf [utf8.UTFMax]byte
	for r := range rune(foldTableSize) {
		if utf8.ValidRune(r) {
			base, kind, _ := foldRune(string(buf[:utf8.EncodeRune(buf[:], r)]))
			table[r] = foldedRune{base: base, kind: uint8(kind)}
		}
	}
	return table
})

// foldedRune is how quickFold folds one rune (see foldRune).
type foldedRune struct {
	base rune
	kind uint8
}

// foldRune tells how quickFold folds the rune s starts with (n bytes long): base is what
// runeBase becomes.
func foldRune(s string) (base rune, kind, n int) {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 { // invalid UTF-8: fold's transformers decide
		return 0, runeOther, n
	}
	p := norm.NFKD.PropertiesString(s)
	switch d := p.Decomposition(); {
	case accent(r):
		if d == nil && p.CCC() != 0 { // folding drops it wherever it is
			return 0, runeDropped, n
		}
		return 0, runeOther, n
	case d == nil:
		if stays(r) {
			return r, runeKept, n
		}
		return 0, runeOther, n
	default:
		b, k := utf8.DecodeRune(d)
		if !stays(b) {
			return 0, runeOther, n
		}
		for rest := d[k:]; len(rest) > 0; rest = rest[k:] {
			var m rune
			m, k = utf8.DecodeRune(rest)
			if !accent(m) {
				return 0, runeOther, n
			}
		}
		return b, runeBase, n
	}
}

// stays reports whether folding leaves a rune as it is wherever it comes: it does not
// decompose, is no accent, and never composes with the rune before it.
func stays(r rune) bool {
	if r < utf8.RuneSelf {
		return true
	}
	var buf [utf8.UTFMax]byte
	enc := buf[:utf8.EncodeRune(buf[:], r)]
	// (A rune with a combining class is never a boundary, so BoundaryBefore covers it.)
	return !accent(r) && norm.NFKD.Properties(enc).Decomposition() == nil && norm.NFC.Properties(enc).BoundaryBefore()
}

// apostrophes are dropped, so "don't" and "dont" are one word. Ukrainian keyboards type the
// modifier letter apostrophe (U+02BC, "мʼясо"), which Unicode counts as a letter.
var apostrophes = strings.NewReplacer("'", "", "’", "", "‘", "", "`", "", "\u02bc", "")

// Tokens normalises text to lower-case words without accents, apostrophes, repeated letters
// (three or more become two) or common leetspeak; everything else separates words.
func Tokens(s string) []string {
	if quick, ok := quickFold(s); ok {
		s = quick
	} else {
		s = fold(s)
	}
	s = strings.ToLower(s)
	s = apostrophes.Replace(s)

	fields := strings.FieldsFunc(s, func(r rune) bool {
		// Marks that stay (Devanagari vowel signs) are part of their word.
		return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '@' || r == '$')
	})
	words := fields[:0] // cleaned in place: a word is never longer than its field list
	for _, raw := range fields {
		if w := word(raw); w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil
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

// clean reports whether word would return raw as it is: no "@" or "$", no leetspeak to undo
// (hasLetter: the token has letters and is no amount), no letter three times in a row.
func clean(raw string, hasLetter bool) bool {
	var last rune
	run := 0
	for _, r := range raw {
		if r == '@' || r == '$' {
			return false
		}
		if _, ok := leet(r); ok && hasLetter {
			return false
		}
		if r == last {
			run++
			if run >= 2 && unicode.IsLetter(r) {
				return false
			}
		} else {
			run = 0
		}
		last = r
	}
	return true
}

// word cleans one raw token.
func word(raw string) string {
	// Leetspeak is undone only in words with letters, and never in an amount ("3k", "500rb"):
	// "3k" read as "ek" would be the Hindi word for "one".
	hasLetter := strings.IndexFunc(raw, unicode.IsLetter) >= 0 && !isAmount(raw)
	if clean(raw, hasLetter) {
		return raw // most words: nothing to undo, nothing to copy
	}
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range raw {
		if hasLetter {
			if l, ok := leet(r); ok {
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
