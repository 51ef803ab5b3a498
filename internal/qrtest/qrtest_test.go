package qrtest_test

import (
	"testing"

	"github.com/lantern-help/lantern/internal/poster"
	"github.com/lantern-help/lantern/internal/qrtest"
)

// School codes whose posters gozxing's single-code reader could not read (found by drawing
// 1,200 posters with random codes, 2026-11-30): Read must still read each back exactly, or
// the school tests fail on some random codes.
func TestReadsHardCodes(t *testing.T) {
	for _, code := range []string{"PmyJJauDi6yW", "9FQdAaKuucHY", "WULisieAZTX8", "zC8ck2Nie3aJ", "yihefMpDT2Hd", "qBrCm9TYbXBB"} {
		link := "https://t.me/lantern_test_bot?start=t-GB-en-" + code
		b, err := poster.PNG(poster.Poster{
			Link:     link,
			Title:    "Lantern",
			Tagline:  "Worried about a photo, a threat or someone you met online? Lantern helps, day and night, in private.",
			Contacts: []string{"Emergency: 999", "Childline: 0800 1111 (free, any time)", "Report a nude image of you: childline.org.uk/remove"},
			Promise:  "You are never in trouble for asking for help.",
			Scan:     "Scan to open Lantern on Telegram",
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := qrtest.ReadImage(b)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		if got != link {
			t.Errorf("%s: read %q", code, got)
		}
	}
}
