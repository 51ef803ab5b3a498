package poster_test

import (
	"bytes"
	"errors"
	"flag"
	"github.com/lantern-help/lantern/internal/qrtest"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/poster"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/poster_en.png (then look at it)")
	dump   = flag.String("dump", "", "write every sample poster as PNG and PDF into this directory, for a human to look at")
)

// samples are posters in each script Lantern's locales use.
var samples = map[string]poster.Poster{
	"en": {
		Link:    "https://t.me/lantern_bot?start=t-GB-en-k3J9xQ2aZ",
		Title:   "Lantern",
		Tagline: "Worried about a photo, a threat or someone you met online? Lantern helps, day and night, in private.",
		Contacts: []string{
			"Emergency: 999",
			"Childline: 0800 1111 (free, any time)",
			"Report a nude image of you: childline.org.uk/remove",
		},
		Promise: "You are never in trouble for asking for help.",
		Scan:    "Scan to open Lantern on Telegram",
	},
	"ru": {
		Link:     "https://t.me/lantern_bot?start=t-RU-ru-k3J9xQ2aZ",
		Title:    "Lantern",
		Tagline:  "Тревожит фото, угроза или кто-то из интернета? Lantern поможет днём и ночью.",
		Contacts: []string{"Экстренная помощь: 112", "Детский телефон доверия: 8 800 2000 122"},
		Promise:  "Просить о помощи не стыдно, и тебе за это ничего не будет.",
		Scan:     "Отсканируй, чтобы открыть Lantern в Telegram",
	},
	"ar": {
		Link:     "https://t.me/lantern_bot?start=t-EG-ar-k3J9xQ2aZ",
		Title:    "لانترن",
		Tagline:  "هل أنت قلق بشأن صورة أو تهديد أو شخص تعرفت عليه عبر الإنترنت؟ لانترن يساعدك ليلاً ونهاراً.",
		Contacts: []string{"الطوارئ: 122", "خط نجدة الطفل: 16000"},
		Promise:  "لن تقع أبداً في مشكلة لأنك طلبت المساعدة.",
		Scan:     "امسح الرمز لفتح لانترن على تيليجرام",
		RTL:      true,
	},
	"fa": {
		Link:     "https://t.me/lantern_bot?start=t-IR-fa-k3J9xQ2aZ",
		Title:    "لانترن",
		Tagline:  "نگران یک عکس، یک تهدید یا کسی در اینترنت هستی؟ لانترن شبانه‌روز کمکت می‌کند.",
		Contacts: []string{"اورژانس: ۱۱۵", "صدای مشاور: ۱۴۸۰"},
		Promise:  "درخواست کمک هرگز تو را به دردسر نمی‌اندازد.",
		Scan:     "برای باز کردن لانترن در تلگرام اسکن کن",
		RTL:      true,
	},
	"hi": {
		Link:     "https://t.me/lantern_bot?start=t-IN-hi-k3J9xQ2aZ",
		Title:    "लैंटर्न",
		Tagline:  "किसी फ़ोटो, धमकी या ऑनलाइन मिले किसी व्यक्ति को लेकर परेशान हो? लैंटर्न दिन-रात मदद करता है।",
		Contacts: []string{"आपातकाल: 112", "चाइल्डलाइन: 1098"},
		Promise:  "मदद माँगने पर तुम कभी मुसीबत में नहीं पड़ोगे।",
		Scan:     "टेलीग्राम पर लैंटर्न खोलने के लिए स्कैन करें",
	},
	"am": {
		Link:     "https://t.me/lantern_bot?start=t-ET-am-k3J9xQ2aZ",
		Title:    "ላንተርን",
		Tagline:  "ስለ ፎቶ፣ ዛቻ ወይም በመስመር ላይ ስላገኘኸው ሰው ተጨንቀሃል? ላንተርን ቀንና ሌሊት ይረዳል።",
		Contacts: []string{"የአደጋ ጊዜ: 991"},
		Promise:  "እርዳታ በመጠየቅህ ፈጽሞ ችግር ውስጥ አትገባም።",
		Scan:     "በቴሌግራም ላንተርንን ለመክፈት ይቃኙ",
	},
}

// Page size and margin in pixels at 150 dpi.
const (
	pageW, pageH = 1240, 1754
	marginPx     = 42 * 150 / 72
)

