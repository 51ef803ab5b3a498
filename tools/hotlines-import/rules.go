package main

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/lantern-help/lantern/internal/content"
)

// rule changes one CSV row: it adds an operator note and, rarely, corrects the audience.
// Each rule must match exactly one row, so that a changed CSV cannot silently lose a
// caveat. The notes are short and factual, taken from hotlines-notes.md (§3 and §4) for
// the reference list, and from the research behind the project's prevention list
// (content/hotlines/sources/README.md) for its rows.
type rule struct {
	country, kind, nameHas string // the row: country, kind, and a piece of its name
	audience               string // new audience, or "" to keep the CSV's
	note                   string
	// shown replaces a field the bot shows whose CSV value is a research remark ("116 111
	// (text, per 2020 source); older sources list SMS 417 16 111"), which a frightened
	// reader should not have to decode: the CSV's value moves to the note, word for word.
	shown shown
}

// shown is what a rule shows in place of the CSV's SMS and hours fields ("" keeps the
// CSV's; unknownHours empties the hours, which the bot then says are not known). The SMS
// shown may drop words but never a number the CSV's field lacks.
type shown struct{ sms, hours string }

// unknownHours in a rule's shown hours empties them.
const unknownHours = "?"

// secondaryNote is added to every row that comes from a published dataset.
const secondaryNote = "Secondary source (a published dataset, not the organisation's own page): re-check first."

