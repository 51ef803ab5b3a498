package safety

import (
	"testing"
	"unicode"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
)

// Tokens folds a text rune by rune when quickFold can: it must then give what the
// transformers give, for every example message and for texts that test its edges.
func TestQuickFoldIsFold(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"he says he will post my pics", "не хочу жить", "мне страшно, он пишет", "لا أريد أن أعيش",
		"नहीं जीना चाहता", "መሞት እፈልጋለሁ", "😭😭 help", "ﾌﾙ幅", "ﾊﾞｶ", "ᄀ\u1161", // half-width (with a voiced mark), jamo
		"café", "e\u0301", "йод", "ﬁne", "①", "मज़ा", "كَتَبَ", "²", "ё", "a\u0301\u0323",
		"e\xf6й", ",e\xf0²", // invalid UTF-8
	}
	for _, ex := range lib.Examples {
		texts = append(texts, ex.Text)
	}
	quick := 0
	for _, s := range texts {
		if got, ok := quickFold(s); ok {
			quick++
			if want := fold(s); got != want {
				t.Errorf("quickFold(%q) = %q, fold gives %q", s, got, want)
			}
		}
	}
	if quick < len(texts)*3/4 {
		t.Errorf("only %d of %d texts folded quickly", quick, len(texts))
	}
	t.Logf("%d of %d texts folded quickly", quick, len(texts))
}

// Every rune on its own, after a letter and before one: quickFold gives what the transformers
// give or leaves it to them.
func TestQuickFoldEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF { // surrogates are not runes of UTF-8
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b"} {
			if got, ok := quickFold(s); ok {
				if want := fold(s); got != want {
					t.Fatalf("quickFold(%q) = %q, fold gives %q", s, got, want)
				}
			}
		}
	}
}
