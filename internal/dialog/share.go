package dialog

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/lantern-help/lantern/internal/content"
)

// botRe is Telegram's rule for a bot's username.
var botRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{3,31}$`)

// dataOpener picks another opener of a share node: o:<node>:<index>.
const dataOpener = "o:"

// shareOpener shows opener i of a share node: the words on their own (easy to copy or
// forward), a button that opens Telegram's share sheet with them and a link to Lantern, the
// other openers, and the node's own buttons.
func (t *turn) shareOpener(n *content.Node, i int) {
	s := n.Share
	text := t.text0(s.Openers[i].Text)
	var rows [][]Button
	if u := t.shareURL(s.Link, text); u != "" {
		rows = append(rows, []Button{{Label: t.text0(s.Button), URL: u}})
	}
	for j, o := range s.Openers {
		if j != i {
			rows = append(rows, []Button{{Label: t.text0(o.Label), Data: dataOpener + n.ID + ":" + strconv.Itoa(j)}})
		}
	}
	for _, b := range n.Buttons {
		rows = append(rows, []Button{{Label: t.text0(b.Label), Data: dataGoto + b.Goto}})
	}
	t.replies = append(t.replies, Reply{Text: text, Buttons: rows, Risky: n.Risky})
}

// pickOpener handles "node:index" from an opener button.
func (t *turn) pickOpener(arg string) bool {
	id, idx, ok := strings.Cut(arg, ":")
	n := t.e.lib.Node(id)
	i, err := strconv.Atoi(idx)
	if !ok || n == nil || n.Share == nil || err != nil || i < 0 || i >= len(n.Share.Openers) {
		return false
	}
	t.clearQuestion()
	t.st.Node = id
	t.shareOpener(n, i)
	return true
}

// shareURL is Telegram's share link (https://t.me/share/url) carrying the words and a link to
// Lantern for the person they are sent to, or "" when the bot's username is not known.
func (t *turn) shareURL(link, text string) string {
	if !botRe.MatchString(t.bot) {
		return ""
	}
	target := "https://t.me/" + t.bot
	if link == "parent" || link == "teen" {
		target = LanternLink(t.bot, Payload{Audience: link, Region: t.st.Region, Lang: t.st.Lang, School: t.st.School})
	}
	return "https://t.me/share/url?url=" + queryEscape(target) + "&text=" + queryEscape(text)
}

// queryEscape escapes a query value with %20 for spaces: a "+" is not read as a space
// everywhere.
func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// LanternLink is the deep link to the bot that lands a person of an audience in the right
// region, language and school.
func LanternLink(bot string, p Payload) string {
	return fmt.Sprintf("https://t.me/%s?start=%s", bot, p.String())
}
