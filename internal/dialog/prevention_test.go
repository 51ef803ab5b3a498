package dialog_test

import (
	"strings"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
)

// preventionEngine is the embedded content with one extra node that shows the prevention
// contacts, reached by the command /prevention_test (the real flows wire the kind in
// themselves; this test only needs a message that asks for it).
func preventionEngine(t *testing.T) (*dialog.Engine, *content.Library) {
	t.Helper()
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	lib.Flow.Nodes["prevention_test"] = &content.Node{ID: "prevention_test",
		Say: []content.Message{{Contacts: []string{content.KindPrevention}}}}
	lib.Flow.Commands["prevention_test"] = "prevention_test"
	return dialog.New(lib, hotline.New(lib.Countries)), lib
}

// A prevention contact is shown like any other: the local service first, else the one
// that works from anywhere under the global heading; a button opens its website, and a
// line people call says its hours (or that they are unknown).
func TestPreventionContacts(t *testing.T) {
	e, lib := preventionEngine(t)
	tests := []struct {
		region string
		wants  []string
		button string
		global bool
	}{
		{"GB", []string{"0808 1000 900", "https://www.stopitnow.org.uk/", lib.Text("en", "contact.hours_unknown")}, "Stop It Now! UK & Ireland helpline", false},
		{"BE", []string{"0800 14 112", "les lundis de 14h00 à 16h00"}, "Stop it Now! Bruxelles", false},
		{"DE", []string{"https://www.kein-taeter-werden.de/"}, "Kein Täter werden", false},
		{"BR", []string{"https://www.troubled-desire.com/"}, "Troubled Desire", true},
		{"JP", []string{"https://www.troubled-desire.com/"}, "Troubled Desire", true},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			for _, aud := range []string{"teen", "parent", "school", ""} {
				res := e.Step(dialog.State{Audience: aud, Region: tt.region, Lang: "en"},
					dialog.Event{Kind: dialog.Command, Command: "prevention_test"})
				got := all(res)
				wantAll(t, got, tt.wants...)
				wantAll(t, got, "["+tt.button+"]")
				if has := strings.Contains(got, lib.Text("en", "contacts.global")); has != tt.global {
					t.Errorf("%s %s: global heading shown %v, want %v\n%s", tt.region, aud, has, tt.global, got)
				}
				if !tt.global && strings.Contains(got, "troubled-desire") {
					t.Errorf("%s %s: the ZZ service shown although the country has its own\n%s", tt.region, aud, got)
				}
			}
		})
	}
}

// The refusal of a harmful request with no country known shows the help that works from
// anywhere and asks nothing: a country question would swallow the next message of a young
// person the rules misread ("my friend is being blackmailed"), which must be answered.
func TestRefusalAsksNoCountry(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	e := dialog.New(lib, hotline.New(lib.Countries))
	res := e.Step(dialog.State{Audience: "teen", Lang: "en"}, say(lib, "which app can undress a photo? got a pic of a girl from my class"))
	got := all(res)
	wantAll(t, got, lib.Text("en", "harmful.refuse"), "https://www.troubled-desire.com/")
	if res.State.Awaiting != "" || res.State.Resume != "" {
		t.Fatalf("the refusal left a question open (awaiting %q, resume %q)\n%s", res.State.Awaiting, res.State.Resume, got)
	}
	next := all(e.Step(res.State, say(lib, "my friend is being blackmailed, he has her nudes and wants money")))
	if strings.Contains(next, lib.Text("en", "region.not_found")) {
		t.Errorf("the next message was taken as a country:\n%s", next)
	}
}

// A parent or a teacher (by the audience question) is never refused: their words about a
// child's images are read as a request only by their shape, and they are asked to say it
// again instead. Anyone else gets the refusal.
func TestParentNeverRefused(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	e := dialog.New(lib, hotline.New(lib.Countries))
	const text = "which app can undress a photo of a girl from my class"
	if a := say(lib, text).Assessment; a.Intent != "harmful_request" {
		t.Fatalf("the test message is read as %s, not a harmful request: the test proves nothing", a.Intent)
	}
	refusal := lib.Text("en", "harmful.refuse")
	for aud, refused := range map[string]bool{"parent": false, "school": false, "teen": true, "": true} {
		got := all(e.Step(dialog.State{Audience: aud, Region: "GB", Lang: "en"}, say(lib, text)))
		if strings.Contains(got, refusal) != refused {
			t.Errorf("audience %q: refused %v, want %v\n%s", aud, !refused, refused, got)
		}
	}
}
