package dialog_test

import (
	"testing"

	"github.com/lantern-help/lantern/internal/dialog"
)

func TestParsePayload(t *testing.T) {
	tests := []struct {
		in      string
		want    dialog.Payload
		wantErr bool
	}{
		{in: "t-GB-en-k3J9xQ2a", want: dialog.Payload{Audience: "teen", Region: "GB", Lang: "en", School: "k3J9xQ2a"}},
		{in: "p-US", want: dialog.Payload{Audience: "parent", Region: "US"}},
		{in: "s", want: dialog.Payload{Audience: "school"}},
		{in: "x-x-es", want: dialog.Payload{Lang: "es"}},
		{in: "x-IN", want: dialog.Payload{Region: "IN"}},
		{in: "", wantErr: true},
		{in: "q-GB", wantErr: true},           // unknown audience
		{in: "t-gb", wantErr: true},           // region must be upper case
		{in: "t-QQ", wantErr: true},           // not a country
		{in: "t-GB-EN", wantErr: true},        // language must be lower case
		{in: "t-GB-en-ab", wantErr: true},     // school code too short
		{in: "t-GB-en-abcd-e", wantErr: true}, // too many parts
		{in: "t GB", wantErr: true},           // outside Telegram's alphabet
		{in: "t-GB-en-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", wantErr: true}, // over 64
	}
	for _, tt := range tests {
		got, err := dialog.ParsePayload(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParsePayload(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("ParsePayload(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if err == nil {
			if back := got.String(); back != tt.in {
				t.Errorf("Payload%+v.String() = %q, want %q", got, back, tt.in)
			}
		}
	}
}

// FuzzParsePayload: a deep link is outside input. Parsing never panics, and whatever parses
// writes back to a payload that parses to the same thing and fits Telegram's rule.
func FuzzParsePayload(f *testing.F) {
	for _, s := range []string{"t-GB-en-k3J9xQ2a", "p-US", "x-x-es", "s", "", "----", "t-GB-en-abcd-e", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := dialog.ParsePayload(s)
		if err != nil {
			return
		}
		out := p.String()
		if len(out) > 64 {
			t.Fatalf("%q -> %q: longer than 64", s, out)
		}
		q, err := dialog.ParsePayload(out)
		if err != nil || q != p {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, p, out, q, err)
		}
	})
}
