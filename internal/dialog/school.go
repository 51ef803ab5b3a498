package dialog

import (
	"sort"
	"strconv"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// Button data of the school codes list.
const (
	dataPoster = "sp:" // sp:<code>: send that code's poster again
	dataRetire = "sx:" // sx:<code>: retire that code
)

// maxSchoolCodes is how many active codes one staff chat may hold: plenty for a school, and
// a bound on what one chat can make.
const maxSchoolCodes = 20

// action runs a node's engine action after its messages.
func (t *turn) action(n *content.Node) {
	switch n.Action {
	case "school_new":
		t.schoolNew(n)
	case "school_codes":
		t.schoolCodes()
	case "school_stats":
		t.schoolStats()
	}
}

// fill replaces {name} placeholders in a string of the current language.
func (t *turn) fill(key string, kv ...string) string {
	return strings.NewReplacer(kv...).Replace(t.text0(key))
}

// ltr isolates a code or link in right-to-left text so it is never reordered.
func (t *turn) ltr(v string) string {
	if t.e.lib.Locale(t.st.Lang).Direction == "rtl" {
		return "\u2066" + v + "\u2069"
	}
	return v
}

// schoolNew makes a school code for the region and language of this chat and answers with
// its student and parent links, texts ready to paste, and its poster.
func (t *turn) schoolNew(n *content.Node) {
	if t.st.Region == "" {
		t.askSchoolRegion(n)
		return
	}
	if !botRe.MatchString(t.bot) || t.fresh == "" {
		t.say(t.text0("school.unavailable"), false)
		return
	}
	active := 0
	for _, s := range t.schools {
		if !s.Retired {
			active++
		}
	}
	if active >= maxSchoolCodes {
		t.say(t.fill("school.too_many", "{max}", strconv.Itoa(maxSchoolCodes)), false)
		return
	}
	code := t.fresh
	t.school.New = &SchoolInfo{Code: code, Region: t.st.Region, Lang: t.st.Lang}
	students := LanternLink(t.bot, Payload{Audience: "teen", Region: t.st.Region, Lang: t.st.Lang, School: code})
	parents := LanternLink(t.bot, Payload{Audience: "parent", Region: t.st.Region, Lang: t.st.Lang, School: code})
	t.say(t.fill("school.made", "{code}", t.ltr(code), "{country}", RegionName(t.st.Lang, t.st.Region)), false)
	t.say(t.text0("school.for_students"), false)
	t.say(t.fill("school.class_text", "{link}", t.ltr(students)), false)
	t.say(t.text0("school.for_parents"), false)
	t.say(t.fill("school.newsletter", "{link}", t.ltr(parents)), false)
	t.poster(SchoolInfo{Code: code, Region: t.st.Region, Lang: t.st.Lang})
}

// askSchoolRegion asks which country the school is in, then comes back to node n.
func (t *turn) askSchoolRegion(n *content.Node) {
	t.st.Awaiting, t.st.Then = "region", n.ID
	t.say(t.text0("school.ask_region"), false)
	t.askRegion()
}

// poster sends a code's poster, with a caption.
func (t *turn) poster(s SchoolInfo) {
	t.replies = append(t.replies, Reply{
		Text:   t.fill("school.poster", "{code}", t.ltr(s.Code)),
		Poster: &PosterOf{Code: s.Code, Region: s.Region, Lang: s.Lang},
	})
}

// owned returns this chat's active code, if it is one.
func (t *turn) owned(code string) (SchoolInfo, bool) {
	for _, s := range t.schools {
		if s.Code == code && !s.Retired {
			return s, true
		}
	}
	return SchoolInfo{}, false
}

// schoolCodes lists this chat's codes, each active one with a poster and a retire button.
func (t *turn) schoolCodes() {
	if len(t.schools) == 0 {
		t.say(t.text0("school.none"), false)
		return
	}
	codes := append([]SchoolInfo(nil), t.schools...)
	sort.SliceStable(codes, func(i, j int) bool { return !codes[i].Retired && codes[j].Retired })
	var lines []string
	var rows [][]Button
	for _, s := range codes {
		key := "school.code_line"
		if s.Retired {
			key = "school.code_retired"
		}
		lines = append(lines, "• "+t.fill(key, "{code}", t.ltr(s.Code), "{country}", RegionName(t.st.Lang, s.Region),
			"{date}", t.ltr(s.Created)))
		if !s.Retired && len(rows) < 8 {
			rows = append(rows, []Button{
				{Label: t.fill("btn.sc_poster", "{code}", s.Code), Data: dataPoster + s.Code},
				{Label: t.fill("btn.sc_retire", "{code}", s.Code), Data: dataRetire + s.Code},
			})
		}
	}
	t.say(t.text0("school.codes")+"\n\n"+strings.Join(lines, "\n"), false)
	if len(rows) > 0 {
		t.attach(rows)
	}
}

// schoolStats shows the counts of this chat's codes, as the channel prepared them (small
// counts already suppressed).
func (t *turn) schoolStats() {
	if len(t.schools) == 0 {
		t.say(t.text0("school.none"), false)
		return
	}
	if len(t.stats) == 0 {
		t.say(t.text0("stats.empty"), false)
		return
	}
	var b strings.Builder
	b.WriteString(t.text0("stats.intro"))
	last := "\x00"
	for _, l := range t.stats {
		if l.School != last {
			last = l.School
			head := t.ltr(l.School)
			if l.School == "*" {
				head = t.text0("stats.merged")
			}
			b.WriteString("\n\n" + head + ":")
		}
		b.WriteString("\n• " + t.text0("stats."+strings.ReplaceAll(l.Event, ":", "_")) + ": " + t.ltr(l.Shown))
	}
	b.WriteString("\n\n" + t.text0("stats.note"))
	t.say(b.String(), false)
}

// schoolPress handles the poster and retire buttons of the codes list.
func (t *turn) schoolPress(kind, code string) bool {
	s, ok := t.owned(code)
	if !ok {
		return false
	}
	t.clearQuestion()
	switch kind {
	case dataPoster:
		t.poster(s)
	case dataRetire:
		t.school.Retire = code
		t.say(t.fill("school.retired", "{code}", t.ltr(code)), false)
	}
	t.attach([][]Button{{{Label: t.text0("btn.back_to_menu"), Data: dataGoto + menuTarget}}})
	return true
}
