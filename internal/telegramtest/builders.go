package telegramtest

import (
	"encoding/json"
	"fmt"
	"time"
)

// GroupUserID is the id of the user who writes in groups (SendGroupText).
const GroupUserID int64 = 424242

// user is the fake person writing to the bot. In a private chat the
// user's id equals the chat id, as in Telegram.
func testUser(id int64, lang string) User {
	return User{ID: id, FirstName: "Test", Username: "test_user", LanguageCode: lang}
}

func isCommandByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// commandEntities marks a leading "/command" or "/command@bot" as a
// bot_command entity, the way Telegram clients do.
func commandEntities(text string) []MessageEntity {
	if len(text) < 2 || text[0] != '/' {
		return nil
	}
	i := 1
	for i < len(text) && i <= 32 && isCommandByte(text[i]) {
		i++
	}
	if i == 1 {
		return nil
	}
	if i < len(text) && text[i] == '@' {
		j := i + 1
		for j < len(text) && isCommandByte(text[j]) {
			j++
		}
		if j > i+1 {
			i = j
		}
	}
	return []MessageEntity{{Type: "bot_command", Offset: 0, Length: UTF16Len(text[:i])}}
}

// userMessageLocked stores an incoming message and returns it.
func (s *Server) userMessageLocked(chatID int64, from *User, m Message) Message {
	cs := s.chatLocked(chatID)
	m.MessageID = cs.nextMessageID()
	m.From = from
	m.Date = time.Now().Unix()
	m.Chat = cs.chat
	stored := m.clone()
	cs.msgs[m.MessageID] = &stored
	return m
}

// SendText queues a "message" update: the fake user writes text in the
// private chat chatID (user id = chatID, language from WithLanguageCode).
// A leading /command gets a bot_command entity. Returns the update_id.
func (s *Server) SendText(chatID int64, text string) int64 {
	s.mu.Lock()
	lang := s.langCode
	s.mu.Unlock()
	return s.SendTextLang(chatID, text, lang)
}

// SendTextLang is SendText with the user's language_code ("" for none).
func (s *Server) SendTextLang(chatID int64, text, lang string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := testUser(chatID, lang)
	m := s.userMessageLocked(chatID, &u, Message{Text: text, Entities: commandEntities(text)})
	return s.addBuiltLocked("message", m)
}

// SendGroupText queues a message written by GroupUserID in a group.
// chatID is made negative if needed; ids at or below -1000000000000 are
// supergroups, others basic groups.
func (s *Server) SendGroupText(chatID int64, text string) int64 {
	if chatID > 0 {
		chatID = -chatID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := testUser(GroupUserID, s.langCode)
	m := s.userMessageLocked(chatID, &u, Message{Text: text, Entities: commandEntities(text)})
	return s.addBuiltLocked("message", m)
}

// SendChannelPost queues a "channel_post" update in channel chatID.
func (s *Server) SendChannelPost(chatID int64, text string) int64 {
	if chatID > 0 {
		chatID = -chatID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chatID)
	cs.chat = Chat{ID: chatID, Type: "channel", Title: "Test Channel"}
	sender := cs.chat
	m := s.userMessageLocked(chatID, nil, Message{Text: text, SenderChat: &sender})
	return s.addBuiltLocked("channel_post", m)
}

// EditedText queues an "edited_message" update: the fake user edits
// message messageID in chatID to text.
func (s *Server) EditedText(chatID int64, messageID int, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chatID)
	now := time.Now().Unix()
	var m Message
	if old := cs.msgs[messageID]; old != nil && !old.FromBot() {
		old.Text, old.Entities, old.EditDate = text, commandEntities(text), now
		m = old.clone()
	} else {
		uid := chatID
		if cs.chat.Type != "private" {
			uid = GroupUserID
		}
		u := testUser(uid, s.langCode)
		m = Message{MessageID: messageID, From: &u, Date: now, EditDate: now, Chat: cs.chat,
			Text: text, Entities: commandEntities(text)}
	}
	return s.addBuiltLocked("edited_message", m)
}

// PressButton queues a "callback_query" update: the fake user presses an
// inline button with data under message messageID. The message is
// included when it is still in the chat, else an InaccessibleMessage
// (date 0). Returns the update_id and the callback query id to answer.
func (s *Server) PressButton(chatID int64, messageID int, data string) (updateID int64, callbackQueryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chatID)
	s.nextCBQ++
	id := fmt.Sprint(4000000000000000000 + s.nextCBQ)
	s.callbacks[id] = &callbackState{chatID: chatID, messageID: messageID}
	uid := chatID
	if cs.chat.Type != "private" {
		uid = GroupUserID
	}
	u := testUser(uid, s.langCode)
	var msg any
	if m := cs.msgs[messageID]; m != nil {
		msg = m.clone()
	} else {
		msg = map[string]any{"chat": cs.chat, "message_id": messageID, "date": 0}
	}
	q := map[string]any{
		"id":            id,
		"from":          u,
		"message":       msg,
		"chat_instance": fmt.Sprint(-8000000000000000000 + chatID),
		"data":          data,
	}
	return s.addBuiltLocked("callback_query", q), id
}

