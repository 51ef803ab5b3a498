package telegram

import (
	"encoding/json"
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
	Article    string            `json:"t,omitempty"` // the article that answers it (slug)
	Assessment safety.Assessment `json:"a"`
	CallbackID string            `json:"q,omitempty"` // to answer the button press
	MediaID    int               `json:"m,omitempty"` // a media message to delete
	Group      bool              `json:"g,omitempty"` // a group chat: one line, nothing else
}

// incoming is an update understood: whose it is and what happened.
type incoming struct {
	chatID    int64
	messageID int // the person's message, kept 48 h for /clear (0: none or media)
	ev        stored
}

// mediaKinds lists what counts as media: deleted unseen, never downloaded.
func isMedia(m *models.Message) bool {
	return len(m.Photo) > 0 || m.Video != nil || m.VideoNote != nil || m.Voice != nil || m.Audio != nil ||
		m.Document != nil || m.Animation != nil || m.Sticker != nil || m.Contact != nil || m.Location != nil ||
		m.Venue != nil || m.Story != nil
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
		// only when the bot is addressed (a command), and nothing read or kept.
		if !strings.HasPrefix(m.Text, "/") {
			return incoming{}, false
		}
		in.ev = stored{Group: true, LangHint: in.ev.LangHint}
		return in, true
	}
	switch {
	case isMedia(m):
		in.ev.Kind, in.ev.MediaID = dialog.Media, m.ID
	case strings.HasPrefix(m.Text, "/"):
		in.messageID = m.ID
		name, args := parseCommand(m.Text)
		if name == "start" {
			in.ev.Kind, in.ev.Payload = dialog.Start, args
		} else {
			in.ev.Kind, in.ev.Command = dialog.Command, name
		}
	case m.Text != "":
		in.messageID = m.ID
		lang := s.engine.Library().Locale(baseLang(in.ev.LangHint)).Lang
		in.ev.Kind = dialog.Text
		in.ev.Assessment, in.ev.Region, in.ev.Article = s.runner.Understand(s.ctx, m.Text, lang)
	default:
		return incoming{}, false
	}
	return in, true
}

// parseCommand splits "/start@lantern_bot payload" into "start" and "payload".
func parseCommand(text string) (name, args string) {
	head, rest, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
	head, _, _ = strings.Cut(head, "@")
	return strings.ToLower(head), strings.TrimSpace(rest)
}

// baseLang is "pt" for "pt-BR".
func baseLang(code string) string {
	base, _, _ := strings.Cut(code, "-")
	return strings.ToLower(base)
}

// event is the dialog event a stored update stands for.
func (st stored) event() dialog.Event {
	return dialog.Event{
		Kind: st.Kind, Payload: st.Payload, Data: st.Data, Command: st.Command,
		LangHint: st.LangHint, Region: st.Region, Article: st.Article, Assessment: st.Assessment,
	}
}

func encodeStored(st stored) ([]byte, error) { return json.Marshal(st) }

func decodeStored(b []byte) (stored, error) {
	var st stored
	err := json.Unmarshal(b, &st)
	return st, err
}
