package safety

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/lantern-help/lantern/internal/content"
)

// logistic is the second and third sure crisis backstops: logistic regression over the sure
// backstop's features (words, adjacent pairs, emoji; sureFeatures), and for the third over the
// same words' character n-grams as well (see softCrisisChars), learnt at start from the labelled
// examples. Naive Bayes counts each word on its own; the regression weighs the words of a
// message together, so a word that only ever comes with a stronger one ("tonight" beside
// "pills") gets little weight of its own. Each flags what neither the crisis rules nor the
// naive Bayes backstop flagged; the second only when the message is not a sextortion (on
// sextortion stories it flagged distress that was not a crisis, and the sextortion reply
// already carries the crisis line), the third in sextortion stories too (see Rules.Assess).
// The same regression over the character features is the second sextortion backstop (see
// softSextortionLogistic).
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

// softCrisisChars is the threshold of the third sure crisis backstop (charLogit): the same
// regression over the character n-grams (3 to 5 letters, as the likely backstop reads them)
// of the words the sure backstops read, as well as those backstops' own features. Chosen
// (2026-11-30) on blind rounds 37 and 39, each read with its lexicons and examples of before
// it was tuned on (407 crisis messages, 104 benign): the rules and the two backstops before
// it flagged 158/186 and 196/221; with it at 0.6 to 0.9, 164-165 and 200, the benign flagged
// 1 and 5 -> 1-2 and 6; the crisis family audit's harmless rows 5 of 639 as before. Then on
// round 41, written blind that day and read before anything learnt from it: 202 -> 208 of 221.
// The messages it added read like crises a careful person would not miss ("ich hab die
// tabletten schon hier liegen" after a sextortion threat, "кошку отдам Лене ... меня там всё
// равно не будет", a 13-year-old's online "friend" waiting at the end of the road now). With
// softCharMinWords and softCharWordFloor as they are, and before it read sextortion stories too
// (see Rules.Assess): 164, 200 and 208 (16 more of 628), benign 1, 6 and 1 (2 more of 156),
// intro30's harmless first messages 18 -> 19 of 288.
const softCrisisChars = 0.75

// softCrisisStory is the threshold of the story backstop (Rules.storyLogit): the character
// backstop's regression, learnt only from the examples that tell a story (sextortion,
// grooming, a friend's) and from crises, so that a story's own words (photos, money,
// threats) weigh nothing either way and what is left is the despair in it. It reads only
// messages the rules read as such a story with no crisis flag, when the word regression
// gives more than softCharWordFloor. Chosen (2026-11-30) over the examples in five folds,
// each read by models learnt from the other four: of the 1,328 held-out stories with a
// crisis sign it flags 0.805 (6,031 without: 80 flagged, 1.3 %); 0.785 and 67 with the
// floor at 0.2; 0.845 and 143 with no floor. Then on the dev half of blind round 46
// (testdata/dev/round46.jsonl, 240 crisis messages, most told inside a sextortion story,
// read before anything learnt from it): 184 -> 193 flagged. Learning it costs about 0.8 s more
// at start on two cores (`lantern classify` of nothing: 5.6 -> 6.5 s).
const softCrisisStory = 0.5

// softStoryMinWords is the fewest words (those the sure backstops read) the story backstop
// needs: a short message gives it too little to tell despair from the story's words, and it
// read "she is sextorting me" and "i think he is sextorting me" (a verb form no example has)
// as crises, whose reply then opened with "don't get into their car". Measured (2026-12-01):
// of 30 short sextortion messages of mine with no crisis sign 3 were flagged, 0 with 7; over
// every untuned set, blind rounds 37, 39, 41, 48 and 49 and the tuned examples, crisis
// messages flagged were the same with 1, 5 or 7; harmless messages flagged one fewer with 7
// (intro30 20 -> 19).
const softStoryMinWords = 7