var rules = []rule{
	// Shaky entries (hotlines-notes.md §4).
	{country: "PK", kind: "emergency", nameHas: "PEHEL",
		note: "911 (PEHEL, launched 2022) is being rolled out in phases; provincial Rescue 1122 and police 15 are also in use."},
	{country: "PK", kind: "child_helpline", nameHas: "(Punjab)",
		note: "Punjab only (provincial line)."},
	{country: "PK", kind: "police_online", nameHas: "NCCIA",
		note: "Cyber-crime numbers conflict between sources; the NCCIA number is from a 2025 notice. The FIA Cyber Crime Wing was replaced by NCCIA in 2025."},
	{country: "ID", kind: "emergency", nameHas: "112",
		note: "112 coverage is partial (142 of 514 regencies by Sept 2024); the legacy numbers 110/113/118/119 remain in use."},
	{country: "ID", kind: "crisis", nameHas: "healing119.id",
		note: "The 119 ext 8 hotline is from a 2017 source; healing119.id was reactivated in Jul 2025 (online only)."},
	{country: "IN", kind: "child_helpline", nameHas: "1098",
		note: "1098 is being taken over by the Ministry of Women & Child Development and integrated with ERSS-112; it is still published."},
	{country: "ET", kind: "emergency", nameHas: "Police",
		note: "From a Chinese-embassy advisory quoted in a news post; no national unified emergency number was confirmed."},
	{country: "ET", kind: "emergency", nameHas: "Addis Ababa",
		note: "Addis Ababa only."},
	{country: "SA", kind: "emergency", nameHas: "911",
		note: "Some guides also list 112 as a general number."},
	{country: "SA", kind: "child_helpline", nameHas: "Child Helpline",
		note: "Hours were limited at launch (2010); no current hours were found."},
	{country: "UA", kind: "emergency", nameHas: "112",
		note: "The 112 rollout was due to finish by the end of 2024; 101-104 remain in use."},
	{country: "UA", kind: "child_helpline", nameHas: "116 111",
		note: "Hours are from a 2015 source."},
	{country: "AE", kind: "child_helpline", nameHas: "MoI Child Protection",
		note: "Web left empty: the MoI CPC website address differs between sources. A third-party claim of another child line was not confirmed."},
	{country: "AE", kind: "child_helpline", nameHas: "Dubai only",
		note: "Dubai only."},
	{country: "NO", kind: "child_helpline", nameHas: "Alarmtelefonen",
		note: "SMS number conflict: a 2020 article says texts go to 116 111, the findahelpline scrape lists 417 16 111. 24/7 per the 2020 source; earlier evenings and weekends only."},
	{country: "JP", kind: "child_helpline", nameHas: "SOS",
		note: "Some older materials show the prefix 0570 instead of 0120."},
	{country: "JP", kind: "child_helpline", nameHas: "Childline Japan",
		note: "Hours changed over time (older sources: Mon-Sat)."},
	{country: "CA", kind: "child_helpline", nameHas: "Kids Help Phone",
		note: "Text keyword CONNECT is from the current KHP page; older media used other keywords. 686868 is the constant."},
	{country: "NZ", kind: "child_helpline", nameHas: "Youthline",
		note: "Number from a 2012 government page; 24/7 phone and text since Sept/Nov 2023 (news source)."},
	{country: "FR", kind: "image_removal", nameHas: "3018",
		note: "Older sources give 09-20; the current source gives 09-23."},
	{country: "ZA", kind: "crisis", nameHas: "SADAG",
		note: "SADAG has several numbers (suicide crisis line, 24-hour line, SMS)."},
	{country: "KE", kind: "emergency", nameHas: "National Police",
		note: "Police list of 2022; the 2021 Wikipedia snapshot listed only 911."},
	{country: "MY", kind: "child_helpline", nameHas: "15999",
		note: "15999 became Talian Kasih (2015), a broader welfare line; it is not child-only."},
	{country: "EG", kind: "child_helpline", nameHas: "16000",
		note: "Confirmed by 2009/2019 sources; current hours are unknown."},
	{country: "EG", kind: "emergency", nameHas: "Emergency",
		note: "From the 2021 Wikipedia snapshot only."},
	{country: "BJ", kind: "child_helpline", nameHas: "138",
		note: "An undated breakdown notice gave a paid fallback number; 138 is unverified for current operation."},
	{country: "SN", kind: "child_helpline", nameHas: "Allo 116",
		note: "Free on all operators except YAS (per source)."},
	{country: "TH", kind: "emergency", nameHas: "191",
		note: "A switch to 911 was announced (~2016); later guides still give 191/1669/199."},
	{country: "TZ", kind: "emergency", nameHas: "112",
		note: "112 is official but reported unreliable; fire & rescue asks people to use 114."},
	{country: "CN", kind: "emergency", nameHas: "110",
		note: "Only 110 (police) is sourced (2021 Wikipedia snapshot)."},
	{country: "RU", kind: "child_helpline", nameHas: "Детский телефон доверия",
		note: "The short number 124 comes from a 2026 regional (Saratov) source and may not work in every region."},
	{country: "ZZ", kind: "child_helpline", nameHas: "Child Helpline International",
		note: "The page listing helplines by country was not available; the entry links to the members page."},
	{country: "ZZ", kind: "report_csam", nameHas: "INHOPE",
		note: "Page read through a proxy copy."},

	// Regional or restricted lines (hotlines-notes.md §3).
	{country: "CO", kind: "crisis", nameHas: "Bogotá only",
		note: "Bogotá only."},
	{country: "CN", kind: "child_helpline", nameHas: "12355",
		note: "Run by each province or city; hours vary."},
	{country: "ZZ", kind: "report_csam", nameHas: "CyberTipline",
		note: "The phone number is a US number; an explicit statement that reports from outside the US are accepted was not found."},
	{country: "ZZ", kind: "image_removal", nameHas: "Take It Down (NCMEC)",
		note: "For people under 18, anywhere in the world (NCMEC FAQ)."},
	{country: "ZZ", kind: "image_removal", nameHas: "StopNCII", audience: "adult",
		note: "Adults (18+) only: its FAQ sends under-18s to NCMEC or the IWF. Audience set to adult by the importer (the CSV says all)."},

	// Fields the bot shows whose CSV value is a research remark (the numbers unchanged; the
	// remark goes to the note). The English reply showed them as written, to a teen: "by text:
	// 116 111 (text, per 2020 source); older sources list SMS 417 16 111".
	{country: "NO", kind: "child_helpline", nameHas: "Alarmtelefonen",
		shown: shown{sms: "116 111", hours: "24/7"}},
	{country: "IE", kind: "crisis", nameHas: "Pieta",
		shown: shown{sms: "Text HELP to 51444"}},
	{country: "IE", kind: "child_helpline", nameHas: "ISPCC",
		shown: shown{hours: "phone 24/7; text and chat 10am-4am"}},
	{country: "IL", kind: "crisis", nameHas: "ERAN",
		shown: shown{sms: "0529993544"}},
	{country: "SG", kind: "crisis", nameHas: "Samaritans",
		shown: shown{sms: "9151 1767"}},
	{country: "SG", kind: "child_helpline", nameHas: "Tinkle Friend",
		shown: shown{hours: "weekdays only, a few hours a day: check before calling"}},
	{country: "SA", kind: "child_helpline", nameHas: "Child Helpline",
		shown: shown{hours: unknownHours}},
	{country: "UA", kind: "child_helpline", nameHas: "116 111",
		shown: shown{hours: unknownHours}},
	{country: "CI", kind: "child_helpline", nameHas: "Allô Enfants",
		shown: shown{hours: "24/7"}},
	{country: "TZ", kind: "child_helpline", nameHas: "National Child Helpline",
		shown: shown{hours: "24/7"}},
	{country: "NZ", kind: "child_helpline", nameHas: "Youthline",
		shown: shown{hours: "24/7 phone and text"}},
	{country: "PL", kind: "child_helpline", nameHas: "116 111",
		shown: shown{hours: "24/7 phone and chat"}},
	{country: "DE", kind: "child_helpline", nameHas: "Nummer gegen Kummer",
		shown: shown{hours: "Mon-Sat 14:00-20:00; also Mon, Wed, Thu 10:00-12:00"}},
	{country: "JP", kind: "child_helpline", nameHas: "Childline Japan",
		shown: shown{hours: "daily 16:00-21:00 (closed 29 Dec-3 Jan)"}},

	// The project's prevention list (content/hotlines/sources/prevention.csv).
	{country: "US", kind: "prevention", nameHas: "Stop It Now",
		note: "The organisation's page gives only 1.888.PREVENT; the digits in brackets are its keypad spelling, found written out only in public resource lists (secondary). Confirm on stopitnow.org."},
	{country: "NL", kind: "prevention", nameHas: "Stop it Now",
		note: "Stop it Now! NL is now part of Offlimits: check the number, hours and chat on its current website."},
	{country: "BE", kind: "prevention", nameHas: "Bruxelles",
		note: "French-speaking line. Stop it Now! Vlaanderen (Dutch) exists, but no number for it was found."},
	{country: "FR", kind: "prevention", nameHas: "STOP",
		note: "No website was found in the sources. Hours left empty: only one 2021 article gives them (9:00-17:00, Monday to Friday)."},
	{country: "CH", kind: "prevention", nameHas: "Beforemore",
		note: "German-speaking Switzerland. Number from a 2026 news article, not from Beforemore's own page."},
	{country: "CA", kind: "prevention", nameHas: "Talking for Change",
		note: "Hours as one 2024 news article gives them (9 a.m. to 3 p.m. Pacific, 12 to 6 p.m. EDT); they may have changed since. No website was found in the sources."},
	{country: "DE", kind: "prevention", nameHas: "Kein Täter werden",
		note: "Web only: no national phone number was found. The Hamburg number in the quote is site-specific and probably old, so it is left out."},
	{country: "AT", kind: "prevention", nameHas: "Nicht Täter werden",
		note: "Web only: no phone number was found. The ORF reports that clients pay for the therapy groups themselves."},
	{country: "ZZ", kind: "prevention", nameHas: "Troubled Desire",
		note: "Web only. The language list is from 2019 and has likely grown."},
}

