package telegram

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/safety"
)

// stored is the minimised form of an update that the inbox keeps until its turn has run.
// It holds what the turn needs and nothing the person wrote: typed text is assessed, and
// any country it names is looked up, when it arrives; then it is dropped.
type stored struct {
	Kind       dialog.Kind       `json:"k"`
	Payload    string            `json:"p,omitempty"` // a deep-link payload (validated by the engine)
	Data       string            `json:"d,omitempty"` // callback data (our own)
	Command    string            `json:"c,omitempty"`
	LangHint   string            `json:"l,omitempty"`
	Region     string            `json:"r,omitempty"`
	Article    string            `json:"t,omitempty"`  // the article that answered it, in events stored before Articles
	Articles   []string          `json:"ts,omitempty"` // the articles that answer it, best first (slugs)
	Lang       string            `json:"lg,omitempty"` // the language the text is clearly in
	Assessment safety.Assessment `json:"a"`
	CallbackID string            `json:"q,omitempty"` // to answer the button press
	MediaID    int               `json:"m,omitempty"` // a media message to delete
	Group      bool              `json:"g,omitempty"` // a group chat: one line, nothing else
}

// incoming is an update understood: whose it is and what happened.
type incoming struct {
	chatID    int64
	messageID int    // the person's message, kept 48 h for /clear (0: none or media)
	text      string // typed text, kept in memory only, for an optional model
	ev        stored
}

// mediaKinds lists what counts as media: deleted unseen, never downloaded.
func isMedia(m *models.Message) bool {
	return len(m.Photo) > 0 || m.Video != nil || m.VideoNote != nil || m.Voice != nil || m.Audio != nil ||
		m.Document != nil || m.Animation != nil || m.Sticker != nil || m.Contact != nil || m.Location != nil ||
		m.Venue != nil || m.Story != nil || m.PaidMedia != nil || m.Poll != nil || m.Checklist != nil
}

// understand turns an update into an incoming event, or reports false for updates Lantern
// does not act on (edits, service messages, channel posts).
func (s *Service) understand(u *models.Update) (incoming, bool) {
	if cq := u.CallbackQuery; cq != nil {
		chatID := cq.From.ID // in a private chat the chat id is the user id
		if cq.Message.Message != nil {
			if cq.Message.Message.Chat.Type != models.ChatTypePrivate {
				return incoming{}, false
			}
			chatID = cq.Message.Message.Chat.ID
		}
		return incoming{chatID: chatID, ev: stored{Kind: dialog.Press, Data: cq.Data, CallbackID: cq.ID, LangHint: cq.From.LanguageCode}}, true
	}
	m := u.Message
	if m == nil {
		return incoming{}, false
	}
	in := incoming{chatID: m.Chat.ID}
	if m.From != nil {
		in.ev.LangHint = m.From.LanguageCode
	}
	if m.Chat.Type != models.ChatTypePrivate {
		// In a group nobody should disclose anything: one line pointing to a private chat,
		// only when a command is addressed to this bot, and nothing read or kept.
		name, to, _ := parseCommand(m.Text)
		if name == "" || (to != "" && !strings.EqualFold(to, s.username)) {
			return incoming{}, false
		}
		in.ev = stored{Group: true, LangHint: in.ev.LangHint}
		return in, true
	}
	lang := s.engine.Library().Locale(baseLang(in.ev.LangHint)).Lang
	text := func(t string) {
		in.ev.Kind, in.text = dialog.Text, t
		u := s.runner.Understand(s.ctx, t, lang)
		in.ev.Assessment, in.ev.Region, in.ev.Articles, in.ev.Lang = u.Assessment, u.Region, u.Articles, u.Lang
	}
	switch name, _, args := parseCommand(m.Text); {
	case isMedia(m):
		in.ev.Kind, in.ev.MediaID = dialog.Media, m.ID
	case name == "start" && (args == "" || payloadRe.MatchString(args)):
		// Only a well-formed deep link is kept; anything else typed after /start is text.
		in.messageID = m.ID
		in.ev.Kind, in.ev.Payload = dialog.Start, args
	case name != "" && args == "" && knownCommands[name]:
		in.messageID = m.ID
		in.ev.Kind, in.ev.Command = dialog.Command, name
	case name != "" && args == "":
		in.messageID = m.ID
		in.ev.Kind, in.ev.Command = dialog.Command, "unknown" // a name typed after "/" is not kept
	case m.Text != "":
		// Plain text, or a command followed by words ("/help he's threatening me"): the
		// words are read like any message, so a crisis in them is never missed.
		in.messageID = m.ID
		text(m.Text)
	default:
		return incoming{}, false
	}
	return in, true
}

// payloadRe is Telegram's rule for a deep-link start parameter.
var payloadRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// knownCommands are the commands the engine answers; any other is "unknown".
var knownCommands = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range append(append([]string(nil), commands...), staffCommands...) {
		m[c] = true
	}
	return m
}()

// parseCommand splits "/start@lantern_bot payload" into "start", "lantern_bot" and
// "payload". name is "" when the text is not a command.
func parseCommand(text string) (name, to, args string) {
	if !strings.HasPrefix(text, "/") {
		return "", "", ""
	}
	head, rest, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	head, to, _ = strings.Cut(head, "@")
	head = strings.ToLower(head)
	if !commandRe.MatchString(head) {
		return "", "", ""
	}
	return head, to, strings.TrimSpace(rest)
}

var commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// baseLang is "pt" for "pt-BR".
func baseLang(code string) string {
	base, _, _ := strings.Cut(code, "-")
	return strings.ToLower(base)
}

// event is the dialog event a stored update stands for.
func (st stored) event() dialog.Event {
	articles := st.Articles
	if len(articles) == 0 && st.Article != "" {
		articles = []string{st.Article} // stored by an earlier version
	}
	return dialog.Event{
		Kind: st.Kind, Payload: st.Payload, Data: st.Data, Command: st.Command,
		LangHint: st.LangHint, Region: st.Region, Articles: articles, Lang: st.Lang, Assessment: st.Assessment,
	}
}

func encodeStored(st stored) ([]byte, error) { return json.Marshal(st) }

func decodeStored(b []byte) (stored, error) {
	var st stored
	err := json.Unmarshal(b, &st)
	return st, err
}