// MediaKinds are the kinds SendMedia accepts.
var MediaKinds = []string{"photo", "video", "video_note", "voice", "audio", "document", "animation", "sticker", "contact", "location"}

// SendMedia queues a message of the given kind (see MediaKinds) from the
// fake user, with realistic minimal fields and no caption. It returns 0
// for an unknown kind.
func (s *Server) SendMedia(chatID int64, kind string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextFile++
	n := s.nextFile
	fid := func(prefix string) (string, string) {
		return fmt.Sprintf("%sAgIAAxkBAAIfake%d", prefix, n), fmt.Sprintf("AgADfake%d", n)
	}
	media := map[string]json.RawMessage{}
	switch kind {
	case "photo":
		var sizes []map[string]any
		for i, wh := range [][2]int{{90, 67}, {320, 240}, {800, 600}, {1280, 960}} {
			id, uid := fid("AgAC")
			sizes = append(sizes, map[string]any{"file_id": fmt.Sprintf("%s_%d", id, i), "file_unique_id": fmt.Sprintf("%s%d", uid, i),
				"width": wh[0], "height": wh[1], "file_size": 1500 * (i + 1) * (i + 1)})
		}
		media["photo"] = mustJSON(sizes)
	case "video":
		id, uid := fid("BAAC")
		media["video"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "width": 1280, "height": 720,
			"duration": 12, "file_name": "video.mp4", "mime_type": "video/mp4", "file_size": 1843200})
	case "video_note":
		id, uid := fid("DQAC")
		media["video_note"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "length": 240, "duration": 8, "file_size": 420000})
	case "voice":
		id, uid := fid("AwAC")
		media["voice"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "duration": 5, "mime_type": "audio/ogg", "file_size": 18000})
	case "audio":
		id, uid := fid("CQAC")
		media["audio"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "duration": 180, "performer": "Test Artist",
			"title": "Test Song", "file_name": "song.mp3", "mime_type": "audio/mpeg", "file_size": 2880000})
	case "document":
		id, uid := fid("BQAC")
		media["document"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "file_name": "file.pdf",
			"mime_type": "application/pdf", "file_size": 52000})
	case "animation":
		id, uid := fid("CgAC")
		anim := map[string]any{"file_id": id, "file_unique_id": uid, "width": 320, "height": 240, "duration": 3,
			"file_name": "animation.mp4", "mime_type": "video/mp4", "file_size": 120000}
		media["animation"] = mustJSON(anim)
		// "For backward compatibility, when this field is set, the
		// document field will also be set."
		media["document"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "file_name": "animation.mp4",
			"mime_type": "video/mp4", "file_size": 120000})
	case "sticker":
		id, uid := fid("CAAC")
		media["sticker"] = mustJSON(map[string]any{"file_id": id, "file_unique_id": uid, "type": "regular", "width": 512, "height": 512,
			"is_animated": false, "is_video": false, "emoji": "🙂", "set_name": "TestStickers", "file_size": 24000})
	case "contact":
		media["contact"] = mustJSON(map[string]any{"phone_number": "+15555550123", "first_name": "Someone", "user_id": 555000111})
	case "location":
		media["location"] = mustJSON(map[string]any{"latitude": 52.520008, "longitude": 13.404954})
	default:
		return 0
	}
	cs := s.chatLocked(chatID)
	uid := chatID
	if cs.chat.Type != "private" {
		uid = GroupUserID
	}
	u := testUser(uid, s.langCode)
	m := s.userMessageLocked(chatID, &u, Message{Media: media})
	return s.addBuiltLocked("message", m)
}

// MyChatMember queues a "my_chat_member" update: the bot's status in
// chatID changes from oldStatus to newStatus ("member", "kicked", ...).
// A private chat user blocking the bot is ("member", "kicked").
func (s *Server) MyChatMember(chatID int64, oldStatus, newStatus string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chatLocked(chatID)
	uid := chatID
	if cs.chat.Type != "private" {
		uid = GroupUserID
	}
	bot := s.botUserLocked()
	member := func(status string) map[string]any {
		m := map[string]any{"status": status, "user": bot}
		switch status {
		case "kicked", "restricted":
			m["until_date"] = 0
		}
		return m
	}
	return s.addBuiltLocked("my_chat_member", map[string]any{
		"chat":            cs.chat,
		"from":            testUser(uid, s.langCode),
		"date":            time.Now().Unix(),
		"old_chat_member": member(oldStatus),
		"new_chat_member": member(newStatus),
	})
}
