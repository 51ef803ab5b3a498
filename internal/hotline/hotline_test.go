package hotline_test

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/hotline"
)

var sextortionKinds = []string{"crisis", "emergency", "child_helpline", "police_online", "image_removal"}

var userAudiences = []string{"teen", "parent", "school", "unknown"}

func TestResolveGBTeenSextortion(t *testing.T) {
	d := loadDirectory(t)
	got := d.Resolve("GB", sextortionKinds, "teen")
	for _, want := range []struct{ name, phone string }{
		{"Samaritans", "116 123"},
		{"Police", "999"},
		{"Childline", "0800 1111"},
		{"CEOP", ""},
		{"Report Remove", ""},
		{"Take It Down", ""},
	} {
		if _, ok := find(got, want.name, want.phone); !ok {
			t.Errorf("GB teen: no %s %s in %q", want.name, want.phone, names(got))
		}
	}
	// Kinds come back in the order asked for.
	var kinds []string
	for _, e := range got {
		if len(kinds) == 0 || kinds[len(kinds)-1] != e.Kind {
			kinds = append(kinds, e.Kind)
		}
	}
	if !reflect.DeepEqual(kinds, sextortionKinds) {
		t.Errorf("GB teen kinds in order %v, want %v", kinds, sextortionKinds)
	}
	// Report Remove (national) comes before Take It Down (worldwide), which is not a fallback.
	rr, tid := -1, -1
	for i, e := range got {
		switch {
		case strings.Contains(e.Name, "Report Remove"):
			rr = i
		case strings.Contains(e.Name, "Take It Down"):
			tid = i
			if e.Fallback || e.Country != "ZZ" {
				t.Errorf("Take It Down in GB: Fallback=%v Country=%s, want false ZZ", e.Fallback, e.Country)
			}
		}
	}
	if rr > tid {
		t.Errorf("Report Remove at %d after Take It Down at %d", rr, tid)
	}
}

func TestResolveUS(t *testing.T) {
	d := loadDirectory(t)
	for _, aud := range userAudiences {
		got := d.Resolve("US", []string{"crisis", "emergency", "report_csam", "image_removal"}, aud)
		for _, want := range []struct{ name, phone string }{
			{"988", "988"},
			{"Emergency", "911"},
			{"CyberTipline", "1-800-843-5678"},
			{"Take It Down", ""},
		} {
			if _, ok := find(got, want.name, want.phone); !ok {
				t.Errorf("US %s: no %s %s in %q", aud, want.name, want.phone, names(got))
			}
		}
		if e, _ := find(got, "CyberTipline", ""); e.Country != "US" {
			t.Errorf("US %s: CyberTipline from %s, want the US entry", aud, e.Country)
		}
		if e, _ := find(got, "Take It Down", ""); !e.Fallback {
			t.Errorf("US %s: Take It Down should be a fallback (US has no image_removal entry)", aud)
		}
	}
}

func TestResolveCountryWithoutFile(t *testing.T) {
	d := loadDirectory(t)
	if _, ok := d.Country("GH"); ok {
		t.Fatal("GH has a file now; pick another country without one for this test")
	}
	for _, region := range []string{"GH", "", "??", "gh"} {
		got := d.Resolve(region, []string{"emergency", "crisis", "child_helpline", "report_csam", "image_removal", "parent_support"}, "teen")
		if len(got) == 0 {
			t.Fatalf("region %q: nothing resolved", region)
		}
		for _, e := range got {
			if e.Country != "ZZ" || !e.Fallback {
				t.Errorf("region %q: %s from %s Fallback=%v, want ZZ fallback", region, e.Name, e.Country, e.Fallback)
			}
			if e.Kind == "emergency" {
				t.Errorf("region %q: got an emergency entry %q, ZZ has none", region, e.Name)
			}
		}
		for _, kind := range []string{"crisis", "child_helpline", "report_csam", "image_removal"} {
			if !slices.ContainsFunc(got, func(e hotline.Entry) bool { return e.Kind == kind }) {
				t.Errorf("region %q: no %s entry", region, kind)
			}
		}
	}
}

func TestEveryKindResolvesEverywhere(t *testing.T) {
	d := loadDirectory(t)
	regions := append(d.Codes(), "GH", "")
	for _, region := range regions {
		for _, aud := range userAudiences {
			for _, kind := range content.ContactKinds {
				if kind == content.KindEmergency || kind == content.KindPoliceOnline {
					continue // ZZ has neither: these may come back empty
				}
				if got := d.Resolve(region, []string{kind}, aud); len(got) == 0 {
					t.Errorf("%s %s %s: nothing", region, aud, kind)
				}
			}
		}
	}
}

