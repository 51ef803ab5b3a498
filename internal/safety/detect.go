package safety

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/lantern-help/lantern/internal/content"
)

// Detect returns the language text is clearly written in, or "" when it can't tell: by
// script first (Cyrillic, Arabic, Devanagari, Ethiopic, with the letters that tell Ukrainian
// from Russian and Persian from Arabic), then by the common words of each lexicon, and
// between two languages of one script by the character n-gram model when it is sure. Short
// or mixed messages give "": the caller keeps the language it had.
func (r *Rules) Detect(text string) string {
	lang, _ := r.detect(text, detectMargin, detectWords, false)
	if lang != "" && lang != "ar" && lang != "fa" && arabizi(text) {
		return "" // "el ragel elly ... wa2ef ta7t el beit" is Arabic, however Spanish its "el" looks
	}
	return lang
}

// DetectFor is Detect for a conversation held in lang. Where Detect cannot tell, a message
// in a script lang is not written in ("سلام" in an English chat: Arabic or Persian) is read in
// the language Guess gives it (the n-gram model's lean, else the script's most used
// language): either is nearer than lang, which the person does not write in.
func (r *Rules) DetectFor(text, lang string) string {
	if got := r.Detect(text); got != "" {
		return got
	}
	if _, script := r.detect(text, detectMargin, detectWords, false); script != "" && !usesScript(lang, script) {
		return r.Guess(text)
	}
	return ""
}

// usesScript reports whether lang is written in the script detect names by its most used
// language (ru for Cyrillic, ar for Arabic letters, hi, am).
func usesScript(lang, script string) bool {
	switch script {
	case "ru":
		return lang == "ru" || lang == "uk"
	case "ar":
		return lang == "ar" || lang == "fa"
	}
	return lang == script
}

// arabizi reports a word written the way Arabic (and Persian) is typed in Latin letters, a
// digit standing for a letter inside it ("wa2ef", "3ayez", "ta7t", "5alas"): no other language
// Lantern speaks writes words so.
func arabizi(text string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if ordinal(w) {
			continue // "3rd", "5th"
		}
		for i := 1; i+1 < len(w); i++ {
			if strings.IndexByte("235679", w[i]) >= 0 && isASCIILetter(w[i-1]) && isASCIILetter(w[i+1]) {
				return true
			}
		}
		if len(w) >= 3 && strings.IndexByte("2357", w[0]) >= 0 && isASCIILetter(w[1]) && isASCIILetter(w[2]) {
			return true // "3ayez", "7abibi", "5alas"
		}
	}
	return false
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// ordinal reports an English ordinal written with digits ("3rd", "25th").
func ordinal(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	switch strings.ToLower(w[i:]) {
	case "st", "nd", "rd", "th":
		return i > 0
	}
	return false
}

// Guess returns the language text is most likely written in, for a message that comes with
// no language at all (classify's lines without lang): as Detect, but where Detect would say
// "not sure" it takes the n-gram model's language when the model leans one way (also for
// Latin script: romanised Hindi, Arabic or Persian), and else the script's most used
// language (ru for Cyrillic, ar for Arabic) or English.
func (r *Rules) Guess(text string) string {
	lang, script := r.detect(text, guessMargin, 1, true)
	if lang != "" {
		return lang
	}
	if script != "" && r.langs[script] != nil {
		return script
	}
	return content.DefaultLang
}

// detectMargin is how far ahead (log-likelihood per feature) the n-gram model's best
// language must be for Detect to tell Russian from Ukrainian or Arabic from Persian on it,
// and detectWords how many words the message needs for that. Detect never asks the model
// about Latin script: an app's name or a username typed into the report helper
// ("@rich.kid.4u") must not switch a conversation's language. guessMargin is Guess's, which
// only has to beat English by default.
const (
	detectMargin = 0.5
	detectWords  = 3
	guessMargin  = 0.1
)

