package telegramtest_test

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantern-help/lantern/internal/telegramtest"
)

func TestParseHTML(t *testing.T) {
	ok := []struct {
		in, text string
		ents     []telegramtest.MessageEntity
	}{
		{"plain", "plain", nil},
		{"<b>bold</b> <strong>s</strong>", "bold s", []telegramtest.MessageEntity{{Type: "bold", Length: 4}, {Type: "bold", Offset: 5, Length: 1}}},
		{"<i>a<u>b</u></i>", "ab", []telegramtest.MessageEntity{{Type: "italic", Length: 2}, {Type: "underline", Offset: 1, Length: 1}}},
		{"&lt;&gt;&amp;&quot;&#39;&#x1F600;", `<>&"'😀`, nil},
		{`<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>`, "xy",
			[]telegramtest.MessageEntity{{Type: "spoiler", Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{`<pre><code class="language-go">x := 1</code></pre>`, "x := 1", []telegramtest.MessageEntity{{Type: "pre", Length: 6, Language: "go"}}},
		{`<blockquote expandable>q</blockquote>`, "q", []telegramtest.MessageEntity{{Type: "expandable_blockquote", Length: 1}}},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", []telegramtest.MessageEntity{{Type: "custom_emoji", Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{"😀<b>😀</b>", "😀😀", []telegramtest.MessageEntity{{Type: "bold", Offset: 2, Length: 2}}},
		{"<B>caps</B>", "caps", []telegramtest.MessageEntity{{Type: "bold", Length: 4}}},
		{"<s>a</s><strike>b</strike><del>c</del><em>d</em><ins>e</ins><code>f</code>", "abcdef", nil},
		{html.EscapeString(`Tom & "Jerry" <3 > 2`), `Tom & "Jerry" <3 > 2`, nil},
		{"<b></b>x", "x", nil}, // empty entities are dropped
	}
	for _, c := range ok {
		text, ents, err := telegramtest.ParseHTML(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if text != c.text {
			t.Errorf("%q: text %q, want %q", c.in, text, c.text)
		}
		if c.ents != nil {
			if len(ents) != len(c.ents) {
				t.Errorf("%q: entities %+v, want %+v", c.in, ents, c.ents)
				continue
			}
			for i := range ents {
				if ents[i] != c.ents[i] {
					t.Errorf("%q: entity %d = %+v, want %+v", c.in, i, ents[i], c.ents[i])
				}
			}
		}
	}

	bad := []string{
		"a<br>b", "<p>x</p>", "<b>x", "x</b>", "<b><i>x</b></i>", "<span>x</span>", `<span class="x">x</span>`,
		"Tom & Jerry", "a > b", "a < b", "&nbsp;", "&#0;", "&#xD800;", "&#;", "<b", "<b/>", "<tg-emoji>x</tg-emoji>",
		"\xff", "<a href='x>y</a>",
	}
	for _, in := range bad {
		if _, _, err := telegramtest.ParseHTML(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, seed := range []string{"", "<b>x</b>", "&amp;", "<a href=\"u\">l</a>", "<pre><code class=\"language-go\">x</code></pre>",
		"&#x1F600;", "<b><i>x</b>", "😀<tg-spoiler>s</tg-spoiler>", "<", "&", "</>", "<a href=x y=z>q</a>"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		text, ents, err := telegramtest.ParseHTML(in)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("%q: invalid UTF-8 out", in)
		}
		n := telegramtest.UTF16Len(text)
		for _, e := range ents {
			if e.Offset < 0 || e.Length < 1 || e.Offset+e.Length > n {
				t.Fatalf("%q: entity %+v outside %d units", in, e, n)
			}
		}
		// Text with no markup escapes back to something that parses.
		if _, _, err := telegramtest.ParseHTML(html.EscapeString(text)); err != nil && !strings.ContainsRune(text, 0) {
			t.Fatalf("%q: escaped text does not parse: %v", in, err)
		}
	})
}