func TestTeensNeverGetParentOrAdultOnly(t *testing.T) {
	d := loadDirectory(t)
	regions := append(d.Codes(), "GH")
	for _, region := range regions {
		for _, aud := range []string{"teen", "unknown", "", "something-else"} {
			// parent_support is the exception: it asks for the parents' lines by name
			// (the "for parents" section of /hotlines, which a teen may pass on).
			kinds := slices.DeleteFunc(slices.Clone(content.ContactKinds), func(k string) bool {
				return k == content.KindParentSupport
			})
			got := d.Resolve(region, kinds, aud)
			for _, e := range got {
				if e.Audience == "parent" || e.Audience == "adult" {
					t.Errorf("%s %q: got %s-only %q", region, aud, e.Audience, e.Name)
				}
				if strings.Contains(e.Name, "StopNCII") || strings.Contains(e.Name, "NSPCC Helpline") {
					t.Errorf("%s %q: got %q", region, aud, e.Name)
				}
			}
		}
	}
}

func TestNobodyGetsAdultOnlyFromResolve(t *testing.T) {
	d := loadDirectory(t)
	for _, region := range append(d.Codes(), "GH") {
		for _, aud := range userAudiences {
			for _, e := range d.Resolve(region, content.ContactKinds, aud) {
				if e.Audience == "adult" {
					t.Errorf("%s %s: got adult-only %q", region, aud, e.Name)
				}
			}
		}
	}
}

func TestParentSupportGB(t *testing.T) {
	d := loadDirectory(t)
	for _, aud := range []string{"parent", "school"} {
		got := d.Resolve("GB", []string{"parent_support"}, aud)
		if len(got) != 1 || !strings.Contains(got[0].Name, "NSPCC Helpline") || got[0].Phone != "0808 800 5000" {
			t.Errorf("GB %s parent_support = %q, want the NSPCC Helpline alone", aud, names(got))
		}
	}
	// Parents asking for child helplines get the parent line first, Childline after.
	got := d.Resolve("GB", []string{"child_helpline"}, "parent")
	if len(got) != 2 || !strings.Contains(got[0].Name, "NSPCC Helpline") || !strings.Contains(got[1].Name, "Childline") {
		t.Errorf("GB parent child_helpline = %q, want NSPCC Helpline then Childline", names(got))
	}
	// Parents get Take It Down (for their child) but never StopNCII.
	got = d.Resolve("GB", []string{"image_removal"}, "parent")
	if _, ok := find(got, "Take It Down", ""); !ok {
		t.Errorf("GB parent image_removal = %q, want Take It Down", names(got))
	}
	if _, ok := find(got, "StopNCII", ""); ok {
		t.Errorf("GB parent image_removal = %q, must not hold StopNCII", names(got))
	}
}

func TestNoDuplicates(t *testing.T) {
	d := loadDirectory(t)
	kinds := append(slices.Clone(content.ContactKinds), content.ContactKinds...)
	for _, region := range append(d.Codes(), "GH") {
		for _, aud := range userAudiences {
			seen := map[string]bool{}
			for _, e := range d.Resolve(region, kinds, aud) {
				key := e.Country + "|" + e.Kind + "|" + e.Name + "|" + e.Phone + "|" + e.Web
				if seen[key] {
					t.Errorf("%s %s: %q twice", region, aud, e.Name)
				}
				seen[key] = true
			}
		}
	}
}

