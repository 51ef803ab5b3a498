package safety

import (
	"strings"
	"unicode"
)

// Detect returns the language text is clearly written in, or "" when it can't tell: by
// script first (Cyrillic, Arabic, Devanagari, Ethiopic, with the letters that tell Ukrainian
// from Russian and Persian from Arabic), then, for Latin script, by the common words of each
// lexicon. Short or mixed messages give "": the caller keeps the language it had.
func (r *Rules) Detect(text string) string {
	var cyr, arab, deva, ethi, latin int
	uk, ru, fa, ar := false, false, false, false
	for _, c := range text {
		switch {
		case unicode.Is(unicode.Cyrillic, c):
			cyr++
			uk = uk || strings.ContainsRune("іїєґІЇЄҐ", c)
			ru = ru || strings.ContainsRune("ыэъёЫЭЪЁ", c)
		case unicode.Is(unicode.Arabic, c):
			arab++
			fa = fa || strings.ContainsRune("پچژگیک", c)
			ar = ar || strings.ContainsRune("يكةى", c)
		case unicode.Is(unicode.Devanagari, c):
			deva++
		case unicode.Is(unicode.Ethiopic, c):
			ethi++
		case unicode.Is(unicode.Latin, c):
			latin++
		}
	}
	pick := func(lang string) string {
		if r.langs[lang] == nil {
			return ""
		}
		return lang
	}
	// Close languages that share a script are told apart by the letters only one of them
	// has; with none of those, by their common words; a tie is "not sure".
	switch most(cyr, arab, deva, ethi, latin) {
	case 0:
		return r.between(text, "ru", ru, "uk", uk)
	case 1:
		return r.between(text, "ar", ar, "fa", fa)
	case 2:
		return pick("hi")
	case 3:
		return pick("am")
	case 4:
		return r.latin(text)
	}
	return ""
}

// most returns the index of the largest count, or -1 if all are zero.
func most(counts ...int) int {
	best, at := 0, -1
	for i, c := range counts {
		if c > best {
			best, at = c, i
		}
	}
	return at
}

// between tells two languages of one script apart: by the letters only one has (hasA,
// hasB), else by their common words.
func (r *Rules) between(text, a string, hasA bool, b string, hasB bool) string {
	switch {
	case hasA && !hasB && r.langs[a] != nil:
		return a
	case hasB && !hasA && r.langs[b] != nil:
		return b
	}
	return r.vote(text, a, b)
}

// vote picks between languages by their common words, or "" on a tie.
func (r *Rules) vote(text string, langs ...string) string {
	words := Tokens(text)
	best, lang, tie := 0, "", false
	for _, l := range langs {
		lx := r.langs[l]
		if lx == nil {
			continue
		}
		n := 0
		for _, w := range words {
			if lx.stops[w] {
				n++
			}
		}
		switch {
		case n > best:
			best, lang, tie = n, l, false
		case n == best:
			tie = true
		}
	}
	if tie || best == 0 {
		return ""
	}
	return lang
}

// latin votes with each lexicon's common words. A language wins with at least two of its
// words and either twice as many as any other or two more (close languages such as Spanish
// and Portuguese share many); otherwise nothing is sure.
func (r *Rules) latin(text string) string {
	words := Tokens(text)
	best, second, lang := 0, 0, ""
	for l, lx := range r.langs {
		n := 0
		for _, w := range words {
			if lx.stops[w] {
				n++
			}
		}
		switch {
		case n > best:
			best, second, lang = n, best, l
		case n > second:
			second = n
		}
	}
	if best >= 2 && (best >= 2*second || best-second >= 2) {
		return lang
	}
	return ""
}
