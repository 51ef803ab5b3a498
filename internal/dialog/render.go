package dialog

import (
	"strings"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/hotline"
)

// message renders one message of a node: its text, then the contacts it asks for, resolved
// for the person's region and audience.
func (t *turn) message(m content.Message, risky bool) {
	var parts []string
	if m.Text != "" {
		parts = append(parts, t.text0(m.Text))
	}
	if len(m.Contacts) > 0 {
		if c := t.contacts(m.Contacts); c != "" {
			parts = append(parts, c)
		}
	}
	t.say(strings.Join(parts, "\n\n"), risky)
	t.lastReply().Contacts = m.Contacts
}

// contacts lists the help for the given kinds, one line each. A region with no emergency
// number says so in words rather than guessing one.
func (t *turn) contacts(kinds []string) string {
	aud := t.st.Audience
	if aud == "" {
		aud = "unknown"
	}
	entries := t.e.dir.Resolve(t.st.Region, kinds, aud)
	// The region's own contacts first, then those that work from anywhere under a heading.
	var lines, global []string
	hasEmergency := false
	for _, en := range entries {
		if en.Kind == content.KindEmergency {
			hasEmergency = true
		}
		if en.Fallback {
			global = append(global, t.contactLine(en))
		} else {
			lines = append(lines, t.contactLine(en))
		}
	}
	if !hasEmergency {
		for _, k := range kinds {
			if k == content.KindEmergency {
				lines = append([]string{t.text0("contacts.no_emergency")}, lines...)
				break
			}
		}
	}
	if len(global) > 0 {
		lines = append(lines, t.text0("contacts.global"))
		lines = append(lines, global...)
	}
	return strings.Join(lines, "\n")
}

// contactLine is "• Name: call 0800 1111 · text … · https://… · 24/7".
func (t *turn) contactLine(en hotline.Entry) string {
	fill := func(key, ph, v string) string { return strings.ReplaceAll(t.text0(key), ph, v) }
	var ways []string
	if phones := phoneText(en.Phone); phones != "" {
		ways = append(ways, fill("contact.call", "{phone}", phones))
	}
	if en.SMS != "" {
		ways = append(ways, fill("contact.sms", "{sms}", en.SMS))
	}
	if en.Web != "" {
		ways = append(ways, fill("contact.web", "{web}", en.Web))
	}
	if en.Chat != "" && en.Chat != en.Web {
		ways = append(ways, fill("contact.chat", "{chat}", en.Chat))
	}
	// Opening hours matter for lines a person calls to talk; unknown hours are said, never
	// assumed to be 24/7.
	if (en.Kind == content.KindCrisis || en.Kind == content.KindChildHelpline) && (en.Phone != "" || en.SMS != "") {
		if en.Hours != "" {
			ways = append(ways, fill("contact.hours", "{hours}", en.Hours))
		} else {
			ways = append(ways, t.text0("contact.hours_unknown"))
		}
	}
	return "• " + en.Name + ": " + strings.Join(ways, " · ")
}

// phoneText shows only the numbers of a phone field, each with its label ("113 (police), 115
// (ambulance)"); remarks about numbers nobody confirmed are never shown to be dialled.
func phoneText(field string) string {
	var parts []string
	for _, n := range hotline.ParseNumbers(field) {
		if n.Label != "" {
			parts = append(parts, n.Number+" ("+n.Label+")")
		} else {
			parts = append(parts, n.Number)
		}
	}
	return strings.Join(parts, ", ")
}
