package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

func init() {
	register("getMe", (*Server).getMe)
	register("sendMessage", (*Server).sendMessage)
	register("editMessageText", (*Server).editMessageText)
	register("editMessageReplyMarkup", (*Server).editMessageReplyMarkup)
	register("deleteMessage", (*Server).deleteMessage)
	register("deleteMessages", (*Server).deleteMessages)
	register("answerCallbackQuery", (*Server).answerCallbackQuery)
	register("sendChatAction", (*Server).sendChatAction)
	register("getFile", (*Server).getFile)
	register("sendPhoto", (*Server).sendPhoto)
	register("sendDocument", (*Server).sendDocument)
}

const (
	maxTextLen     = 4096
	maxCaptionLen  = 1024
	maxCallbackLen = 64
)

func chatTypeFor(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= -1000000000000:
		return "supergroup"
	default:
		return "group"
	}
}

// chatLocked returns the state of a chat, creating it on first use.
func (s *Server) chatLocked(id int64) *chatState {
	cs := s.chats[id]
	if cs == nil {
		c := Chat{ID: id, Type: chatTypeFor(id)}
		switch c.Type {
		case "private":
			c.FirstName, c.Username = "Test", "test_user"
		case "group", "supergroup":
			c.Title = "Test Group"
		}
		cs = &chatState{chat: c, msgs: map[int]*Message{}}
		s.chats[id] = cs
	}
	return cs
}

func (cs *chatState) nextMessageID() int {
	cs.nextID++
	return cs.nextID
}

// Messages returns the messages visible in a chat now, by message_id:
// those the bot sent and those the fake user sent, minus deleted ones.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	if cs == nil {
		return nil
	}
	out := make([]Message, 0, len(cs.msgs))
	for _, m := range cs.msgs {
		out = append(out, m.clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].MessageID < out[j].MessageID })
	return out
}

// Message returns one visible message of a chat.
func (s *Server) Message(chatID int64, messageID int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs := s.chats[chatID]; cs != nil {
		if m := cs.msgs[messageID]; m != nil {
			return m.clone(), true
		}
	}
	return Message{}, false
}

// LastMessage returns the visible message with the highest id in a chat.
func (s *Server) LastMessage(chatID int64) (Message, bool) {
	ms := s.Messages(chatID)
	if len(ms) == 0 {
		return Message{}, false
	}
	return ms[len(ms)-1], true
}

// CallbackAnswered reports whether answerCallbackQuery succeeded for id.
func (s *Server) CallbackAnswered(callbackQueryID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[callbackQueryID]
	return cb != nil && cb.answered
}

// --- text, entities, markup ---

