package safety

import "strings"

// Everyday exceptions. Tuning a crisis rule against a harmless message, the cheapest fix is
// an exception of the message's everyday word ("tonights the night + im done + !party"). It
// also keeps the rule from a real crisis told beside that word ("everyone's at the party,
// tonights the night, im done"): two reviews (2026-11-29) found ~46 such crises unflagged
// in 11 languages. Each language's lexicon lists its everyday words (content.Lexicon's
// Everyday); a crisis rule that would match but for exceptions of those words alone still
// gives the crisis contacts (Assessment.CrisisMaybe), without the interruption.

// withoutEveryday returns the rule with every exception that is an everyday word (alone or
// with stopwords: "party", "my mum", "exam*") left out, and whether any was.
func withoutEveryday(r rule, everyday []phrase, stops map[string]bool) (rule, bool) {
	out := rule{all: r.all}
	changed := false
	for _, group := range r.none {
		var kept []phrase
		for _, p := range group {
			if isEveryday(p, everyday, stops) {
				changed = true
				continue
			}
			kept = append(kept, p)
		}
		if len(kept) > 0 {
			out.none = append(out.none, kept)
		}
	}
	return out, changed
}

// isEveryday reports whether a phrase, its stopwords left out, is one of the everyday
// phrases, word by word (either side may be a stem: "exam*" is everyday when "exam" is, and
// "fiesta" when "fiest*" is).
func isEveryday(p phrase, everyday []phrase, stops map[string]bool) bool {
	words := withoutStops(p, stops)
	if len(words) == 0 {
		return false
	}
	for _, e := range everyday {
		e = withoutStops(e, stops)
		if len(e) != len(words) {
			continue
		}
		same := true
		for i, w := range words {
			if !overlaps(w, e[i]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// withoutStops returns the words of p that are not stopwords.
func withoutStops(p phrase, stops map[string]bool) []string {
	words := make([]string, 0, len(p))
	for _, w := range p {
		if !stops[w] {
			words = append(words, w)
		}
	}
	return words
}

// overlaps reports whether two lexicon words (either a stem ending in "*") can match one
// same word.
func overlaps(a, b string) bool {
	if a == "?" || b == "?" {
		return false // "any one word" is no everyday word
	}
	sa, sb := strings.TrimSuffix(a, "*"), strings.TrimSuffix(b, "*")
	switch starA, starB := sa != a, sb != b; {
	case starA && starB:
		return strings.HasPrefix(sa, sb) || strings.HasPrefix(sb, sa)
	case starA:
		return strings.HasPrefix(sb, sa)
	case starB:
		return strings.HasPrefix(sa, sb)
	default:
		return a == b
	}
}
