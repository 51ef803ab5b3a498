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

func TestWithoutRemarks(t *testing.T) {
	for in, want := range map[string]string{
		"114 (SMS, deaf/hard of hearing)":    "114",
		"WhatsApp/Telegram (61) 99611-0100":  "WhatsApp/Telegram (61) 99611-0100",
		"9151 1767 (WhatsApp/SMS as listed)": "9151 1767",
		"112 (deaf: SMS) then (61) 1 (x)":    "112 then (61) 1",
		"741741":                             "741741",
		"0800 (unclosed":                     "0800 (unclosed",
	} {
		if got := hotline.WithoutRemarks(in); got != want {
			t.Errorf("WithoutRemarks(%q) = %q, want %q", in, got, want)
		}
	}
}