// softDanger is the threshold of the danger backstop (Rules.danger): the character backstop's
// regression learnt from the crisis examples alone, a yes for those labelled `danger` (694 of
// 5,980: the 156 of content/examples/dng42.jsonl, written as immediate danger from someone
// met online, and 538 more that five helpers found reading every other crisis example on
// 2026-11-30: someone waiting outside, following the child, picking them up, a child gone to
// meet someone from online, a drunk stepfather breaking in), so that the crisis reply says
// not to go with them only where that is the danger. Measured that day on the crises flagged
// in the untuned sets: danger41 (immediate danger from someone met online, written blind by
// another round) 68 of 71; crisis46 (despair inside sextortion stories) 4 of 183; fresh11 20
// of 156, fresh12 24 of 156, fresh38 25 of 183, fresh42 31 of 214, ctx32 23 of 174 (sets
// that mix in such dangers; their texts are not read). On the dev half of round 46 it read 5
// of 193: three grooming stories with a meeting planned, and two it should not have (a
// farewell letter to a mother, a wish to follow a dead father). Of 44 suicidal messages of my
// own told home alone (parents at work, nobody home; 3 or 4 in each language) it read 3 as
// danger ("meine eltern sind arbeiten, ich bin allein zuhause und will mich umbringen"): so
// the danger reply is the whole crisis reply plus "don't go with them", never less. Before
// the 538 were labelled (they were then taught as "no"), the same threshold read danger41
// 51 of 71. Between 0.2 and 0.7 the readings hardly moved. Learning it costs about 0.4 s more at start on two cores.
const softDanger = 0.5

// softCrisisSextortion is the threshold of the crisis sextortion backstop (Rules.crisisSx):
// the character backstop's regression learnt from the crisis examples alone, a yes for a
// sextortion told with the crisis (1,326 of 5,980), so that the despair in a message weighs
// nothing either way. It reads a crisis no intent rule read, of crisisSextortionMinWords
// words or more, that the sextortion regression (sxLogit, at its own threshold) also reads
// as a sextortion; the sextortion steps then follow the crisis reply. Chosen (2026-11-30) on
// the dev half of round 46 (72 such crises, read before anything learnt from it: 10 more
// sextortion stories read as sextortion, and one viral video of a fall, not a sextortion)
// and the crisis family audit (testdata/families: 1,706 such crises, which tuned the
// lexicons but no backstop). With no floor on words the audit's short cries of despair were
// read as sextortion ("ليتني لم اولد اصلا": 23 of them); at 8 words 6, at 10 words one, a
// parent's "she says she doesn't want to be any more; they spread her photo in the class
// group" (11 words); at 12, none (the one message it reads, "he says the whole school sees
// it tomorrow" after a note left on the fridge, is a sextortion, and is now labelled one).
// Then on the untuned sets: sextortion over the eight older ones 1,030 -> 1,048 of 1,090 (by
// eval), other messages read as sextortion 115 -> 118; crisis46 113 -> 119 of 144.
const softCrisisSextortion = 0.5

// crisisSextortionMinWords is the fewest words a crisis needs for the crisis sextortion
// backstop to read it (see softCrisisSextortion; measured there from 0 to 12).
const crisisSextortionMinWords = 12

// softCharMinWords is the fewest words (those the sure backstops read) the character backstop
// needs: over the n-grams of two or three words it read "im her dad" and "im her mum" as a
// crisis (the examples' parents telling of a child at risk). From 3 to 8 words it flagged the
// same messages of rounds 37, 39 and 41, intro30 and the family audit; the shortest crisis it
// added on rounds 37 and 39 had 12 words.
const softCharMinWords = 5

// softCharWordFloor is what the word regression (sureLogit) must give more than for the
// character backstop to flag a message. The character n-grams of hard negatives are those of crises
// ("me está matando", "dying"): over the examples in ten folds, each read by what the other
// nine taught, the character backstop at 0.75 flagged 110 more of their 3,610 harmless
// messages (177 -> 287; written mostly to look like a crisis) for 4 more of 5,564 crisis ones
// (the rules, tuned on them, catch the rest). With this floor at 0.1 it flagged 64 more
// (0.2: 45, 0.3: 27), and on rounds 37, 39 and 41 read before they were learnt 16 more crisis
// messages where it had 17 (0.2: 12; 0.3: 8). Raising its own threshold instead cost more
// crisis messages for fewer harmless ones spared (0.99: 12 more crisis, 69 more harmless).
const softCharWordFloor = 0.1

// The logistic backstop's training: passes over the examples, AdaGrad's step size and the L2
// penalty on each weight.
const (
	logisticPasses = 5
	logisticStep   = 0.5
	logisticL2     = 1e-4
)

