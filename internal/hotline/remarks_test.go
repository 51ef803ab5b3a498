package hotline_test

import (
	"testing"

	"github.com/lantern-help/lantern/internal/hotline"
)

func TestAlwaysOpen(t *testing.T) {
	for hours, want := range map[string]bool{
		"24/7":                   true,
		"24 hours":               true,
		"24/7 (per 2009 source)": true,
		"24/7 (since Nov 2020; previously 08-17h)": true,
		"24/7 phone": false,
		"24/7 in most regions (71 of 85 regions per 2022 source)": false,
		"Mon-Sat 14:00-20:00": false,
		"(24/7)":              false,
		"":                    false,
	} {
		if got := hotline.AlwaysOpen(hours); got != want {
			t.Errorf("AlwaysOpen(%q) = %v, want %v", hours, got, want)
		}
	}
}