// formatted reads a text or caption with its parse_mode or entities.
func formatted(p params, field, entitiesField string) (string, []MessageEntity, *apiError) {
	raw := p.str(field)
	if !utf8.ValidString(raw) {
		return "", nil, badRequest("strings must be encoded in UTF-8")
	}
	switch mode := strings.ToLower(strings.TrimSpace(p.str("parse_mode"))); mode {
	case "":
		ents := strings.TrimSpace(p.str(entitiesField))
		if ents == "" {
			return raw, nil, nil
		}
		var list []MessageEntity
		if err := json.Unmarshal([]byte(ents), &list); err != nil {
			return "", nil, badRequest("can't parse entities JSON object")
		}
		n := UTF16Len(raw)
		for _, e := range list {
			if e.Type == "" || e.Offset < 0 || e.Length < 1 || e.Offset+e.Length > n {
				return "", nil, badRequest("can't parse entities: entity is out of text bounds")
			}
		}
		return raw, list, nil
	case "html":
		text, list, err := ParseHTML(raw)
		if err != nil {
			return "", nil, badRequest("can't parse entities: %v", err)
		}
		return text, list, nil
	case "markdown", "markdownv2":
		// Not parsed by the fake: the text is kept as sent.
		return raw, nil, nil
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
}

func messageText(p params) (string, []MessageEntity, *apiError) {
	text, ents, e := formatted(p, "text", "entities")
	if e != nil {
		return "", nil, e
	}
	if strings.TrimSpace(text) == "" {
		return "", nil, badRequest("message text is empty")
	}
	if UTF16Len(text) > maxTextLen {
		return "", nil, badRequest("message is too long")
	}
	return text, ents, nil
}

func captionText(p params) (string, []MessageEntity, *apiError) {
	text, ents, e := formatted(p, "caption", "caption_entities")
	if e != nil {
		return "", nil, e
	}
	if UTF16Len(text) > maxCaptionLen {
		return "", nil, badRequest("message caption is too long")
	}
	return text, ents, nil
}

// replyMarkup validates reply_markup; it returns the inline keyboard to
// attach to the message (nil for other markup kinds).
func replyMarkup(p params) (json.RawMessage, *apiError) {
	raw := strings.TrimSpace(p.str("reply_markup"))
	if raw == "" {
		return nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case obj["inline_keyboard"] != nil:
		if e := checkInlineKeyboard(obj["inline_keyboard"]); e != nil {
			return nil, e
		}
		var buf bytes.Buffer
		_ = json.Compact(&buf, []byte(raw))
		return buf.Bytes(), nil
	case obj["keyboard"] != nil:
		var rows [][]json.RawMessage
		if err := json.Unmarshal(obj["keyboard"], &rows); err != nil {
			return nil, badRequest("field \"keyboard\" of the ReplyKeyboardMarkup must be an Array of Arrays")
		}
		return nil, nil
	case obj["remove_keyboard"] != nil, obj["force_reply"] != nil:
		return nil, nil
	}
	return nil, badRequest("can't parse reply keyboard markup JSON object")
}

// buttonKinds are the optional fields of InlineKeyboardButton, exactly one
// of which must be used.
var buttonKinds = []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}

func checkInlineKeyboard(raw json.RawMessage) *apiError {
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
	}
	for _, row := range rows {
		for _, b := range row {
			var text string
			if err := json.Unmarshal(b["text"], &text); err != nil || strings.TrimSpace(text) == "" {
				return badRequest("can't parse inline keyboard button: Text buttons must have non-empty text")
			}
			kinds := 0
			for _, k := range buttonKinds {
				v, ok := b[k]
				if !ok || string(v) == "null" {
					continue
				}
				switch k {
				case "pay":
					if string(v) != "true" {
						continue
					}
				case "copy_text":
					// go-telegram/bot always sends "copy_text":{"text":""}
					// (a non-pointer struct); an empty one counts as absent.
					var ct struct {
						Text string `json:"text"`
					}
					if json.Unmarshal(v, &ct) == nil && ct.Text == "" {
						continue
					}
				}
				kinds++
			}
			if kinds == 0 {
				return badRequest("text buttons are unallowed in the inline keyboard")
			}
			if kinds > 1 {
				return badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
			}
			if v, ok := b["callback_data"]; ok && string(v) != "null" {
				var data string
				if err := json.Unmarshal(v, &data); err != nil || len(data) < 1 || len(data) > maxCallbackLen {
					return badRequest("BUTTON_DATA_INVALID")
				}
			}
			if v, ok := b["url"]; ok && string(v) != "null" {
				var s string
				_ = json.Unmarshal(v, &s)
				u, err := url.Parse(s)
				if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") {
					return badRequest("inline keyboard button URL '%s' is invalid: Wrong HTTP URL", s)
				}
			}
		}
	}
	return nil
}

// replyTarget resolves reply_parameters / reply_to_message_id.
func replyTarget(p params, chatID int64) (msgID int, allowMissing bool, e *apiError) {
	if raw := strings.TrimSpace(p.str("reply_parameters")); raw != "" {
		var rp struct {
			MessageID                int             `json:"message_id"`
			ChatID                   json.RawMessage `json:"chat_id"`
			AllowSendingWithoutReply bool            `json:"allow_sending_without_reply"`
		}
		if err := json.Unmarshal([]byte(raw), &rp); err != nil {
			return 0, false, badRequest("can't parse reply parameters JSON object")
		}
		if c, ok := jsonValueString(rp.ChatID); ok && c != fmt.Sprint(chatID) {
			return 0, false, badRequest("message to be replied not found")
		}
		return rp.MessageID, rp.AllowSendingWithoutReply, nil
	}
	id, _, e := p.int64("reply_to_message_id")
	return int(id), p.boolean("allow_sending_without_reply"), e
}