// logisticSeeds is how many models, each learnt from the examples in its own order (passOrder),
// the logistic backstop averages (weights and bias). Five passes of AdaGrad do not reach the
// one best fit, so where a model ends depends on the order it read the examples in: on
// 2026-11-30, of the 22,032 distinct messages stored in the project (examples, evaluation
// sets, blind rounds), two models differing only in their shuffle's seed disagreed on 272 to
// 296 (seeds 1 to 8 against seed 1). That is the noise which made a round's new examples
// move backstop-only crisis flags on the untuned sets. Two averages of 2, 4 and 8 models
// (disjoint seeds) disagreed on 194, 132 and 87; with one example in 30 left out, a single
// model's reading changed on 298 messages, the average of 8 on 133. Read with the content of
// before each was tuned on, the 23 blind rounds 12 to 34 then had 3,334 of 3,635 crisis
// messages flagged (one model: 3,328) and 80 of 1,740 harmless ones (85); the untuned sets
// lost nothing (fresh11 harmless flagged 2 -> 1 of 78, fresh12 crisis 152 -> 153 of 156).
// Learning eight models costs about 0.4 s more at start on two cores.
const logisticSeeds = 8

// newLogistic learns a logistic backstop of yes(example) over featuresOf's features (each
// counted once per example), flagging above threshold; nil if either class is missing. It is the average of
// logisticSeeds models learnt on the cores at hand; training is deterministic (fixed seeds,
// the models summed in seed order).
func newLogistic(examples []content.Example, yes func(content.Example) bool, featuresOf func(string) []uint32, threshold float64) *logistic {
	samples, both := logisticSamples(examples, yes, featuresOf)
	if !both {
		return nil // with one class only, the bias alone would decide
	}
	if len(samples) > orderIndexMask {
		panic(fmt.Sprintf("safety: %d examples, more than the training order can place", len(samples)))
	}
	models := make([]*logistic, logisticSeeds)
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), logisticSeeds) {
		wg.Go(func() {
			for i := range next {
				models[i] = trainLogistic(samples, uint64(i+1))
			}
		})
	}
	for i := range models {
		next <- i
	}
	close(next)
	wg.Wait()
	m := average(models)
	m.threshold = threshold
	return m
}

// logisticSamples returns the examples as the logistic backstop learns them, and whether
// both classes are among them.
func logisticSamples(examples []content.Example, yes func(content.Example) bool, featuresOf func(string) []uint32) ([]logisticSample, bool) {
	var pos, neg int
	samples := make([]logisticSample, 0, len(examples))
	for _, ex := range examples {
		s := logisticSample{feats: softFeatures(ex.Text, featuresOf), key: textKey(ex.Text)}
		if yes(ex) {
			s.y = 1
			pos++
		} else {
			neg++
		}
		samples = append(samples, s)
	}
	return samples, pos > 0 && neg > 0
}

// average returns the model whose weights and bias are the means of models' (in their
// order, so the sums round the same way every time).
func average(models []*logistic) *logistic {
	m := &logistic{w: make([]float32, softBuckets)}
	n := float32(len(models))
	for _, one := range models {
		for b, w := range one.w {
			m.w[b] += w / n
		}
		m.bias += one.bias / float64(n)
	}
	return m
}

// logisticSample is one example as the logistic backstop learns it: its features, sorted and
// each once, 1 for a yes, and a key of its text that places it in each pass's order.
type logisticSample struct {
	feats []uint32
	y     float64
	key   uint64
}

// textKey returns a fixed 64-bit key of an example's text (FNV-1a), from which each pass's
// place of the example is drawn.
func textKey(text string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(text); i++ {
		h ^= uint64(text[i])
		h *= 1099511628211
	}
	return h
}