// detect does the work of Detect and Guess: the language (or ""), and when the script
// itself points at a language, that one as a last resort.
func (r *Rules) detect(text string, margin float64, words int, latinModel bool) (lang, script string) {
	if len(Tokens(text)) < words {
		margin = math.Inf(1) // too short for the model
	}
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
	// A script other than Latin decides when it has at least half as many letters as Latin:
	// app names and English words are often typed in Latin inside Russian or Amharic text
	// (and an Ethiopic letter is a whole syllable).
	scripts := []int{cyr, arab, deva, ethi}
	at := most(scripts...)
	if at < 0 || 2*scripts[at] < latin {
		at = 4
	}
	switch at {
	case 0:
		return r.between(text, margin, "ru", ru, "uk", uk), "ru"
	case 1:
		return r.between(text, margin, "ar", ar, "fa", fa), "ar"
	case 2:
		return pick("hi"), "hi"
	case 3:
		return pick("am"), "am"
	}
	if latin == 0 {
		return "", ""
	}
	if lang := r.latin(text); lang != "" {
		return lang, ""
	}
	if lang := r.byRules(text, r.order...); lang != "" && !r.outvoted(text, lang) {
		return lang, ""
	}
	if lang, lead := r.model.best(text); lead >= margin && latinModel {
		return lang, ""
	}
	return "", ""
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
// hasB), else by their common words, else by the n-gram model if it leads by margin.
func (r *Rules) between(text string, margin float64, a string, hasA bool, b string, hasB bool) string {
	switch {
	case hasA && !hasB && r.langs[a] != nil:
		return a
	case hasB && !hasA && r.langs[b] != nil:
		return b
	}
	if lang := r.vote(text, a, b); lang != "" {
		return lang
	}
	if lang := r.byRules(text, a, b); lang != "" {
		return lang
	}
	if lang, lead := r.model.best(text, a, b); lead >= margin && r.langs[lang] != nil {
		return lang
	}
	return ""
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
// and Portuguese share many); otherwise nothing is sure. A letter only one of the languages
// writes (signatureLetters: Spanish ñ, Portuguese ã) counts as one more word of it, two at
// most: "soy mamá de un niño de 12 años" has four Spanish common words to French's three
// ("de", "de", "un") and was not sure, so a Mexican mother was answered in English.
func (r *Rules) latin(text string) string {
	words := Tokens(text)
	signed := signatureLetters(text)
	best, second, lang := 0, 0, ""
	for l, lx := range r.langs {
		n := min(signed[l], 2)
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

// signatureLetters counts, per language, the letters in text that among Lantern's Latin-
// script languages only it writes: ñ and the inverted marks for Spanish, ã and õ for
// Portuguese, ß, ä and ö for German, and French's è, ù, î, û, ë, ï and œ. Shared ones (ç, ê,
// à, ü as in "vergüenza") tell nothing.
func signatureLetters(text string) map[string]int {
	var signed map[string]int
	for _, c := range strings.ToLower(text) {
		var lang string
		switch c {
		case 'ñ', '¿', '¡':
			lang = "es"
		case 'ã', 'õ':
			lang = "pt"
		case 'ß', 'ä', 'ö':
			lang = "de"
		case 'è', 'ù', 'î', 'û', 'ë', 'ï', 'œ':
			lang = "fr"
		default:
			continue
		}
		if signed == nil {
			signed = map[string]int{}
		}
		signed[lang]++
	}
	return signed
}

// outvoted reports a language none of whose common words the text has while it has two of
// English's or more (one, for Amharic): a rule of that language matched an English word it
// borrows ("Hi, I am a school counsellor in Melbourne" matched a Hinglish rule on
// "counsellor" and was answered in Hindi).
func (r *Rules) outvoted(text, lang string) bool {
	en, lx := r.langs[content.DefaultLang], r.langs[lang]
	if en == nil || lx == nil || lang == content.DefaultLang {
		return false
	}
	own, english := 0, 0
	for _, w := range Tokens(text) {
		if lx.stops[w] {
			own++
		}
		if en.stops[w] {
			english++
		}
	}
	if own > 0 {
		return false
	}
	// Amharic in Latin letters is rare, and its lexicon has no Latin common words: one
	// English common word outvotes a rule alone ("hes literally my best friend" matched an
	// Amharic rule that keeps the English "best friend" of code-mixed Amharic, and an
	// English chat went on in Amharic). Romanised Russian, Arabic, Persian and Hindi are
	// common, and share short words with English ("ne hochu bolshe jit lol"): two needed.
	return english >= 2 || english >= 1 && lang == "am"
}

// wholeGreetings returns the plain phrases of two or more words among the first groups of a
// lexicon's greeting rules, each as its words joined by spaces.
func wholeGreetings(lines []string) map[string]bool {
	out := map[string]bool{}
	for _, line := range lines {
		first, _, _ := strings.Cut(line, " + ")
		for _, p := range strings.Split(first, "|") {
			if strings.ContainsAny(p, "*?") {
				continue
			}
			if words := Tokens(p); len(words) >= 2 {
				out[strings.Join(words, " ")] = true
			}
		}
	}
	return out
}

// byRules returns the one language among langs whose rules the text matches, or "" when none
// or several do. A lexicon's rules are phrases of its own language: "quiero morir" is two
// words and no common ones, but only the Spanish crisis rules know it. Only crisis, intent,
// hesitant, paid and no_demand rules count: audience rules are single words that other languages use too ("mom" is one of
// the Hindi ones), and a greeting only when it is the whole message ("hola", "selamat malam";
// not "theek hai", whose "hai" is an Indonesian greeting, nor "na im good", "na" being German). English is never
// chosen this way: its words are every language's loanwords ("quiero kms", "me hicieron
// sextortion"); English text is told by its common words.
func (r *Rules) byRules(text string, langs ...string) string {
	words := Tokens(text)
	ix := r.vocab.read(words)
	crisis := r.anyCrisis.matchParts(ix)
	var want uint64 // the topics that tell a language
	for _, in := range priority {
		if in != Greeting || len(words) == 1 {
			want |= topicBit(string(in))
		}
	}
	// ("no sé cómo decirlo": its common words are Portuguese ones as well, its hedge Spanish)
	want |= topicBit(topicHesitant) | topicBit(topicPaid) | topicBit(topicNoDemand)
	whole := strings.Join(words, " ")
	found := ""
	for _, lang := range langs {
		lx := r.langs[lang]
		if lx == nil {
			continue
		}
		i := slices.Index(r.order, lang)
		if crisis&(1<<uint(i)) == 0 && lx.topics.matchParts(ix)&want == 0 && !lx.greets[whole] {
			continue
		}
		if found != "" {
			return ""
		}
		found = lang
	}
	if found == content.DefaultLang {
		return ""
	}
	return found
}