// botMessageLocked stores a message from the bot in a chat.
func (s *Server) botMessageLocked(chatID int64, replyTo int, allowMissing bool, m Message) (Message, *apiError) {
	cs := s.chatLocked(chatID)
	if replyTo != 0 {
		if t := cs.msgs[replyTo]; t != nil {
			r := t.clone()
			r.ReplyTo = nil
			m.ReplyTo = &r
		} else if !allowMissing {
			return Message{}, badRequest("message to be replied not found")
		}
	}
	bot := s.botUserLocked()
	m.MessageID = cs.nextMessageID()
	m.From = &bot
	m.Date = time.Now().Unix()
	m.Chat = cs.chat
	stored := m.clone()
	cs.msgs[m.MessageID] = &stored
	s.notifyLocked()
	return m, nil
}

// --- methods ---

func (s *Server) getMe(_ *http.Request, _ params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.botUserLocked()
	t, f := true, false
	u.CanJoinGroups, u.CanReadAllGroupMessages, u.SupportsInlineQueries = &t, &f, &f
	return u, nil
}

func (s *Server) sendMessage(_ *http.Request, p params) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	text, ents, e := messageText(p)
	if e != nil {
		return nil, e
	}
	markup, e := replyMarkup(p)
	if e != nil {
		return nil, e
	}
	if raw := strings.TrimSpace(p.str("link_preview_options")); raw != "" {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
			return nil, badRequest("can't parse link preview options JSON object")
		}
	}
	replyTo, allowMissing, e := replyTarget(p, chatID)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botMessageLocked(chatID, replyTo, allowMissing, Message{Text: text, Entities: ents, ReplyMarkup: markup})
}

// editTarget finds the bot message an edit refers to.
func (s *Server) editTargetLocked(p params) (*Message, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	msgID, e := p.messageID()
	if e != nil {
		return nil, e
	}
	cs := s.chats[chatID]
	if cs == nil || cs.msgs[msgID] == nil {
		return nil, badRequest("message to edit not found")
	}
	m := cs.msgs[msgID]
	if !m.FromBot() {
		return nil, badRequest("message can't be edited")
	}
	return m, nil
}

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

