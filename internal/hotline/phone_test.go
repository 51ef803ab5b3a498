package hotline_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/lantern-help/lantern/internal/hotline"
)

func TestParseNumbers(t *testing.T) {
	type N = hotline.Number
	tests := []struct {
		in   string
		want []N
	}{
		{"0800 1111", []N{{"0800 1111", ""}}},
		{"113 (police); 115 (ambulance)", []N{{"113", "police"}, {"115", "ambulance"}}},
		{"14416 / 1-800-891-4416", []N{{"14416", ""}, {"1-800-891-4416", ""}}},
		{"0508 NETSAFE (0508 638 723)", []N{{"0508 638 723", "0508 NETSAFE"}}},
		{"1-800-422-4453 (1-800-4-A-CHILD)", []N{{"1-800-422-4453", "1-800-4-A-CHILD"}}},
		{"1-800-CALL-FBI (1-800-225-5324)", []N{{"1-800-225-5324", "1-800-CALL-FBI"}}},
		{"119 ext 8 (per 2017 source)", []N{{"119 ext 8", "per 2017 source"}}},
		{"(55) 5259 8121", []N{{"(55) 5259 8121", ""}}},
		{"+852 2389 2222", []N{{"+852 2389 2222", ""}}},
		// An SMS field may name the app before the number: its area code is still the
		// number's, not a label.
		{"WhatsApp/Telegram (61) 99611-0100", []N{{"WhatsApp/Telegram (61) 99611-0100", ""}}},
		{"WhatsApp (61) 99611-0100 (counsellor calls back)", []N{{"WhatsApp (61) 99611-0100", "counsellor calls back"}}},
		{"0800 123 (55) 4567", []N{{"0800 123 4567", "55"}}}, // after a digit, a label
		{"112; 110 (police); 113 (fire); 118/119 (ambulance)",
			[]N{{"112", ""}, {"110", "police"}, {"113", "fire"}, {"118", "ambulance"}, {"119", "ambulance"}}},
		{"0968 886 4759 (AlengPulis); 1383 / 0919 354 1383 / 0915 802 2375 (Makabata)",
			[]N{{"0968 886 4759", "AlengPulis"}, {"1383", "Makabata"}, {"0919 354 1383", "Makabata"}, {"0915 802 2375", "Makabata"}}},
		{"051-9106691 (NCCIA helpline per 2025 notice); other numbers circulate (1799, 1991, 9911) – verify",
			[]N{{"051-9106691", "NCCIA helpline per 2025 notice"}}},
		// "also" names a second number of the same line (the source gives both).
		{"116 111 (also 0800 111 0 333)", []N{{"116 111", ""}, {"0800 111 0 333", ""}}},
		{"116 111 (also call us)", []N{{"116 111", "also call us"}}},
		{"1-800-843-5678 (US number)", []N{{"1-800-843-5678", "US number"}}},
		{"", nil},
		{"call us", nil},
		{" ; ;", nil},
	}
	for _, tt := range tests {
		if got := hotline.ParseNumbers(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseNumbers(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	got := hotline.Labels("0968 886 4759 (AlengPulis); 1383 / 0919 354 1383 (Makabata); 112; 0508 NETSAFE (0508 638 723)")
	want := []string{"AlengPulis", "Makabata", "0508 NETSAFE"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Labels = %q, want %q", got, want)
	}
	if got := hotline.Labels("WhatsApp/Telegram (61) 99611-0100"); got != nil {
		t.Errorf("Labels of an SMS field with an area code = %q, want none", got)
	}
}

func TestLooksLikePhone(t *testing.T) {
	good := []string{
		"0800 1111", "999", "112; 17; 15; 18", "113 (police); 115 (ambulance)",
		"14416 / 1-800-891-4416", "0508 NETSAFE (0508 638 723)", "1-800-422-4453 (1-800-4-A-CHILD)",
		"1-800-CALL-FBI (1-800-225-5324)", "119 ext 8 (per 2017 source)", "(55) 5259 8121", "+852 2389 2222",
		"911 (PEHEL); 1122 (Rescue); 15 (police)", "0 800 500 225", "8-800-2000-122", "0900-8844",
		"051-9106691 (NCCIA helpline per 2025 notice); other numbers circulate (1799, 1991, 9911) – verify",
		"1553; 0917-899-8727 (0917-899-USAP)", "030/1234567",
	}
	bad := []string{
		"", " ", "call us", "abc", "12", "15 (police)", "1", "+", "1-800-CALL-FBI", "0800 HELPME",
		"1-800-CALL-FBI (1-800-999-9999)", // vanity does not spell the digits
		"1-800-422-4453 (1-800-4-A-KIDS)", // nor here
		"0800 1111 (call", "0800) 1111", "112;", "; 112", "112;; 999",
		"12 34+56", "0800 1111 or 0800 2222", "call us; 112", "112; call us",
		"other numbers circulate (1799) – verify", "1234567890123456", "112\n999", "0800-",
		"http://example.org", "112 ext", "112 ext abc",
	}
	for _, s := range good {
		if !hotline.LooksLikePhone(s) {
			t.Errorf("LooksLikePhone(%q) = false, want true", s)
		}
	}
	for _, s := range bad {
		if hotline.LooksLikePhone(s) {
			t.Errorf("LooksLikePhone(%q) = true, want false", s)
		}
	}
}

func FuzzParseNumbers(f *testing.F) {
	for _, s := range []string{
		"113 (police); 115 (ambulance)", "14416 / 1-800-891-4416", "0508 NETSAFE (0508 638 723)",
		"1-800-422-4453 (1-800-4-A-CHILD)", "119 ext 8 (per 2017 source)", "(55) 5259 8121", "+852 2389 2222",
		"118/119 (ambulance)", "((1)", "())(", "ext", " ext 1", "(1) (2) 3", "x / / y;;(;)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range hotline.ParseNumbers(s) {
			if !strings.ContainsFunc(n.Number, unicode.IsDigit) {
				t.Fatalf("ParseNumbers(%q): %q has no digit", s, n.Number)
			}
			if n.Number != strings.TrimSpace(n.Number) {
				t.Fatalf("ParseNumbers(%q): %q not trimmed", s, n.Number)
			}
		}
		_ = hotline.LooksLikePhone(s)
	})
}
