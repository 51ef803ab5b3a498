package safety

import (
	"math"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// softCrisis is a backstop for the crisis rules: a naive Bayes model over character n-grams
// and words, learnt at start from the labelled examples in content/examples. Lexicons miss
// phrasings nobody wrote down; n-grams carry over inflections, misspellings and words the
// rules never listed. It is not trusted to interrupt a conversation (it is wrong too often
// for that): a message it finds likely but the rules do not gets the crisis contacts added
// to whatever else it is answered with (Assessment.CrisisMaybe).
type softCrisis struct {
	llr   map[string]float64 // feature -> log P(f | crisis) - log P(f | not crisis)
	prior float64            // log P(crisis) - log P(not crisis)
}

// softThreshold is the mean log-likelihood ratio per known feature above which a message is
// likely a crisis. It was chosen on the second blind dev round before that round was tuned on,
// learning from the rest: there the rules of the time flagged 0.646 of the crisis messages,
// rules and backstop together 0.746, and the backstop alone flagged 5 of 338 other messages
// (3 of 78 benign ones). A false alarm costs one extra message with crisis contacts.
const softThreshold = 0.4

// softAlpha is the additive smoothing of the feature counts.
const softAlpha = 0.5

// newSoftCrisis learns from examples; with none it returns nil (no backstop).
func newSoftCrisis(examples []content.Example) *softCrisis {
	var pos, neg int
	posCount, negCount := map[string]float64{}, map[string]float64{}
	var posTotal, negTotal float64
	for _, ex := range examples {
		fs := softFeatures(ex.Text)
		counts, total := negCount, &negTotal
		if ex.Crisis {
			counts, total = posCount, &posTotal
			pos++
		} else {
			neg++
		}
		for f := range fs {
			counts[f]++
			*total++
		}
	}
	if pos == 0 || neg == 0 {
		return nil
	}
	vocab := map[string]bool{}
	for f := range posCount {
		vocab[f] = true
	}
	for f := range negCount {
		vocab[f] = true
	}
	v := float64(len(vocab))
	m := &softCrisis{llr: make(map[string]float64, len(vocab)), prior: math.Log(float64(pos) / float64(neg))}
	for f := range vocab {
		m.llr[f] = math.Log((posCount[f]+softAlpha)/(posTotal+softAlpha*v)) - math.Log((negCount[f]+softAlpha)/(negTotal+softAlpha*v))
	}
	return m
}

// likely reports whether the model finds a message (its normalised words) likely a crisis.
// A feature that occurs twice counts twice here (once in training): close enough, and no
// allocation per feature.
func (m *softCrisis) likely(words []string) bool {
	if m == nil || len(words) == 0 {
		return false
	}
	sum, n := m.prior, 0
	eachFeature(words, func(f string) {
		if l, ok := m.llr[f]; ok {
			sum += l
			n++
		}
	})
	return n > 0 && sum/float64(n) > softThreshold
}

// softFeatures are a message's features, each once (for training).
func softFeatures(text string) map[string]bool {
	out := map[string]bool{}
	eachFeature(Tokens(text), func(f string) { out[f] = true })
	return out
}

// eachFeature calls fn with the words of a message (as "w:word") and the character 3-, 4-
// and 5-grams of the words joined by spaces, with a space at each end.
func eachFeature(words []string, fn func(string)) {
	var b strings.Builder
	b.WriteString("w:")
	for _, w := range words {
		b.WriteString(w)
		fn(b.String())
		b.Reset()
		b.WriteString("w:")
	}
	s := " " + strings.Join(words, " ") + " "
	starts := make([]int, 0, len(s)+1) // byte offset of every rune, and the end
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	for n := 3; n <= 5; n++ {
		for i := 0; i+n < len(starts); i++ {
			fn(s[starts[i]:starts[i+n]])
		}
	}
}
