package safety

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/lantern-help/lantern/internal/content"
)

// logistic is a second sure crisis backstop: logistic regression over the sure backstop's
// features (words, adjacent pairs, emoji; sureFeatures), learnt at start from the labelled
// examples. Naive Bayes counts each word on its own; the regression weighs the words of a
// message together, so a word that only ever comes with a stronger one ("tonight" beside
// "pills") gets little weight of its own. It flags what neither the crisis rules nor the
// naive Bayes backstop flagged, and only when the message is not a sextortion (see
// Rules.Assess): on sextortion stories it flagged distress that was not a crisis, and the
// sextortion reply already carries the crisis line.
type logistic struct {
	w         []float32 // feature bucket -> weight
	bias      float64
	threshold float64 // a crisis above this probability
}

// softCrisisLogistic is the logistic backstop's threshold. Chosen (2026-11-29) on two blind
// sets each read with the rules and examples of the day before it was tuned on: rounds 13+14
// (1,040 messages, 195 with a crisis sign) and round 12 (520, 208 crisis, 132 hard negatives
// that use crisis words harmlessly). With the naive Bayes backstop alone the rules flagged
// 170/195 and 176/208, with 5 and 12 benign messages flagged; adding this model at 0.8 flagged
// 178/195 and 188/208 with 5 and 13 benign (4 more false flags on rounds 13+14, all on
// non-benign messages); at 0.7, 179/195 and 190/208 with 6 and 14 benign. 5, 10 or 20 passes
// and L2 from 1e-5 to 1e-3 moved these by at most 3 messages.
//
// Lowered to 0.6 later that day, with six more blind rounds (21 to 26, 2,080 messages: 806 with
// a crisis sign, 494 benign of which 130 hard negatives written to look like a crisis), each
// read with the rules and examples from before it was tuned on: at 0.8 the rules and
// backstops flagged 712 of the 806 and 24 benign messages; at 0.6, 731 and 28 (0.7: 719 and
// 26). Lowering the sure backstop's 0.5 to 0.4 as well flagged 739 and 30, but 12 of the 547
// hard negatives of the crisis family audit (TestCrisisFamilies allows 1 %), so it stays.
//
// Its cost on first messages (testdata/eval/intro30.jsonl, 288 harmless introductions, written
// blind the next session): with both sure backstops 35 are flagged a crisis; the naive Bayes
// alone 15, this model also at 0.6 20 more (0.8: 12 more). Learning those messages cost 18 of
// 2,426 crisis flags on the blind rounds. Learning instead 360 harmless first messages written
// apart (content/examples/first_messages.jsonl, the next session) took intro30 to 13 flagged and
// a second blind set of first messages (intro31) from 11 to 4 of 240 (3 after round 29), for 16 of the 2,426
// crisis flags (2,237 -> 2,221; 7 fewer benign flags) and one or two more on fresh11 and fresh12.
const softCrisisLogistic = 0.6

// The logistic backstop's training: passes over the examples, AdaGrad's step size and the L2
// penalty on each weight.
const (
	logisticPasses = 5
	logisticStep   = 0.5
	logisticL2     = 1e-4
)

// newLogistic learns the logistic backstop of yes(example) over featuresOf's features (each
// counted once per example); nil if either class is missing. Training is deterministic: the examples
// are shuffled with a fixed seed and each one's features are summed in order.
func newLogistic(examples []content.Example, yes func(content.Example) bool, featuresOf func(string) []uint32) *logistic {
	var pos, neg int
	for _, ex := range examples {
		if yes(ex) {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return nil // with one class only, the bias alone would decide
	}
	type sample struct {
		feats []uint32
		y     float64
	}
	samples := make([]sample, 0, len(examples))
	for _, ex := range examples {
		feats := slices.Sorted(func(yield func(uint32) bool) {
			for b := range softFeatures(ex.Text, featuresOf) {
				if !yield(b) {
					return
				}
			}
		})
		s := sample{feats: feats}
		if yes(ex) {
			s.y = 1
		}
		samples = append(samples, s)
	}
	m := &logistic{w: make([]float32, softBuckets), threshold: softCrisisLogistic}
	sq := make([]float32, softBuckets) // AdaGrad: the squared gradients each weight has seen
	var biasSq float64
	rng := rand.New(rand.NewPCG(1, 2))
	for range logisticPasses {
		rng.Shuffle(len(samples), func(i, j int) { samples[i], samples[j] = samples[j], samples[i] })
		for _, s := range samples {
			g := m.prob(s.feats) - s.y
			for _, b := range s.feats {
				gw := g + logisticL2*float64(m.w[b])
				sq[b] += float32(gw * gw)
				m.w[b] -= float32(logisticStep * gw / math.Sqrt(float64(sq[b])+1e-8))
			}
			biasSq += g * g
			m.bias -= logisticStep * g / math.Sqrt(biasSq+1e-8)
		}
	}
	return m
}

// prob is the model's probability of a yes for a message's features.
func (m *logistic) prob(feats []uint32) float64 {
	z := m.bias
	for _, b := range feats {
		z += float64(m.w[b])
	}
	return 1 / (1 + math.Exp(-z))
}

// likely reports whether the model finds a message (its features) a yes above its threshold.
// Each feature counts once, as in training: weights add up, so a word typed seven times
// ("no no no no no no no") must not weigh seven times.
func (m *logistic) likely(feats []uint32) bool {
	if m == nil || len(feats) == 0 {
		return false
	}
	var buf [1024]uint32 // most messages' features fit: sorted on the stack, not copied to the heap
	once := append(buf[:0], feats...)
	slices.Sort(once)
	return m.prob(slices.Compact(once)) > m.threshold
}
