package content_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/hotline"
)

// A minimal library that passes the check; each test breaks one thing.
var goodFlow = `
start: welcome
crisis: crisis
fallback: welcome
media: welcome
menus: {teen: menu, parent: menu, school: menu, unknown: menu}
routes:
  crisis: {default: crisis}
  sextortion: {default: crisis}
  enticement: {default: menu}
  image_removal: {default: menu}
  friend: {default: menu}
  report: {default: menu}
  talk_to_someone: {default: menu}
  learn: {default: menu}
  greeting: {default: welcome}
  off_topic: {default: welcome}
  harmful_request: {default: menu}
  injection: {default: menu}
commands: {help: welcome}
nodes:
  welcome:
    say: [hello]
    then: menu
  menu:
    say: [menu.intro]
    buttons:
      - {label: btn.crisis, goto: crisis}
  crisis:
    risky: true
    say:
      - {text: crisis.first, contacts: [crisis, emergency]}
`

var goodHotline = `
country: GB
name: United Kingdom
contacts:
  - kind: emergency
    name: Emergency services
    phone: "999"
    audience: all
    sources: [https://example.org/page]
    checked: 2026-11-01
    confidence: primary
`

var goodZZ = `
country: ZZ
name: Global
contacts:
  - kind: crisis
    name: A directory
    web: https://example.org/
    audience: all
    sources: [https://example.org/about]
    checked: 2026-11-01
    confidence: primary
`

func goodLocale() string {
	var b strings.Builder
	b.WriteString("lang: en\nname: English\nreview: source\nregions: [GB]\ncountry_aliases: {uk: GB}\nstrings:\n")
	keys := append([]string{"hello", "menu.intro", "btn.crisis", "crisis.first"}, content.EngineKeys...)
	for _, k := range keys {
		v := "text"
		if ps := content.Placeholders(k); len(ps) > 0 {
			v = "text " + strings.Join(ps, " ")
		}
		switch k {
		case "region.set":
			v = "Set to {country}."
		case "contact.call":
			v = "call {phone}"
		case "contact.sms":
			v = "text {sms}"
		case "contact.web":
			v = "{web}"
		case "contact.chat":
			v = "chat {chat}"
		case "contact.hours":
			v = "{hours}"
		}
		b.WriteString("  " + k + ": \"" + v + "\"\n")
	}
	return b.String()
}