func (s *Server) editMessageText(_ *http.Request, p params) (any, *apiError) {
	text, ents, e := messageText(p)
	if e != nil {
		return nil, e
	}
	markup, e := replyMarkup(p)
	if e != nil {
		return nil, e
	}
	if p.str("inline_message_id") != "" {
		return true, nil // inline messages are not tracked
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.editTargetLocked(p)
	if e != nil {
		return nil, e
	}
	if m.Text == "" {
		return nil, badRequest("there is no text in the message to edit")
	}
	if m.Text == text && entitiesEqual(m.Entities, ents) && bytes.Equal(m.ReplyMarkup, markup) {
		return nil, errNotModified
	}
	m.Text, m.Entities, m.ReplyMarkup = text, ents, markup
	m.EditDate = time.Now().Unix()
	s.notifyLocked()
	return m.clone(), nil
}

func (s *Server) editMessageReplyMarkup(_ *http.Request, p params) (any, *apiError) {
	markup, e := replyMarkup(p)
	if e != nil {
		return nil, e
	}
	if p.str("inline_message_id") != "" {
		return true, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.editTargetLocked(p)
	if e != nil {
		return nil, e
	}
	if bytes.Equal(m.ReplyMarkup, markup) {
		return nil, errNotModified
	}
	m.ReplyMarkup = markup
	m.EditDate = time.Now().Unix()
	s.notifyLocked()
	return m.clone(), nil
}

func entitiesEqual(a, b []MessageEntity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (s *Server) deleteMessage(_ *http.Request, p params) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	msgID, e := p.messageID()
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	if cs == nil || cs.msgs[msgID] == nil {
		return nil, badRequest("message to delete not found")
	}
	delete(cs.msgs, msgID)
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteMessages(_ *http.Request, p params) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	raw := strings.TrimSpace(p.str("message_ids"))
	if raw == "" {
		return nil, badRequest("message identifiers are not specified")
	}
	var ids []int
	if err := json.Unmarshal([]byte(raw), &ids); err != nil {
		return nil, badRequest("can't parse message identifiers JSON array")
	}
	if len(ids) == 0 {
		return nil, badRequest("message identifiers are not specified")
	}
	if len(ids) > 100 {
		return nil, badRequest("too many message identifiers specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs := s.chats[chatID]; cs != nil {
		for _, id := range ids {
			delete(cs.msgs, id) // missing ones are skipped, as documented
		}
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) answerCallbackQuery(_ *http.Request, p params) (any, *apiError) {
	id := p.str("callback_query_id")
	if !utf8.ValidString(p.str("text")) {
		return nil, badRequest("strings must be encoded in UTF-8")
	}
	if UTF16Len(p.str("text")) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[id]
	if cb == nil || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	cb.answered = true
	s.notifyLocked()
	return true, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true, "record_voice": true,
	"upload_voice": true, "upload_document": true, "choose_sticker": true, "find_location": true,
	"record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(_ *http.Request, p params) (any, *apiError) {
	if _, e := p.chatID(); e != nil {
		return nil, e
	}
	if !chatActions[p.str("action")] {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}

// getFile is recorded and refused: the bot must never download media.
func (s *Server) getFile(_ *http.Request, _ params) (any, *apiError) {
	return nil, badRequest("invalid file_id")
}

// mediaSource finds an uploaded file or a file_id/URL string for field.
func mediaSource(p params, field string) (name string, size int, ok bool) {
	if f, found := p.files[field]; found {
		return f.name, f.size, true
	}
	v := strings.TrimSpace(p.str(field))
	if v == "" {
		return "", 0, false
	}
	if ref, isAttach := strings.CutPrefix(v, "attach://"); isAttach {
		f, found := p.files[ref]
		return f.name, f.size, found
	}
	return "", 0, true
}

func (s *Server) sendMedia(p params, field string) (any, *apiError) {
	chatID, e := p.chatID()
	if e != nil {
		return nil, e
	}
	name, size, ok := mediaSource(p, field)
	if !ok {
		return nil, badRequest("there is no %s in the request", field)
	}
	caption, ents, e := captionText(p)
	if e != nil {
		return nil, e
	}
	markup, e := replyMarkup(p)
	if e != nil {
		return nil, e
	}
	replyTo, allowMissing, e := replyTarget(p, chatID)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextFile++
	n := s.nextFile
	var media json.RawMessage
	switch field {
	case "photo":
		media = mustJSON([]map[string]any{
			{"file_id": fmt.Sprintf("AgACAgIAAxkBAAfake%d_s", n), "file_unique_id": fmt.Sprintf("AQADfake%ds", n), "width": 90, "height": 90, "file_size": min(size, 1500)},
			{"file_id": fmt.Sprintf("AgACAgIAAxkBAAfake%d_m", n), "file_unique_id": fmt.Sprintf("AQADfake%dm", n), "width": 320, "height": 320, "file_size": size},
		})
	default:
		if name == "" {
			name = "file"
		}
		media = mustJSON(map[string]any{"file_id": fmt.Sprintf("BQACAgIAAxkBAAfake%d", n), "file_unique_id": fmt.Sprintf("AgADfake%d", n),
			"file_name": name, "mime_type": "application/octet-stream", "file_size": size})
	}
	return s.botMessageLocked(chatID, replyTo, allowMissing, Message{
		Caption: caption, CaptionEntities: ents, ReplyMarkup: markup,
		Media: map[string]json.RawMessage{field: media},
	})
}

func (s *Server) sendPhoto(_ *http.Request, p params) (any, *apiError) {
	return s.sendMedia(p, "photo")
}

func (s *Server) sendDocument(_ *http.Request, p params) (any, *apiError) {
	return s.sendMedia(p, "document")
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
