package content_test

import (
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/content"
)

// A phrase that names a set is read as one phrase per member, two names as every pair, in
// any group of any section, exceptions included.
func TestLexiconSets(t *testing.T) {
	lex := "lang: en\nsets:\n  family: [my mum, my dad]\n  does: [will pick me up, is driving me]\n" +
		"scared:\n  - pick me up|@family wants to meet +  !@family @does| lol\n" +
		"intents:\n  enticement: [\"@family + secret\"]\n"
	lib, err := content.Load(files(map[string]string{"lexicon/en.yaml": lex}), "test")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	lx := lib.Lexicons["en"]
	want := "pick me up|my mum wants to meet|my dad wants to meet + !my mum will pick me up|my mum is driving me|my dad will pick me up|my dad is driving me|lol"
	if got := lx.Scared[0]; got != want {
		t.Errorf("scared[0] = %q\nwant %q", got, want)
	}
	if got := lx.Intents["enticement"][0]; got != "my mum|my dad + secret" {
		t.Errorf("intents.enticement[0] = %q", got)
	}
}

// A set a phrase names but the lexicon does not define, or a member that would change the
// rule's shape, is an error when the content is loaded, naming the file and the rule.
func TestLexiconSetErrors(t *testing.T) {
	for _, c := range []struct{ lex, want string }{
		{"lang: en\nscared: [\"@family will pick me up\"]\n", "scared[0]: phrase \"@family will pick me up\" names @family"},
		{"lang: en\nsets:\n  family: [\"my mum|my dad\"]\n", "sets.family: member \"my mum|my dad\""},
		{"lang: en\nsets:\n  Family: [my mum]\n", "sets.Family: want a name"},
		{"lang: en\nsets:\n  family: []\n", "sets.family: empty"},
		{"lang: en\nsets:\n  family: [my mum]\nscared: [\"pick me up + !@Family will\"]\n", "scared[0]: group \"!@Family will\" has an @"},
	} {
		_, err := content.Load(files(map[string]string{"lexicon/en.yaml": c.lex}), "test")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "lexicon/en.yaml") {
			t.Errorf("load %q: error %v, want one naming the file and %q", c.lex, err, c.want)
		}
	}
}
