package dialog_test

import (
	"strings"
	"testing"

	contentfs "github.com/lantern-help/lantern/content"
	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/hotline"
)

// The directory writes its names and hours in English, with research remarks ("Find A
// Helpline (ThroughLine) – directory of verified helplines", "24/7 (per 2009 source)"). An
// English reply shows them; a reply in another language shows the short name, "24/7" in its
// own words when that is all the hours say, and else asks the person to check the hours, in their language.
// Number labels in words are shown in the locale's words ("US number", "tourist police",
// "021-129 from some phones"; content check wants them in every locale), and so are the
// remarks of SMS numbers that are one number and a remark ("114 (SMS, deaf/hard of hearing)");
// names of services ("PEHEL") and keypad forms ("1-800-4-A-CHILD") stay as written.
func TestContactsWithoutEnglishRemarks(t *testing.T) {
	lib, err := content.Load(contentfs.FS, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	lib.Flow.Nodes["contacts_test"] = &content.Node{ID: "contacts_test", Say: []content.Message{{Contacts: []string{
		content.KindCrisis, content.KindChildHelpline, content.KindEmergency}}}}
	lib.Flow.Commands["contacts_test"] = "contacts_test"
	e := dialog.New(lib, hotline.New(lib.Countries))
	show := func(lang, region string) string {
		return all(e.Step(dialog.State{Audience: "teen", Region: region, Lang: lang},
			dialog.Event{Kind: dialog.Command, Command: "contacts_test"}))
	}
	tests := []struct {
		lang, region string
		want, not    []string
	}{
		{"en", "RU", []string{"8-800-2000-122", "124 (short number from a mobile phone; may not work in every region)", "24/7 in most regions", "Find A Helpline (ThroughLine) – directory"}, nil},
		{"ru", "RU", []string{"8-800-2000-122, 124 (" + lib.Text("ru", "contact.role.short_number_from_mobile_per_2026_regional_source") + ")",
			lib.Text("ru", "contact.hours_check"), "• Find A Helpline:"},
			[]string{"most regions", "directory of verified", "regional source"}},
		{"id", "ID", []string{"119 ext 8 (" + lib.Text("id", "contact.role.per_2017_source") + ")"}, []string{"per 2017 source"}},
		{"ar", "EG", []string{"16000", lib.Text("ar", "contact.hours_always"), "• Child Helpline 16000:",
			"126 (" + lib.Text("ar", "contact.role.tourist_police") + "/" + lib.Text("ar", "contact.role.foreigners") + ")"},
			[]string{"per 2009 source", "National Council", "tourist police"}},
		{"am", "ET", []string{"(" + lib.Text("am", "contact.role.police") + ")", "(" + lib.Text("am", "contact.role.fire_and_disaster") + ")"},
			[]string{"(Police)", "Fire and disaster"}},
		{"fr", "FR", []string{"114 (" + lib.Text("fr", "contact.role.sms_deaf_hard_of_hearing") + ")"}, []string{"deaf/hard of hearing"}},
		{"uk", "UA", []string{"112 (" + lib.Text("uk", "contact.role.deaf_speech_impaired_sms_then_sign_language_video_link") + ")"},
			[]string{"sign-language"}},
		{"en", "FR", []string{"114 (for deaf or hard-of-hearing people)"}, nil},
		{"en", "US", []string{"741741"}, nil},
		// Remarks on numbers in words are said in the person's language, their numbers as written.
		{"id", "ID", []string{"129 (021-129 dari sebagian telepon)"}, []string{"from some phones"}},
		{"en", "ID", []string{"129 (021-129 from some phones)"}, nil},
		{"fr", "ZA", []string{"112 (" + lib.Text("fr", "contact.role.mobile") + ")", "0800 567 567 (" + lib.Text("fr", "contact.role.suicide_crisis_line") + ")",
			"0800 456 789 (" + lib.Text("fr", "contact.role.24_hour_helpline") + ")", "31393 (" + lib.Text("fr", "contact.role.counsellor_calls_back") + ")"},
			[]string{"(mobile)", "suicide crisis line", "24-hour", "counsellor"}},
		{"pt", "ZA", []string{"112 (pelo celular)", "31393 (um conselheiro retorna a ligação)"}, []string{"(mobile)", "counsellor"}},
		{"ru", "FI", []string{"116 111 (" + lib.Text("ru", "contact.role.finnish") + ")", "0800 96 116 (" + lib.Text("ru", "contact.role.swedish_limited_hours") + ")"},
			[]string{"Finnish", "Swedish"}},
		// A service's name stays as written; so does an SMS field that names its app.
		{"es", "PK", []string{"911 (PEHEL)", "1122 (" + lib.Text("es", "contact.role.rescue") + ")"}, []string{"(Rescue)"}},
		{"pt", "BR", []string{"WhatsApp/Telegram (61) 99611-0100"}, nil},
		{"ar", "NL", []string{"112 (" + lib.Text("ar", "contact.role.emergency") + ")", "0900-8844 (" + lib.Text("ar", "contact.role.police_non_emergency") + ")"},
			[]string{"non-emergency"}},
	}
	for _, tt := range tests {
		got := show(tt.lang, tt.region)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s: no %q in\n%s", tt.lang, tt.region, w, got)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s %s: %q shown in\n%s", tt.lang, tt.region, n, got)
			}
		}
	}
}
