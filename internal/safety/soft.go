package safety

import (
	"math"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// softCrisis is a backstop for the crisis rules: a naive Bayes model over character n-grams
// and words, learnt at start from the labelled examples in content/examples. Lexicons miss
// phrasings nobody wrote down; n-grams carry over inflections, misspellings and words the
// rules never listed. Below softCrisisSure it is not trusted to interrupt a conversation (it
// is wrong too often there): a message it finds likely but the rules do not gets the crisis
// contacts added to whatever else it is answered with (Assessment.CrisisMaybe). At or above
// softCrisisSure it flags a crisis as a rule would.
type softCrisis struct {
	llr       []float32 // feature bucket -> log P(f | yes) - log P(f | no)
	known     []uint64  // bit set of the buckets seen in training
	prior     float64   // log P(yes) - log P(no)
	threshold float64   // likely above this
	sureAt    float64   // sure at or above this (0: never)
}

// softBuckets is how many hashed feature buckets the model has: features are hashed rather
// than kept in a map, so scoring is an array look-up per feature. The 4,278 examples of
// 2026-11-29 fill 188,116 of the 1,048,576 buckets (counted that day), so few features share one.
const softBuckets = 1 << 20

// bucket hashes a feature (FNV-1a).
func bucket(f string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(f); i++ {
		h ^= uint32(f[i])
		h *= 16777619
	}
	return h & (softBuckets - 1)
}

// softThreshold is the mean log-likelihood ratio per known feature above which a message is
// likely a crisis. It was chosen on the second blind dev round before that round was tuned on,
// learning from the rest: there the rules of the time flagged 0.646 of the crisis messages,
// rules and backstop together 0.746, and the backstop alone flagged 5 of 338 other messages
// (3 of 78 benign ones). A false alarm costs one extra message with crisis contacts.
const softThreshold = 0.4

// softCrisisSure is the score at or above which the crisis backstop flags a crisis by itself,
// interrupting as a rule does. Chosen on blind rounds 4 to 8, each read with the rules and the
// backstop of the day before that round was tuned on (2026-11-29): of the 216 crisis messages
// (of 702) the rules missed, 24 score at least 0.8, and 4 of the 1,638 other messages do; at
// 0.6 it would be 48 against 15, at 1.0 16 against 2. With softSureMinWords, 23 against 1.
// A false alarm shows one crisis reply to someone who did not need it; a miss leaves someone
// at risk with a menu.
const softCrisisSure = 0.8

// softSureMinWords is the fewest words a message needs before the backstop may be sure of it:
// the score is a mean over a message's features, and a word or two give too few to trust. On
// the same rounds, three of the four other messages scoring 0.8 or more were one- and
// two-word thanks and greetings ("slt", "дякую, ок"), against one crisis message ("goodbye");
// on round 9 the Arabic greeting "هلا" scored as a crisis.
const softSureMinWords = 3

// softAlpha is the additive smoothing of the feature counts.
const softAlpha = 0.5

// softSextortionThreshold is the threshold of the sextortion backstop, which only speaks for
// messages no rule understood at all. Chosen on the third blind dev round before it was tuned
// on, learning from the rest: it took sextortion recall from 0.873 to 0.888 there, with no
// other message routed to sextortion.
const softSextortionThreshold = 0.5

// newSoftCrisis learns the crisis backstop from examples; with none it returns nil.
func newSoftCrisis(examples []content.Example) *softCrisis {
	m := newSoft(examples, func(ex content.Example) bool { return ex.Crisis }, softThreshold)
	if m != nil {
		m.sureAt = softCrisisSure
	}
	return m
}

// newSoftSextortion learns a backstop for sextortion messages no rule understood.
func newSoftSextortion(examples []content.Example) *softCrisis {
	return newSoft(examples, func(ex content.Example) bool { return ex.Intent == "sextortion" }, softSextortionThreshold)
}

// newSoft learns a naive Bayes model of yes(example) from examples; nil if either class is
// missing.
func newSoft(examples []content.Example, yes func(content.Example) bool, threshold float64) *softCrisis {
	var pos, neg int
	posCount := make([]float32, softBuckets)
	negCount := make([]float32, softBuckets)
	var posTotal, negTotal float64
	for _, ex := range examples {
		counts, total := negCount, &negTotal
		if yes(ex) {
			counts, total = posCount, &posTotal
			pos++
		} else {
			neg++
		}
		for b := range softFeatures(ex.Text) {
			counts[b]++
			*total++
		}
	}
	if pos == 0 || neg == 0 {
		return nil
	}
	m := &softCrisis{llr: make([]float32, softBuckets), known: make([]uint64, softBuckets/64),
		prior: math.Log(float64(pos) / float64(neg)), threshold: threshold}
	v := 0.0
	for b := range posCount {
		if posCount[b] > 0 || negCount[b] > 0 {
			v++
		}
	}
	for b := range posCount {
		if posCount[b] == 0 && negCount[b] == 0 {
			continue
		}
		m.known[b/64] |= 1 << (b % 64)
		m.llr[b] = float32(math.Log((float64(posCount[b])+softAlpha)/(posTotal+softAlpha*v)) -
			math.Log((float64(negCount[b])+softAlpha)/(negTotal+softAlpha*v)))
	}
	return m
}

// likely reports whether the model finds a message (its features) likely a yes.
func (m *softCrisis) likely(feats []uint32) bool {
	score, ok := m.score(feats)
	return ok && score > m.threshold
}

// sure reports whether the model is sure enough of a yes to act on it alone.
func (m *softCrisis) sure(feats []uint32) bool {
	score, ok := m.score(feats)
	return ok && m.sureAt > 0 && score >= m.sureAt
}

// score is the mean log-likelihood ratio over the message's features the model knows, the
// prior included; ok is false when it knows none of them. A feature that occurs twice counts
// twice here (once in training): close enough, and no allocation per feature.
func (m *softCrisis) score(feats []uint32) (float64, bool) {
	if m == nil || len(feats) == 0 {
		return 0, false
	}
	sum, n := m.prior, 0
	for _, b := range feats {
		if m.known[b/64]&(1<<(b%64)) != 0 {
			sum += float64(m.llr[b])
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// features returns the buckets of every feature of a message's normalised words (see
// eachFeature), computed once per message for all the backstops.
func features(words []string) []uint32 {
	out := make([]uint32, 0, 8*len(words))
	eachFeature(words, func(b uint32) { out = append(out, b) })
	return out
}

// softFeatures are the buckets of a message's features, each once (for training).
func softFeatures(text string) map[uint32]bool {
	out := map[uint32]bool{}
	eachFeature(Tokens(text), func(b uint32) { out[b] = true })
	return out
}

// eachFeature calls fn with the bucket of every feature of a message: its words (hashed as
// "w:word") and the character 3-, 4- and 5-grams of the words joined by spaces, with a space
// at each end. Nothing is allocated per feature.
func eachFeature(words []string, fn func(uint32)) {
	const prefix = "w:"
	for _, w := range words {
		h := uint32(2166136261)
		for i := 0; i < len(prefix); i++ {
			h = (h ^ uint32(prefix[i])) * 16777619
		}
		for i := 0; i < len(w); i++ {
			h = (h ^ uint32(w[i])) * 16777619
		}
		fn(h & (softBuckets - 1))
	}
	s := " " + strings.Join(words, " ") + " "
	starts := make([]int, 0, len(s)+1) // byte offset of every rune, and the end
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	for n := 3; n <= 5; n++ {
		for i := 0; i+n < len(starts); i++ {
			fn(bucket(s[starts[i]:starts[i+n]]))
		}
	}
}
