package dialog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lantern-help/lantern/internal/content"
)

// dataForm answers a form question with a button: f:<node>:<question>:<choice index or s>.
const dataForm = "f:"

// maxAnswer is the longest typed answer kept (in runes): enough for a username, a link or a
// sentence, not a whole story.
const maxAnswer = 300

// startForm opens a form node's first question.
func (t *turn) startForm(n *content.Node) {
	t.st.Awaiting, t.st.Check = "form", 0
	t.askForm(n, 0)
}

// askForm asks question i with its choices, two a row, and a skip button.
func (t *turn) askForm(n *content.Node, i int) {
	q := n.Form.Questions[i]
	t.say(t.text0(q.Ask), n.Risky)
	prefix := dataForm + n.ID + ":" + strconv.Itoa(i) + ":"
	choices := make([]Button, len(q.Choices))
	for j, ch := range q.Choices {
		choices[j] = Button{Label: t.text0(ch), Data: prefix + strconv.Itoa(j)}
	}
	rows := append(twoARow(choices), []Button{{Label: t.text0("btn.skip"), Data: prefix + "s"}})
	t.attach(rows)
}

// formNode is the form being filled in, or nil.
func (t *turn) formNode() *content.Node {
	if t.st.Awaiting != "form" {
		return nil
	}
	n := t.e.lib.Node(t.st.Node)
	if n == nil || n.Form == nil || t.st.Check < 0 || t.st.Check >= len(n.Form.Questions) {
		return nil
	}
	return n
}

// formPress takes "node:question:choice" from a button. A button of a question no longer
// open (an old message) returns false.
func (t *turn) formPress(arg string) bool {
	parts := strings.Split(arg, ":")
	n := t.formNode()
	if len(parts) != 3 || n == nil || parts[0] != n.ID || parts[1] != strconv.Itoa(t.st.Check) {
		return false
	}
	q := n.Form.Questions[t.st.Check]
	value := ""
	if parts[2] != "s" {
		j, err := strconv.Atoi(parts[2])
		if err != nil || j < 0 || j >= len(q.Choices) {
			return false
		}
		value = t.text0(q.Choices[j])
	}
	t.formNext(n, value)
	return true
}

// formText takes typed text as the answer to the open question. Text that did not reach the
// turn (the service restarted in between: typed text is never stored) is asked for again.
func (t *turn) formText(n *content.Node, text string) {
	v := cleanAnswer(text)
	if v == "" {
		t.say(t.text0("form.again"), n.Risky)
		t.askForm(n, t.st.Check)
		return
	}
	t.formNext(n, v)
}

// formNext keeps an answer (value "" = skipped) and asks the next question, or writes the
// summary and moves on.
func (t *turn) formNext(n *content.Node, value string) {
	i := t.st.Check
	field := n.Form.Questions[i].Field
	if value != "" {
		t.form.Field, t.form.Value = field, value
		t.answers[field] = value
	}
	if i+1 < len(n.Form.Questions) {
		t.st.Check = i + 1
		t.askForm(n, i+1)
		return
	}
	t.replies = append(t.replies, Reply{Text: t.summary(n), Private: true, Fallback: t.text0("form.lost"), Risky: true})
	t.clearQuestion() // drops the answers: the summary now holds them
	t.enter(n.Form.Done, false)
}

// summary is the report, one line per answered question, skipped ones left out.
func (t *turn) summary(n *content.Node) string {
	// In a right-to-left language, what the person typed (a username, a link) is an isolated
	// run, so it is never reordered by the text around it.
	iso := func(v string) string { return v }
	if t.e.lib.Locale(t.st.Lang).Direction == "rtl" {
		iso = func(v string) string { return "\u2068" + v + "\u2069" }
	}
	var b strings.Builder
	b.WriteString(t.text0(n.Form.Title))
	b.WriteString("\n")
	answered := 0
	for _, q := range n.Form.Questions {
		v := t.answers[q.Field]
		if v == "" {
			continue
		}
		answered++
		b.WriteString("\n• " + t.text0("form.l."+q.Field) + ": " + iso(v))
	}
	if answered == 0 {
		b.WriteString("\n" + t.text0("form.none"))
	}
	b.WriteString("\n\n" + t.text0("form.no_images"))
	return b.String()
}

// cleanAnswer makes typed text one tidy line: valid UTF-8, no control characters, spaces
// collapsed, at most maxAnswer runes.
func cleanAnswer(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxAnswer {
		s = string([]rune(s)[:maxAnswer-1]) + "…"
	}
	return s
}
