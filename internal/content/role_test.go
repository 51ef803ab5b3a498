package content_test

import (
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
)

// A number's label is shown in the person's language when the locale has words for the
// whole label ("US number") or for each of its "/" parts ("fire/ambulance"); else as the
// directory writes it, which says which number to call.
func TestRole(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang, label, want string
		ok                bool
	}{
		{"es", "US number", "número de EE. UU.", true},
		{"es", " US  number ", "número de EE. UU.", true},
		{"ar", "tourist police/foreigners", "شرطة السياحة/الأجانب", true},
		{"de", "fire/ambulance", "Feuerwehr/Rettungsdienst", true},
		{"fr", "police/gendarmerie", "police/gendarmerie", false},
		{"id", "021-129 from some phones", "021-129 dari sebagian telepon", true},
		{"pt", "fire/rescue", "bombeiros/resgate", true},
		{"fr", "PEHEL", "PEHEL", false},
	} {
		got, ok := lib.Role(tt.lang, tt.label)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Role(%s, %q) = %q, %v; want %q, %v", tt.lang, tt.label, got, ok, tt.want, tt.ok)
		}
	}
}