func TestEveryEntryHasSourceAndDate(t *testing.T) {
	countries := loadCountries(t)
	today := time.Now().UTC().Format(time.DateOnly)
	for code, c := range countries {
		if len(c.Contacts) == 0 {
			t.Errorf("%s: no contacts", code)
		}
		for _, ct := range c.Contacts {
			if len(ct.Sources) == 0 {
				t.Errorf("%s %q: no source", code, ct.Name)
			}
			for _, s := range ct.Sources {
				if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
					t.Errorf("%s %q: source %q is not a URL", code, ct.Name, s)
				}
			}
			if _, err := time.Parse(time.DateOnly, ct.Checked); err != nil {
				t.Errorf("%s %q: checked %q: %v", code, ct.Name, ct.Checked, err)
			} else if ct.Checked > today {
				t.Errorf("%s %q: checked %s is in the future", code, ct.Name, ct.Checked)
			}
			if ct.Phone == "" && ct.SMS == "" && ct.Web == "" && ct.Chat == "" {
				t.Errorf("%s %q: no way to reach it", code, ct.Name)
			}
			if !slices.Contains(content.StoredKinds, ct.Kind) {
				t.Errorf("%s %q: kind %q", code, ct.Name, ct.Kind)
			}
			if !slices.Contains([]string{"child", "parent", "adult", "all"}, ct.Audience) {
				t.Errorf("%s %q: audience %q", code, ct.Name, ct.Audience)
			}
			if ct.Confidence != "primary" && ct.Confidence != "secondary" {
				t.Errorf("%s %q: confidence %q", code, ct.Name, ct.Confidence)
			}
		}
	}
	if c := countries["ZZ"]; c == nil {
		t.Error("no ZZ file")
	} else if i := slices.IndexFunc(c.Contacts, func(ct content.Contact) bool { return strings.Contains(ct.Name, "StopNCII") }); i < 0 || c.Contacts[i].Audience != "adult" || c.Contacts[i].Note == "" {
		t.Error("ZZ StopNCII must be audience adult with a note")
	}
}

func TestEveryPhoneInFilesLooksLikePhone(t *testing.T) {
	for code, c := range loadCountries(t) {
		for _, ct := range c.Contacts {
			if ct.Phone == "" {
				continue
			}
			if !hotline.LooksLikePhone(ct.Phone) {
				t.Errorf("%s %q: phone %q fails LooksLikePhone", code, ct.Name, ct.Phone)
			}
			nums := hotline.ParseNumbers(ct.Phone)
			if len(nums) == 0 {
				t.Errorf("%s %q: phone %q gives no number", code, ct.Name, ct.Phone)
			}
			for _, n := range nums {
				if !strings.Contains(ct.Phone, n.Number) {
					t.Errorf("%s: parsed %q is not written in %q", code, n.Number, ct.Phone)
				}
			}
		}
	}
}

func TestDirectoryCountryAndCodes(t *testing.T) {
	d := loadDirectory(t)
	codes := d.Codes()
	if len(codes) < 2 || codes[len(codes)-1] != "ZZ" {
		t.Fatalf("Codes() = %v, want ZZ last", codes)
	}
	if !slices.IsSorted(codes[:len(codes)-1]) || slices.Contains(codes[:len(codes)-1], "ZZ") {
		t.Errorf("Codes() not sorted with ZZ last only: %v", codes)
	}
	for _, code := range []string{"GB", "gb", " Gb "} {
		if c, ok := d.Country(code); !ok || c.Code != "GB" || c.Name != "United Kingdom" {
			t.Errorf("Country(%q) = %v, %v", code, c, ok)
		}
	}
	if _, ok := d.Country("GH"); ok {
		t.Error("Country(GH) found")
	}
	codes[0] = "XX"
	if d.Codes()[0] == "XX" {
		t.Error("Codes() shares its slice")
	}
}

func TestList(t *testing.T) {
	d := loadDirectory(t)
	gb := d.List("GB")
	gbFile, _ := d.Country("GB")
	zz, _ := d.Country("ZZ")
	if len(gb) != len(gbFile.Contacts)+len(zz.Contacts) {
		t.Fatalf("List(GB) has %d entries, want %d", len(gb), len(gbFile.Contacts)+len(zz.Contacts))
	}
	if _, ok := find(gb, "StopNCII", ""); !ok {
		t.Error("List(GB) lacks StopNCII (List is audience-agnostic)")
	}
	for _, e := range gb {
		if e.Country == "ZZ" && e.Kind == "report_csam" && e.Fallback {
			t.Errorf("List(GB): %q marked fallback but GB has report_csam", e.Name)
		}
		if e.Country == "ZZ" && e.Kind == "crisis" && e.Fallback {
			t.Errorf("List(GB): %q marked fallback but GB has a crisis line", e.Name)
		}
	}
	for _, e := range d.List("GH") {
		if e.Country != "ZZ" || !e.Fallback {
			t.Errorf("List(GH): %q from %s Fallback=%v", e.Name, e.Country, e.Fallback)
		}
	}
	for _, e := range d.List("ZZ") {
		if e.Fallback {
			t.Errorf("List(ZZ): %q marked fallback", e.Name)
		}
	}
}

