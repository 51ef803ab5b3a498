package safety

import "unicode"

// Detect returns the language text is clearly written in, or "" when it can't tell: by
// script first (Cyrillic, Arabic, Devanagari, Ethiopic, with the letters that tell Ukrainian
// from Russian and Persian from Arabic), then, for Latin script, by the common words of each
// lexicon. Short or mixed messages give "": the caller keeps the language it had.
func (r *Rules) Detect(text string) string {
	var cyr, arab, deva, ethi, latin int
	uk, fa := false, false
	for _, c := range text {
		switch {
		case unicode.Is(unicode.Cyrillic, c):
			cyr++
			uk = uk || c == 'і' || c == 'ї' || c == 'є' || c == 'ґ' || c == 'І' || c == 'Ї' || c == 'Є' || c == 'Ґ'
		case unicode.Is(unicode.Arabic, c):
			arab++
			fa = fa || c == 'پ' || c == 'چ' || c == 'ژ' || c == 'گ' || c == 'ی' || c == 'ک'
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
	switch most(cyr, arab, deva, ethi, latin) {
	case 0:
		if uk {
			return pick("uk")
		}
		return pick("ru")
	case 1:
		if fa {
			return pick("fa")
		}
		return pick("ar")
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
