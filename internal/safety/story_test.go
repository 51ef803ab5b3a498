package safety

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
)

// TestStoryBackstopReadsDespairInStories checks the story backstop on the real content: the
// stories of the dev half of blind round 46 that only it flags (a farewell letter left for a
// mother, a bridge or a rope thought of, a father who "will kill me, better I finish myself
// first"), and sextortion and grooming stories with no sign of despair, which it leaves alone.
func TestStoryBackstopReadsDespairInStories(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real rules")
	}
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRules(lib)
	dev := map[string]string{} // id -> text
	f, err := os.Open(filepath.Join("..", "..", "testdata", "dev", "round46.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		dev[m.ID] = m.Text
	}
	type msg struct{ text, lang string }
	var despair []msg
	for _, id := range []string{"r46-am-017", "r46-am-035", "r46-ar-003", "r46-ar-039", "r46-fa-011",
		"r46-fa-015", "r46-hi-011", "r46-id-011", "r46-uk-031"} {
		if dev[id] == "" {
			t.Fatalf("%s is not in round 46's dev half", id)
		}
		despair = append(despair, msg{dev[id], id[4:6]})
	}
	calm := []msg{
		{"someone has my pics and wants 200 dollars by friday or he sends them to my whole class. what do i do", "en"},
		{"a man from roblox keeps asking for pics and says its our secret, he wants to meet on saturday", "en"},
		{"my son is being blackmailed with photos, the man wants 500 euros. we already went to the police, what else should we do?", "en"},
		{"el tipo tiene mis fotos y quiere plata o se las manda a mi familia. no sé qué hacer", "es"},
		{"ele tem minhas fotos e quer dinheiro até sexta senão manda pra escola toda. o que eu faço", "pt"},
	}
	ctx := context.Background()
	check := func(story bool) {
		for _, m := range despair {
			a := r.Assess(ctx, m.text, m.lang)
			if a.Crisis != story || !storyIntent(a.Intent) {
				t.Errorf("story backstop %v: %s %q: crisis %v, intent %s", story, m.lang, m.text, a.Crisis, a.Intent)
			}
		}
		for _, m := range calm {
			if a := r.Assess(ctx, m.text, m.lang); a.Crisis || a.CrisisMaybe || !storyIntent(a.Intent) {
				t.Errorf("story backstop %v: %s %q: crisis %v (maybe %v), intent %s", story, m.lang, m.text, a.Crisis, a.CrisisMaybe, a.Intent)
			}
		}
	}
	check(true)
	r.storyLogit = nil // without it, none of them is flagged: the backstop made the difference
	check(false)
}