func TestPNG(t *testing.T) {
	for name, p := range samples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := poster.PNG(p)
			if err != nil {
				t.Fatal(err)
			}
			img := mustDecode(t, b)
			if got, want := img.Bounds(), image.Rect(0, 0, pageW, pageH); got != want {
				t.Fatalf("bounds %v, want %v", got, want)
			}
			if got := readQR(t, img); got != p.Link {
				t.Fatalf("QR says %q, want %q", got, p.Link)
			}
			assertMargins(t, img)
			if *dump != "" {
				writeFile(t, filepath.Join(*dump, "poster_"+name+".png"), b)
				pdf, err := poster.PDF(p)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(*dump, "poster_"+name+".pdf"), pdf)
			}
		})
	}
}

// TestPNGGolden keeps the English poster as it was last looked at. After a
// deliberate change to the layout, run with -update and look at the file.
func TestPNGGolden(t *testing.T) {
	b, err := poster.PNG(samples["en"])
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "poster_en.png")
	if *update {
		writeFile(t, path, b)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Fatalf("PNG differs from %s; if the change is meant, run `go test ./internal/poster -update` and look at the file", path)
	}
}

func TestDeterministic(t *testing.T) {
	p := samples["fa"]
	a, err := poster.PNG(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := poster.PNG(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two PNGs of the same poster differ")
	}
}

func TestPDF(t *testing.T) {
	p := samples["en"]
	b, err := poster.PDF(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("starts with %q, want %%PDF-", b[:min(len(b), 8)])
	}
	if !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
		t.Errorf("does not end with %s", "%%EOF")
	}
	if len(b) < 50_000 {
		t.Errorf("only %d bytes: the page image is missing?", len(b))
	}
	// One A4 page (595.28 x 841.89 pt), and the QR code is a clickable link.
	if !bytes.Contains(b, []byte("/MediaBox [0 0 595.28 841.89]")) && !bytes.Contains(b, []byte("/MediaBox [0 0 595.28 841.89 ]")) {
		t.Error("no A4 MediaBox")
	}
	if !bytes.Contains(b, []byte("/URI ("+p.Link+")")) {
		t.Error("no link annotation for the QR code")
	}
	again, err := poster.PDF(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, b) {
		t.Error("two PDFs of the same poster differ")
	}
	if _, err := poster.PDF(poster.Poster{}); !errors.Is(err, poster.ErrNoLink) {
		t.Errorf("PDF of an empty poster: %v, want ErrNoLink", err)
	}
}

