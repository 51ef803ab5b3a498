// Package school makes what a school shares: an unguessable code, the student and parent
// deep links that carry it, and the words and numbers of its poster, all from content/.
// It holds no state: codes are kept by the store, posters are drawn by internal/poster.
package school

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
	"github.com/lantern-help/lantern/internal/poster"
)

// codeAlphabet has no look-alike characters (0/O, 1/l/I), so a code read off a poster can
// be typed back.
const codeAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// CodeLen is the length of a code: 12 characters of 56 is about 70 bits, not guessable.
const CodeLen = 12

// NewCode returns a random school code. It names no school.
func NewCode() (string, error) {
	var b [CodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("school: new code: %w", err)
	}
	out := make([]byte, CodeLen)
	for i, v := range b {
		// 256 is not a multiple of 56: take the byte modulo 56 only when it is below 224
		// (4 × 56), and draw again otherwise, so every character is equally likely.
		for v >= 224 {
			var one [1]byte
			if _, err := rand.Read(one[:]); err != nil {
				return "", fmt.Errorf("school: new code: %w", err)
			}
			v = one[0]
		}
		out[i] = codeAlphabet[int(v)%len(codeAlphabet)]
	}
	return string(out), nil
}

// Links are a code's deep links.
type Links struct {
	Students string // lands in the teen menu of the code's region and language
	Parents  string // lands in the parent menu
}

// LinksFor returns the deep links of a code for the bot with the given username.
func LinksFor(bot, code, region, lang string) Links {
	return Links{
		Students: dialog.LanternLink(bot, dialog.Payload{Audience: "teen", Region: region, Lang: lang, School: code}),
		Parents:  dialog.LanternLink(bot, dialog.Payload{Audience: "parent", Region: region, Lang: lang, School: code}),
	}
}

// Poster returns the words of a code's poster in its language: the QR link (students), what
// Lantern helps with, the region's emergency and child-helpline numbers, and the promise that
// nobody is in trouble for asking for help. Numbers come from the help directory only.
func Poster(lib *content.Library, dir *hotline.Directory, bot, code, region, lang string) poster.Poster {
	lang = lib.Locale(lang).Lang
	tx := func(key string) string { return lib.Text(lang, key) }
	p := poster.Poster{
		Link:    LinksFor(bot, code, region, lang).Students,
		Title:   tx("poster.title"),
		Tagline: tx("poster.tagline"),
		Scan:    tx("poster.scan"),
		Promise: tx("poster.promise"),
		RTL:     lib.Locale(lang).Direction == "rtl",
	}
	for _, e := range dir.Resolve(region, []string{content.KindEmergency, content.KindChildHelpline}, "teen") {
		if e.Fallback {
			continue // a poster on a wall shows the region's own numbers only
		}
		// An emergency number keeps its role ("110 (police)", "0900-8844 (police
		// non-emergency)"): a bare list would make every number look like the emergency one.
		// Helpline labels are vanity spellings and source remarks, not for a wall.
		var nums []string
		for _, n := range hotline.ParseNumbers(e.Phone) {
			if n.Label != "" && e.Kind == content.KindEmergency {
				role, _ := lib.Role(lang, n.Label) // untranslated, it still says which number is which
				nums = append(nums, n.Number+" ("+role+")")
			} else {
				nums = append(nums, n.Number)
			}
		}
		if len(nums) == 0 {
			continue
		}
		key := "poster.helpline"
		if e.Kind == content.KindEmergency {
			key = "poster.emergency"
		}
		line := strings.ReplaceAll(tx(key), "{name}", hotline.ShortName(e.Name))
		p.Contacts = append(p.Contacts, strings.ReplaceAll(line, "{phone}", strings.Join(nums, ", ")))
	}
	return p
}

// PNG draws a code's poster in its language, or in English if the poster's fonts cannot draw
// that language's script; the QR link keeps the code's language either way.
func PNG(lib *content.Library, dir *hotline.Directory, bot, code, region, lang string) ([]byte, error) {
	return draw(poster.PNG, lib, dir, bot, code, region, lang)
}

// PDF is PNG as a one-page A4 PDF.
func PDF(lib *content.Library, dir *hotline.Directory, bot, code, region, lang string) ([]byte, error) {
	return draw(poster.PDF, lib, dir, bot, code, region, lang)
}

func draw(render func(poster.Poster) ([]byte, error), lib *content.Library, dir *hotline.Directory, bot, code, region, lang string) ([]byte, error) {
	p := Poster(lib, dir, bot, code, region, lang)
	out, err := render(p)
	if errors.Is(err, poster.ErrScript) {
		en := Poster(lib, dir, bot, code, region, content.DefaultLang)
		en.Link = p.Link
		out, err = render(en)
	}
	if err != nil {
		return nil, fmt.Errorf("school: poster for %s: %w", code, err)
	}
	return out, nil
}
