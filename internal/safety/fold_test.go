package safety

import (
	"testing"

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
		"नहीं जीना चाहता", "መሞት እፈልጋለሁ", "😭😭 help", "ﾌﾙ幅", "ᄀ" + "ᅡ", // half-width, jamo
	}
	texts = append(texts, "café", "e\u0301", "йод", "ﬁne", "①", "ᄀ\u1161", "मज़ा", "كَتَبَ", "²", "ё", "ﾌﾙ幅", "a\u0301\u0323")
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