func TestCovers(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"", true},
		{"Scan to open Lantern on Telegram: 0800 1111!", true},
		{"Ελληνικά", true},
		{"Отсканируй, чтобы открыть Lantern", true},
		{"Українська: ґ є і ї", true},
		{"أنت لست في مشكلة. ؟ ،", true}, // Arabic, with Arabic punctuation
		{"نمی‌اندازد ۱۴۸۰", true},       // Persian, with a zero-width non-joiner and Persian digits
		{"मदद माँगने पर तुम कभी मुसीबत में नहीं पड़ोगे।", true}, // Devanagari, with a danda
		{"እርዳታ በመጠየቅህ ፈጽሞ ችግር ውስጥ አትገባም።", true},
		{"\u200fRTL mark", true},
		{"帮助", false},             // Han
		{"ช่วยด้วย", false},       // Thai
		{"Lantern 🏮", false},      // emoji
		{"ሰላም \U0001F600", false}, // Ethiopic, then emoji
		{"bad \xff utf-8", false},
	} {
		if got := poster.Covers(tc.s); got != tc.want {
			t.Errorf("Covers(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	base := samples["en"]
	with := func(f func(p *poster.Poster)) poster.Poster {
		p := base
		p.Contacts = append([]string(nil), base.Contacts...)
		f(&p)
		return p
	}
	for _, tc := range []struct {
		name string
		p    poster.Poster
		want error
	}{
		{"NoLink", with(func(p *poster.Poster) { p.Link = "" }), poster.ErrNoLink},
		// Fits a QR code, but too dense to scan across a room.
		{"DenseLink", with(func(p *poster.Poster) { p.Link = "https://t.me/lantern_bot?start=" + strings.Repeat("x", 200) }), poster.ErrLinkTooLong},
		// Does not fit any QR code.
		{"HugeLink", with(func(p *poster.Poster) { p.Link = "https://t.me/" + strings.Repeat("x", 4000) }), poster.ErrLinkTooLong},
		{"HanTitle", with(func(p *poster.Poster) { p.Title = "灯笼" }), poster.ErrScript},
		{"EmojiContact", with(func(p *poster.Poster) { p.Contacts[1] = "📞 0800 1111" }), poster.ErrScript},
		{"TooMuchText", with(func(p *poster.Poster) { p.Tagline = strings.Repeat("Far too many words for a poster. ", 300) }), poster.ErrTooMuchText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := poster.PNG(tc.p)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if b != nil {
				t.Errorf("got %d bytes with the error", len(b))
			}
		})
	}

	// The longest link Telegram allows (a 32-character bot name and a
	// 64-character start parameter) must fit.
	p := with(func(p *poster.Poster) {
		p.Link = "https://t.me/" + strings.Repeat("b", 29) + "bot?start=" + strings.Repeat("k", 64)
	})
	b, err := poster.PNG(p)
	if err != nil {
		t.Fatalf("longest Telegram link: %v", err)
	}
	if got := readQR(t, mustDecode(t, b)); got != p.Link {
		t.Errorf("QR says %q, want %q", got, p.Link)
	}
}

// TestWrap checks that long text wraps inside the margins, a word longer
// than a line included, and that only the link is required.
func TestWrap(t *testing.T) {
	p := poster.Poster{
		Link:    samples["en"].Link,
		Title:   "Lantern Lantern Lantern Lantern Lantern",
		Tagline: "Averyveryverylongwordwithoutanyspacesthatcannotpossiblyfitononelineofthisposteratall and then some words.",
	}
	b, err := poster.PNG(p)
	if err != nil {
		t.Fatal(err)
	}
	img := mustDecode(t, b)
	assertMargins(t, img)
	if got := readQR(t, img); got != p.Link {
		t.Errorf("QR says %q, want %q", got, p.Link)
	}
	if *dump != "" {
		writeFile(t, filepath.Join(*dump, "poster_wrap.png"), b)
	}

	// A poster of a link alone has no title rule and no contacts panel: no
	// colour anywhere, only black, white and the greys of the link's text.
	b, err = poster.PNG(poster.Poster{Link: p.Link, Title: " ", Contacts: []string{""}})
	if err != nil {
		t.Fatalf("link only: %v", err)
	}
	img = mustDecode(t, b)
	for y := 0; y < pageH; y++ {
		for x := 0; x < pageW; x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r != g || g != b {
				t.Fatalf("link only: pixel (%d, %d) is %v", x, y, img.At(x, y))
			}
		}
	}
	if got := readQR(t, img); got != p.Link {
		t.Errorf("link only: QR says %q, want %q", got, p.Link)
	}
}

// TestRTL checks that contacts start on the right in a right-to-left poster
// and on the left otherwise.
func TestRTL(t *testing.T) {
	for _, rtl := range []bool{false, true} {
		p := poster.Poster{Link: samples["en"].Link, Contacts: []string{"999"}, RTL: rtl}
		b, err := poster.PNG(p)
		if err != nil {
			t.Fatal(err)
		}
		img := mustDecode(t, b)
		// The digits are the dark pixels on rows of the tinted contacts panel.
		minX, maxX := pageW, -1
		for y := 0; y < pageH; y++ {
			if !isPanel(img.At(pageW/2, y)) {
				continue
			}
			for x := 0; x < pageW; x++ {
				if isDark(img.At(x, y)) {
					minX, maxX = min(minX, x), max(maxX, x)
				}
			}
		}
		if maxX < 0 {
			t.Fatalf("rtl=%v: no text in the contacts panel", rtl)
		}
		if onRight := minX > pageW/2; onRight != rtl {
			t.Errorf("rtl=%v: contact drawn at x %d..%d", rtl, minX, maxX)
		}
	}
}

func mustDecode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	return img
}

// readQR reads the QR code on img back, as a phone would.
func readQR(t *testing.T, img image.Image) string {
	t.Helper()
	text, err := qrtest.Read(img)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// assertMargins fails if anything but white is drawn in the page's side margins.
func assertMargins(t *testing.T, img image.Image) {
	t.Helper()
	for y := 0; y < pageH; y++ {
		for _, x := range []int{0, marginPx - 2, pageW - marginPx + 1, pageW - 1} {
			if r, g, b, _ := img.At(x, y).RGBA(); r&g&b != 0xffff {
				t.Fatalf("pixel (%d, %d) in the margin is %v", x, y, img.At(x, y))
			}
		}
	}
}

func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r < 0x6000 && g < 0x6000 && b < 0x6000
}

func isPanel(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 == 0xfd && g>>8 == 0xf1 && b>>8 == 0xdc
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