func TestToJSON(t *testing.T) {
	d := loadDirectory(t)
	data, err := json.Marshal(hotline.ToJSON(d.List("GB")))
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(data, &objs); err != nil {
		t.Fatal(err)
	}
	want := []string{"audience", "chat", "checked", "country", "hours", "kind", "languages", "name", "phone", "sms", "source", "web"}
	for _, o := range objs {
		var keys []string
		for k := range o {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !reflect.DeepEqual(keys, want) {
			t.Fatalf("JSON keys %v, want %v", keys, want)
		}
		if _, ok := o["languages"].([]any); !ok {
			t.Errorf("languages = %v, want a list", o["languages"])
		}
		if s, _ := o["source"].(string); !regexp.MustCompile(`^https?://`).MatchString(s) {
			t.Errorf("%v: source %q", o["name"], s)
		}
	}
	if got := hotline.ToJSON(nil); got == nil || len(got) != 0 {
		t.Errorf("ToJSON(nil) = %#v, want an empty slice", got)
	}
}

// The rules, on a small made-up directory.
func TestResolveRules(t *testing.T) {
	ct := func(kind, name, aud, conf string) content.Contact {
		return content.Contact{Kind: kind, Name: name, Phone: "0800 000 000", Audience: aud, Confidence: conf,
			Sources: []string{"https://example.org/"}, Checked: "2026-01-01"}
	}
	d := hotline.New(map[string]*content.Country{
		"aa": {Code: "AA", Contacts: []content.Contact{
			ct("child_helpline", "secondary child line", "child", "secondary"),
			ct("child_helpline", "all line", "all", "primary"),
			ct("child_helpline", "parent line", "parent", "secondary"),
			ct("child_helpline", "primary child line", "child", "primary"),
			ct("image_removal", "Global Remover", "child", "primary"),
		}},
		"BB": {Code: "BB", Contacts: []content.Contact{
			ct("child_helpline", "bb parent line", "parent", "primary"),
			ct("crisis", "bb crisis", "adult", "primary"),
		}},
		"CC": {Code: "CC", Contacts: []content.Contact{
			ct("child_helpline", "cc all line", "all", "primary"),
			ct("child_helpline", "cc child line", "child", "primary"),
		}},
		"ZZ": {Code: "ZZ", Contacts: []content.Contact{
			ct("child_helpline", "zz directory", "all", "primary"),
			ct("crisis", "zz crisis", "all", "primary"),
			ct("image_removal", "global remover", "child", "primary"),
			ct("image_removal", "adult remover", "adult", "primary"),
		}},
		"NIL": nil,
	})
	tests := []struct {
		region, audience string
		kinds            []string
		want             []string
	}{
		{"AA", "teen", []string{"child_helpline"},
			[]string{"AA:all line", "AA:primary child line", "AA:secondary child line"}},
		{"AA", "parent", []string{"child_helpline"},
			[]string{"AA:parent line", "AA:all line", "AA:primary child line", "AA:secondary child line"}},
		{"AA", "school", []string{"parent_support", "child_helpline"},
			[]string{"AA:parent line", "AA:all line", "AA:primary child line", "AA:secondary child line"}},
		// parent_support gives the parents' lines whatever the audience.
		{"AA", "teen", []string{"parent_support"}, []string{"AA:parent line"}},
		{"CC", "parent", []string{"parent_support"}, []string{"CC:cc all line"}},
		{"BB", "teen", []string{"child_helpline", "crisis"}, []string{"ZZ:zz directory*", "ZZ:zz crisis*"}},
		{"BB", "parent", []string{"crisis"}, []string{"ZZ:zz crisis*"}},
		{"BB", "parent", []string{"parent_support"}, []string{"BB:bb parent line"}},
		{"BB", "teen", []string{"parent_support"}, []string{"BB:bb parent line"}},
		{"CC", "teen", []string{"parent_support"}, []string{"CC:cc all line"}},
		// image_removal: local first, then ZZ, de-duplicated by name; never adult-only.
		{"AA", "teen", []string{"image_removal"}, []string{"AA:Global Remover"}},
		{"AA", "parent", []string{"image_removal", "image_removal"}, []string{"AA:Global Remover"}},
		{"CC", "teen", []string{"image_removal"}, []string{"ZZ:global remover*"}},
		{"ZZ", "teen", []string{"image_removal", "crisis"}, []string{"ZZ:global remover", "ZZ:zz crisis"}},
		{"", "unknown", []string{"emergency", "police_online", "no_such_kind"}, nil},
		{"aa", "", []string{"crisis"}, []string{"ZZ:zz crisis*"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range d.Resolve(tt.region, tt.kinds, tt.audience) {
			s := e.Country + ":" + e.Name
			if e.Fallback {
				s += "*"
			}
			got = append(got, s)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Resolve(%q, %v, %q) = %q, want %q", tt.region, tt.kinds, tt.audience, got, tt.want)
		}
	}
	if got := d.Codes(); !reflect.DeepEqual(got, []string{"AA", "BB", "CC", "ZZ"}) {
		t.Errorf("Codes() = %v", got)
	}
}

// Resolve must not hand out the directory's own slices.
func TestResolveCopies(t *testing.T) {
	d := loadDirectory(t)
	got := d.Resolve("GB", []string{"child_helpline"}, "teen")
	got[0].Name = "changed"
	got[0].Languages = append(got[0].Languages[:0], "changed")
	again := d.Resolve("GB", []string{"child_helpline"}, "teen")
	if again[0].Name == "changed" || slices.Contains(again[0].Languages, "changed") {
		t.Fatal("Resolve result shares the directory's contact")
	}
}

func BenchmarkResolve(b *testing.B) {
	d := loadDirectory(b)
	for b.Loop() {
		d.Resolve("GB", sextortionKinds, "teen")
	}
}

// Prevention help resolves like report_csam: the country's own service, else the one that
// works from anywhere (Troubled Desire), marked as a fallback.
func TestResolvePrevention(t *testing.T) {
	d := loadDirectory(t)
	for _, aud := range userAudiences {
		got := d.Resolve("GB", []string{content.KindPrevention}, aud)
		if len(got) != 1 {
			t.Fatalf("GB %s: %q, want Stop It Now alone", aud, names(got))
		}
		if e := got[0]; !strings.Contains(e.Name, "Stop It Now") || e.Phone != "0808 1000 900" ||
			e.Web != "https://www.stopitnow.org.uk/" || e.Country != "GB" || e.Fallback || e.Kind != content.KindPrevention {
			t.Errorf("GB %s: %+v", aud, e)
		}

		for _, region := range []string{"BR", "JP", "GH", ""} {
			got := d.Resolve(region, []string{content.KindPrevention}, aud)
			if len(got) != 1 {
				t.Fatalf("%q %s: %q, want the ZZ entry alone", region, aud, names(got))
			}
			if e := got[0]; !strings.HasPrefix(e.Name, "Troubled Desire") || e.Web != "https://www.troubled-desire.com/" ||
				e.Country != "ZZ" || !e.Fallback {
				t.Errorf("%q %s: %+v, want Troubled Desire from ZZ as a fallback", region, aud, e)
			}
		}

		// Web-only services count as local: Germany gets its own network, not the fallback.
		if got := d.Resolve("DE", []string{content.KindPrevention}, aud); len(got) != 1 ||
			got[0].Country != "DE" || got[0].Web != "https://www.kein-taeter-werden.de/" || got[0].Phone != "" {
			t.Errorf("DE %s: %q", aud, names(got))
		}
		// New Zealand has three regional services, in file order.
		var nz []string
		for _, e := range d.Resolve("NZ", []string{content.KindPrevention}, aud) {
			nz = append(nz, hotline.ShortName(e.Name))
		}
		if want := []string{"Safe Network", "WellStop", "STOP"}; !slices.Equal(nz, want) {
			t.Errorf("NZ %s: %q, want %q", aud, nz, want)
		}
	}
	// Asked for together with other kinds, prevention keeps its place in the order.
	got := d.Resolve("GB", []string{content.KindCrisis, content.KindPrevention}, "teen")
	if len(got) < 2 || got[0].Kind != content.KindCrisis || got[len(got)-1].Kind != content.KindPrevention {
		t.Errorf("GB crisis+prevention: %q", names(got))
	}
}

// The US number is written as the organisation writes it, with its keypad digits in
// brackets so that it can be dialled.
func TestPreventionUSNumberDials(t *testing.T) {
	d := loadDirectory(t)
	got := d.Resolve("US", []string{content.KindPrevention}, "teen")
	if len(got) != 1 {
		t.Fatalf("US: %q", names(got))
	}
	nums := hotline.ParseNumbers(got[0].Phone)
	if len(nums) != 1 || nums[0].Number != "1-888-773-8368" || nums[0].Label != "1.888.PREVENT" {
		t.Errorf("US Stop It Now phone %q parses to %+v", got[0].Phone, nums)
	}
}