// applyRules adds the notes and audience corrections, then the secondary-source note.
func applyRules(rows []*row, rules []rule) error {
	for _, ru := range rules {
		var hits []*row
		for _, rw := range rows {
			if rw.country == ru.country && rw.contact.Kind == ru.kind && strings.Contains(rw.contact.Name, ru.nameHas) {
				hits = append(hits, rw)
			}
		}
		if len(hits) != 1 {
			return fmt.Errorf("note rule %s/%s/%q matches %d rows, want exactly 1", ru.country, ru.kind, ru.nameHas, len(hits))
		}
		c := &hits[0].contact
		c.Note = joinNote(c.Note, ru.note)
		if err := ru.shown.apply(c); err != nil {
			return fmt.Errorf("rule %s/%s/%q: %w", ru.country, ru.kind, ru.nameHas, err)
		}
		if ru.audience != "" {
			c.Audience = ru.audience
		}
	}
	for _, rw := range rows {
		if rw.contact.Confidence == "secondary" {
			rw.contact.Note = joinNote(rw.contact.Note, secondaryNote)
		}
	}
	return nil
}

// apply shows sh's fields in c, keeping the CSV's values in its note.
func (sh shown) apply(c *content.Contact) error {
	if sh.sms != "" {
		for _, n := range digitRuns(sh.sms) {
			if !contains(digitRuns(c.SMS), n) {
				return fmt.Errorf("shown SMS %q has the number %s, which the CSV's %q lacks", sh.sms, n, c.SMS)
			}
		}
		c.Note = joinNote(c.Note, fmt.Sprintf("SMS as listed: %q.", c.SMS))
		c.SMS = sh.sms
	}
	if sh.hours != "" {
		c.Note = joinNote(c.Note, fmt.Sprintf("Hours as listed: %q.", c.Hours))
		c.Hours = sh.hours
		if sh.hours == unknownHours {
			c.Hours = ""
		}
	}
	return nil
}

// digitRuns returns the numbers in s, their spaces and dashes taken out ("9151 1767" is one).
func digitRuns(s string) []string {
	var runs []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != ' ' && r != '-' }) {
		if d := digitsOnly(f); d != "" {
			runs = append(runs, d)
		}
	}
	return runs
}

// digitsOnly is s with everything but its digits taken out.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func joinNote(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + " " + b
}