// mix64 scrambles a 64-bit value (the SplitMix64 finaliser), so that keys differing in one
// bit land far apart.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// passOrder returns the order in which one pass of one model reads the samples: sorted by a
// key drawn from each sample's text, the model's seed and the pass. An example's place
// depends on its own text only, so adding or removing examples leaves the others in the same
// order relative to each other; a shuffle of the whole list (math/rand's, used until
// 2026-12-01) drew a new order for every example whenever the count changed, so one new
// example moved the backstops' readings of unrelated messages. Identical texts keep the order
// they were read in. Measured on 2026-12-01 over the 26,123 messages of the examples and the
// evaluation sets: 22 harmless examples added changed the crisis flag of 48 of them with the
// shuffle, of 7 with this order; 41 other harmless examples, 46 and 13. It costs nothing
// measurable at start (`lantern classify </dev/null`, idle machine, three runs each: 15.2 to
// 16.9 s against 15.2 to 17.9 s with the shuffle).
//
// Not instrumented by the race detector (go:norace), for trainLogistic's reason: it reads the
// shared samples and writes only its own slices. Its sort is its own for that reason too: the
// library's would be instrumented. With it, TestKill9 (which restarts the bot under -race) ran
// past its wait once, on a machine also running a second CI; whether the sort or the load
// caused that was not measured.
//
//go:norace
func passOrder(samples []logisticSample, seed uint64, pass int) []int32 {
	// Each place is the key's high bits above the sample's index: sorting plain integers is
	// several times faster than sorting pairs, and equal keys keep the index order.
	salt := mix64(seed<<32 | uint64(pass))
	places := make([]uint64, len(samples))
	for i, s := range samples {
		places[i] = mix64(s.key^salt)&^orderIndexMask | uint64(i)
	}
	// Least significant digit radix sort, a byte at a time.
	spare := make([]uint64, len(places))
	for shift := 0; shift < 64; shift += 8 {
		var count [257]int
		for _, p := range places {
			count[(p>>shift)&0xff+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, p := range places {
			d := (p >> shift) & 0xff
			spare[count[d]] = p
			count[d]++
		}
		places, spare = spare, places
	}
	order := make([]int32, len(places))
	for i, p := range places {
		order[i] = int32(p & orderIndexMask)
	}
	return order
}

// orderIndexMask holds a sample's index in passOrder's places: up to 2^24 examples.
const orderIndexMask = 1<<24 - 1

// trainLogistic learns one logistic model, reading the samples in each pass in the order
// passOrder gives for seed.
//
// The race detector does not instrument it (go:norace): each call writes only the model and
// squared gradients it made itself and reads the shared samples, which nothing writes after
// logisticSamples. Instrumented, the two regressions' sixteen trainings made the test that
// restarts the bot twice (TestKill9) take 190 s under -race (131 s without; 83 s before the
// character backstop), and once run past its wait for a restarted bot to poll.
//
//go:norace
func trainLogistic(samples []logisticSample, seed uint64) *logistic {
	// Each weight beside its AdaGrad sum of squared gradients: reading a message's weights
	// brings the sums it updates next into the cache with them (the features are hashed over
	// a million buckets, so nearly every look-up is a cache miss).
	type cell struct{ w, sq float32 }
	cells := make([]cell, softBuckets)
	var bias, biasSq float64
	for pass := range logisticPasses {
		for _, i := range passOrder(samples, seed, pass) {
			s := samples[i]
			z := bias
			for _, b := range s.feats {
				z += float64(cells[b].w)
			}
			g := 1/(1+math.Exp(-z)) - s.y
			for _, b := range s.feats {
				c := &cells[b]
				gw := g + logisticL2*float64(c.w)
				c.sq += float32(gw * gw)
				c.w -= float32(logisticStep * gw / math.Sqrt(float64(c.sq)+1e-8))
			}
			biasSq += g * g
			bias -= logisticStep * g / math.Sqrt(biasSq+1e-8)
		}
	}
	m := &logistic{w: make([]float32, softBuckets), bias: bias}
	for b, c := range cells {
		m.w[b] = c.w
	}
	return m
}

// likely reports whether the model finds a message (its features) a yes above its threshold.
func (m *logistic) likely(feats []uint32) bool {
	return m != nil && m.probOnce(feats) > m.threshold
}

// probOnce is prob of a message's features given in one or more lists, each feature counted
// once, as in training: weights add up, so a word typed seven times ("no no no no no no no")
// must not weigh seven times. 0 for a message with no features.
func (m *logistic) probOnce(feats ...[]uint32) float64 {
	if m == nil {
		return 0
	}
	n := 0
	for _, f := range feats {
		n += len(f)
	}
	if n == 0 {
		return 0
	}
	// The features seen so far, in an open-addressing set at least twice their number (on
	// the stack for most messages): sorting them to drop repeats cost more than the sum.
	var buf [1024]uint32
	size := 64
	for size < 2*n {
		size *= 2
	}
	seen := buf[:]
	if size > len(buf) {
		seen = make([]uint32, size)
	}
	seen = seen[:size]
	mask := uint32(size - 1)
	z := m.bias
	for _, f := range feats {
		for _, b := range f {
			i := b & mask // buckets are hashes already
			for seen[i] != 0 && seen[i] != b+1 {
				i = (i + 1) & mask
			}
			if seen[i] == 0 {
				seen[i] = b + 1 // 0 is an empty slot
				z += float64(m.w[b])
			}
		}
	}
	return 1 / (1 + math.Exp(-z))
}