func files(over map[string]string) fstest.MapFS {
	fs := fstest.MapFS{
		"flows.yaml":       {Data: []byte(goodFlow)},
		"locales/en.yaml":  {Data: []byte(goodLocale())},
		"lexicon/en.yaml":  {Data: []byte("lang: en\n")},
		"hotlines/GB.yaml": {Data: []byte(goodHotline)},
		"hotlines/ZZ.yaml": {Data: []byte(goodZZ)},
	}
	for name, data := range over {
		if data == "" {
			delete(fs, name)
			continue
		}
		fs[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fs
}

var opts = content.CheckOptions{
	Now:     time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC),
	PhoneOK: func(s string) bool { return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0 },
	Region:  func(code string) bool { return code == "GB" },
}

func check(t *testing.T, over map[string]string) []content.Problem {
	t.Helper()
	lib, err := content.Load(files(over), "test")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return content.Check(lib, opts)
}

func TestCheckGood(t *testing.T) {
	for _, p := range check(t, nil) {
		t.Errorf("unexpected: %s", p)
	}
}

// Each broken library must be reported with the file, the entry and the reason.
func TestCheckFindsProblems(t *testing.T) {
	long := strings.Repeat("c", 63) // over 64 bytes of callback data with its prefix
	tests := []struct {
		name string
		over map[string]string
		want string // a substring of one reported error
	}{
		{"missing goto", map[string]string{"flows.yaml": strings.Replace(goodFlow, "goto: crisis", "goto: nowhere", 1)},
			`flows.yaml: nodes.menu.buttons[0]: error: node "nowhere" does not exist`},
		{"unreachable", map[string]string{"flows.yaml": goodFlow + "  lonely:\n    say: [hello]\n"},
			"nodes.lonely: error: unreachable"},
		{"crisis without contacts", map[string]string{"flows.yaml": strings.Replace(goodFlow, "contacts: [crisis, emergency]", "contacts: [crisis]", 1)},
			"must carry contacts [crisis, emergency]"},
		{"unknown intent", map[string]string{"flows.yaml": strings.Replace(goodFlow, "injection:", "flirting:", 1)},
			"routes.flirting: error: unknown intent"},
		{"missing key", map[string]string{"locales/en.yaml": strings.Replace(goodLocale(), "  hello: \"text\"\n", "", 1)},
			"locales/en.yaml: strings.hello: error: missing"},
		{"missing placeholder", map[string]string{"locales/en.yaml": strings.Replace(goodLocale(), "call {phone}", "call", 1)},
			"strings.contact.call: error: must contain {phone}"},
		{"too long for Telegram", map[string]string{"locales/en.yaml": strings.Replace(goodLocale(), "  hello: \"text\"", "  hello: \""+strings.Repeat("é", 4097)+"\"", 1)},
			"UTF-16 units; Telegram takes at most 4096"},
		{"long node id", map[string]string{"flows.yaml": strings.Replace(goodFlow, "goto: crisis}", "goto: crisis}\n      - {label: btn.crisis, goto: "+long+"}", 1) +
			"  " + long + ":\n    say: [hello]\n"},
			"nodes." + long + ": error: a node id is 1-40"},
		{"contact without source", map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, "    sources: [https://example.org/page]\n", "", 1)},
			"hotlines/GB.yaml: contacts[0] (Emergency services): error: no source"},
		{"contact without date", map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, "    checked: 2026-11-01\n", "", 1)},
			"no checked date"},
		{"date in the future", map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, "2026-11-01", "2027-01-01", 1)},
			"is in the future"},
		{"not a phone", map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, `"999"`, `"call us"`, 1)},
			`phone "call us" does not look like a phone number`},
		{"no way to reach", map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, `    phone: "999"`+"\n", "", 1)},
			"no way to reach it"},
		{"unknown kind", map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, "kind: emergency", "kind: vibes", 1)},
			`kind "vibes" is not one of`},
		{"no ZZ", map[string]string{"hotlines/ZZ.yaml": ""},
			"hotlines/ZZ.yaml: error: missing"},
		{"condition on contacts", map[string]string{"flows.yaml": strings.Replace(goodFlow, "contacts: [crisis, emergency]}", "contacts: [crisis, emergency], if: model}", 1)},
			"a message with contacts is always shown: no if"},
		{"heading without contacts", map[string]string{"flows.yaml": strings.Replace(goodFlow, "say: [menu.intro]", "say: [{text: menu.intro, heading: true}]", 1)},
			"heading: a heading introduces contacts, and this message has none"},
		{"unknown condition", map[string]string{"flows.yaml": strings.Replace(goodFlow, "contacts: [crisis, emergency]}", "contacts: [crisis, emergency], if: sunny}", 1)},
			`if: "sunny" is not a condition`},
		{"crisis rules without everyday words", map[string]string{"lexicon/en.yaml": "lang: en\ncrisis: [\"tonights the night + !party\"]\n"},
			"lexicon/en.yaml: everyday: error: crisis rules but no everyday words"},
		{"crisis from a whole message", map[string]string{"lexicon/en.yaml": "lang: en\nalone:\n  crisis: [\"bye\"]\n"},
			"lexicon/en.yaml: alone.crisis: error: not an intent a whole message can mean"},
		{"refusal from a whole message", map[string]string{"lexicon/en.yaml": "lang: en\nalone:\n  harmful_request: [\"send pics\"]\n"},
			"lexicon/en.yaml: alone.harmful_request: error: not an intent a whole message can mean"},
		{"emoji in a rule", map[string]string{"lexicon/en.yaml": "lang: en\nintents:\n  sextortion: [\"post my pics + !lol|😂\"]\n"},
			`lexicon/en.yaml: intents.sextortion: error: "😂" has no letter or digit`},
		{"long whole message", map[string]string{"lexicon/en.yaml": "lang: en\nalone:\n  talk_to_someone: [\"please can somebody help me\"]\n"},
			"a whole message of 1 to 4 words"},
		{"long menu word", map[string]string{"lexicon/en.yaml": "lang: en\nmenu: [\"please show me the menu\"]\n"},
			"lexicon/en.yaml: menu: error: \"please show me the menu\": a whole message of 1 to 4 words"},
		{"step of nothing", map[string]string{"flows.yaml": strings.Replace(goodFlow, "    say: [menu.intro]\n", "    step_of: nowhere\n    say: [menu.intro]\n", 1)},
			`flows.yaml: nodes.menu.step_of: error: node "nowhere" does not exist`},
		{"step of a step", map[string]string{"flows.yaml": strings.Replace(strings.Replace(goodFlow, "    say: [menu.intro]\n", "    step_of: crisis\n    say: [menu.intro]\n", 1),
			"    risky: true\n", "    risky: true\n    step_of: welcome\n", 1)},
			`flows.yaml: nodes.menu.step_of: error: "crisis" is itself a step of "welcome": name the first node`},
		{"variant of nothing", map[string]string{"locales/en.yaml": goodLocale() + "  goodbye@adult: \"text\"\n"},
			`locales/en.yaml: strings.goodbye@adult: error: a variant of "goodbye", which en does not have`},
		{"variant without its placeholder", map[string]string{"locales/en.yaml": goodLocale() + "  region.set@adult: \"Done.\"\n"},
			`strings.region.set@adult: error: must contain {country}`},
		{"bad region suggestion", map[string]string{"locales/en.yaml": strings.Replace(goodLocale(), "regions: [GB]", "regions: [QQ]", 1)},
			`regions: error: "QQ" is not an ISO 3166-1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := check(t, tt.over)
			var all []string
			for _, p := range ps {
				if !p.Warning && strings.Contains(p.String(), tt.want) {
					return
				}
				all = append(all, p.String())
			}
			t.Errorf("want an error containing %q; got:\n%s", tt.want, strings.Join(all, "\n"))
		})
	}
}

func TestCheckWarnsOnPlainHTTPSource(t *testing.T) {
	ps := check(t, map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, "https://example.org/page", "http://example.org/page", 1)})
	if len(ps) != 1 || !ps[0].Warning || content.Errors(ps) != 0 {
		t.Fatalf("want one warning, got %v", ps)
	}
}

func TestLoadRejectsUnknownFields(t *testing.T) {
	_, err := content.Load(files(map[string]string{"flows.yaml": strings.Replace(goodFlow, "    say: [hello]", "    sya: [hello]", 1)}), "test")
	if err == nil || !strings.Contains(err.Error(), "flows.yaml") || !strings.Contains(err.Error(), "sya") {
		t.Fatalf("want an error naming flows.yaml and the field, got %v", err)
	}
	_, err = content.Load(files(map[string]string{"hotlines/GB.yaml": strings.Replace(goodHotline, "country: GB", "country: FR", 1)}), "test")
	if err == nil || !strings.Contains(err.Error(), "hotlines/GB.yaml") {
		t.Fatalf("want a file/country mismatch error, got %v", err)
	}
}

// A flow may ask for prevention contacts, and a hotline file may hold them.
func TestCheckAcceptsPrevention(t *testing.T) {
	flow := strings.Replace(goodFlow, "    say: [menu.intro]\n", "    say:\n      - {text: menu.intro, contacts: [prevention]}\n", 1)
	gb := goodHotline + `  - kind: prevention
    name: A prevention line
    phone: "08001000900"
    web: https://example.org/stop
    audience: all
    sources: [https://example.org/stop/about]
    checked: 2026-11-01
    confidence: primary
`
	zz := goodZZ + `  - kind: prevention
    name: Anonymous online self-help
    web: https://example.org/self-help
    audience: all
    sources: [https://example.org/self-help/about]
    checked: 2026-11-01
    confidence: secondary
`
	if !strings.Contains(flow, "contacts: [prevention]") {
		t.Fatal("the test flow does not ask for prevention contacts")
	}
	ps := check(t, map[string]string{"flows.yaml": flow, "hotlines/GB.yaml": gb, "hotlines/ZZ.yaml": zz})
	for _, p := range ps {
		t.Errorf("unexpected: %s", p)
	}
}

// Every kind a flow may ask for has a label in the statistics ("stats.contacts_<kind>"),
// since each kind shown is counted; prevention excepted, which is never counted (see
// internal/turn's counts).
func TestEveryContactKindHasAStatsLabel(t *testing.T) {
	for _, kind := range content.ContactKinds {
		if kind != content.KindPrevention && !slices.Contains(content.EngineKeys, "stats.contacts_"+kind) {
			t.Errorf("no engine key stats.contacts_%s", kind)
		}
	}
	for _, kind := range content.StoredKinds {
		if !slices.Contains(content.ContactKinds, kind) {
			t.Errorf("stored kind %s cannot be asked for", kind)
		}
	}
}

// A short name is the contact's name with words left out: it is loaded onto the contact, and
// a row that names no contact, adds a word, or repeats a contact is refused at load.
func TestLoadShortNames(t *testing.T) {
	const head = "country_iso2,name,short_name\n"
	lib, err := content.Load(files(map[string]string{"hotlines/short_names.csv": head + "ZZ,A directory,directory\n"}), "test")
	if err != nil {
		t.Fatal(err)
	}
	if got := lib.Countries["ZZ"].Contacts[0].ShortName; got != "directory" {
		t.Errorf("short name %q, want %q", got, "directory")
	}
	for csv, want := range map[string]string{
		head + "ZZ,A directory,The directory\n":               `has "The", which the name has not`,
		head + "ZZ,A directory of helplines,directory\n":      "ZZ has no contact named",
		head + "QQ,A directory,directory\n":                   `no country "QQ"`,
		head + "ZZ,A directory,directory\nZZ,A directory,A\n": "a second short name",
		"country,name,short\nZZ,A directory,directory\n":      "header",
		head + "ZZ,A directory, \n":                           "empty short name",
	} {
		_, err := content.Load(files(map[string]string{"hotlines/short_names.csv": csv}), "test")
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "hotlines/short_names.csv") {
			t.Errorf("%q: want an error containing %q, got %v", csv, want, err)
		}
	}
}

// A parent or school staff member gets a string's adult variant where the locale has one;
// anyone else, and any key without one, gets the string itself.
func TestTextForAdults(t *testing.T) {
	lib, err := content.Load(files(map[string]string{
		"locales/en.yaml": goodLocale() + "  hello@adult: \"adult text\"\n",
	}), "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, audience, want string }{
		{"hello", "parent", "adult text"},
		{"hello", "school", "adult text"},
		{"hello", "teen", "text"},
		{"hello", "", "text"},
		{"menu.intro", "parent", "text"},
	} {
		if got := lib.TextFor("en", c.key, c.audience); got != c.want {
			t.Errorf("TextFor(en, %s, %q) = %q, want %q", c.key, c.audience, got, c.want)
		}
	}
	for _, p := range content.Check(lib, opts) {
		if !p.Warning {
			t.Errorf("a variant of a known key: %s", p)
		}
	}
}

// A number's label in words ("112 (mobile)") is shown in the person's language through a
// contact.role key, which every locale must have; a keypad form ("1-800-4-A-CHILD"), a
// proper name ("PEHEL") or a label with no letter needs none, and a translation may leave
// the label's numbers out but never change them.
func TestCheckNumberLabels(t *testing.T) {
	o := opts
	o.PhoneOK = hotline.LooksLikePhone
	o.Labels = hotline.Labels
	withPhone := func(phone string) string {
		return strings.Replace(goodHotline, `phone: "999"`, `phone: "`+phone+`"`, 1)
	}
	id := func(extra string) string {
		return strings.Replace(goodLocale(), "lang: en\nname: English\nreview: source", "lang: id\nname: Bahasa Indonesia\nreview: draft", 1) + extra
	}
	tests := []struct {
		name string
		over map[string]string
		want []string // every error, in order
	}{
		{"keypad forms, names, no letters", map[string]string{
			"hotlines/GB.yaml": withPhone("1-800-422-4453 (1-800-4-A-CHILD); 911 (PEHEL); 0508 NETSAFE (0508 638 723)"),
			"locales/id.yaml":  id("")}, nil},
		{"a label with no key", map[string]string{"hotlines/GB.yaml": withPhone("999; 112 (mobile)")},
			[]string{`locales/en.yaml: strings.contact.role.mobile: error: missing: hotlines/GB.yaml contacts[0] (Emergency services) labels a number "mobile"`}},
		{"a locale without the key", map[string]string{
			"hotlines/GB.yaml": withPhone("999; 112 (mobile)"),
			"locales/en.yaml":  goodLocale() + "  contact.role.mobile: \"from a mobile phone\"\n",
			"locales/id.yaml":  id("")},
			[]string{`locales/id.yaml: strings.contact.role.mobile: error: missing: hotlines/GB.yaml contacts[0] (Emergency services) labels a number "mobile"`}},
		{"part by part", map[string]string{
			"hotlines/GB.yaml": withPhone("999 (fire/rescue); 112 (police/coastguard)"),
			"locales/en.yaml":  goodLocale() + "  contact.role.police_coastguard: \"police or coastguard\"\n",
			"locales/id.yaml":  id("")},
			[]string{`locales/id.yaml: strings.contact.role.police_coastguard: error: missing`}},
		{"numbers kept or left out", map[string]string{
			"hotlines/GB.yaml": withPhone("129 (021-129 from some phones); 119 ext 8 (since 2019)"),
			"locales/en.yaml":  goodLocale() + "  contact.role.021_129_from_some_phones: \"021-129 from some phones\"\n  contact.role.since_2019: \"open since 2019\"\n",
			"locales/id.yaml":  id("  contact.role.021_129_from_some_phones: \"021-129 dari sebagian telepon\"\n  contact.role.since_2019: \"sudah lama buka\"\n")},
			nil},
		{"numbers changed or added", map[string]string{
			"hotlines/GB.yaml": withPhone("129 (021-129 from some phones); 119 ext 8 (since 2019)"),
			"locales/en.yaml":  goodLocale() + "  contact.role.021_129_from_some_phones: \"021 129 from some phones\"\n  contact.role.since_2019: \"open since 2019\"\n",
			"locales/id.yaml":  id("  contact.role.021_129_from_some_phones: \"021-129 dari sebagian telepon\"\n  contact.role.since_2019: \"buka sejak 2019, 119\"\n")},
			[]string{`locales/id.yaml: strings.contact.role.since_2019: error: has the numbers ["2019" "119"]; the label "since 2019"`}},
		{"numbers in other digits", map[string]string{
			"hotlines/GB.yaml": withPhone("119 ext 8 (since 2019)"),
			"locales/en.yaml":  goodLocale() + "  contact.role.since_2019: \"open since ٢٠١٩\"\n"},
			[]string{`locales/en.yaml: strings.contact.role.since_2019: error: has the numbers ["٢٠١٩"]`}},
		{"sms labels too", map[string]string{
			"hotlines/GB.yaml": strings.Replace(goodHotline, `phone: "999"`, `phone: "999"`+"\n    sms: 31393 (counsellor calls back)", 1)},
			[]string{`locales/en.yaml: strings.contact.role.counsellor_calls_back: error: missing: hotlines/GB.yaml contacts[0] (Emergency services) labels a number "counsellor calls back"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib, err := content.Load(files(tt.over), "test")
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			var got []string
			for _, p := range content.Check(lib, o) {
				if !p.Warning {
					got = append(got, p.String())
				} else if strings.Contains(p.Entry, "contact.role.") {
					t.Errorf("a label's key is used: %s", p)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d = %s\nwant it to start %s", i, got[i], w)
				}
			}
		})
	}
}
