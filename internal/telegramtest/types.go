package telegramtest

import (
	"encoding/json"
	"sort"
	"time"
)

// The JSON types below are a minimal, independent subset of the Bot API
// types (https://core.telegram.org/bots/api#available-types). They are kept
// here so that the fake does not share any code with the client under test.

// User is https://core.telegram.org/bots/api#user.
type User struct {
	ID                      int64  `json:"id"`
	IsBot                   bool   `json:"is_bot"`
	FirstName               string `json:"first_name"`
	LastName                string `json:"last_name,omitempty"`
	Username                string `json:"username,omitempty"`
	LanguageCode            string `json:"language_code,omitempty"`
	CanJoinGroups           *bool  `json:"can_join_groups,omitempty"`
	CanReadAllGroupMessages *bool  `json:"can_read_all_group_messages,omitempty"`
	SupportsInlineQueries   *bool  `json:"supports_inline_queries,omitempty"`
}

// Chat is https://core.telegram.org/bots/api#chat.
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
}

// MessageEntity is https://core.telegram.org/bots/api#messageentity.
// Offset and Length are in UTF-16 code units.
type MessageEntity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

// Message is https://core.telegram.org/bots/api#message, reduced to what the
// fake produces. Media carries the kind-specific fields ("photo",
// "document", "voice", ...) as raw JSON, merged into the object when
// marshalled.
type Message struct {
	MessageID       int             `json:"message_id"`
	From            *User           `json:"from,omitempty"`
	SenderChat      *Chat           `json:"sender_chat,omitempty"`
	Date            int64           `json:"date"`
	EditDate        int64           `json:"edit_date,omitempty"`
	Chat            Chat            `json:"chat"`
	Text            string          `json:"text,omitempty"`
	Entities        []MessageEntity `json:"entities,omitempty"`
	Caption         string          `json:"caption,omitempty"`
	CaptionEntities []MessageEntity `json:"caption_entities,omitempty"`
	ReplyTo         *Message        `json:"reply_to_message,omitempty"`
	ReplyMarkup     json.RawMessage `json:"reply_markup,omitempty"`

	// Media holds kind-specific fields, e.g. "photo" → [PhotoSize...].
	Media map[string]json.RawMessage `json:"-"`
}

// FromBot reports whether the fake bot sent this message.
func (m Message) FromBot() bool { return m.From != nil && m.From.IsBot }

// Kind returns "text" for a text message, or the first media field name
// ("photo", "document", ...), or "" for anything else.
func (m Message) Kind() string {
	if m.Text != "" {
		return "text"
	}
	keys := make([]string, 0, len(m.Media))
	for k := range m.Media {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Animations carry a document too (Bot API backward compatibility).
	for _, k := range keys {
		if k == "animation" {
			return k
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return ""
}

// MarshalJSON merges Media into the message object.
func (m Message) MarshalJSON() ([]byte, error) {
	type plain Message
	b, err := json.Marshal(plain(m))
	if err != nil || len(m.Media) == 0 {
		return b, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	for k, v := range m.Media {
		obj[k] = v
	}
	return json.Marshal(obj)
}

// UnmarshalJSON is the inverse of MarshalJSON: unknown fields go to Media.
func (m *Message) UnmarshalJSON(b []byte) error {
	type plain Message
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	for _, k := range []string{"message_id", "from", "sender_chat", "date", "edit_date", "chat", "text",
		"entities", "caption", "caption_entities", "reply_to_message", "reply_markup"} {
		delete(obj, k)
	}
	*m = Message(p)
	if len(obj) > 0 {
		m.Media = obj
	}
	return nil
}

func (m Message) clone() Message {
	c := m
	if m.Entities != nil {
		c.Entities = append([]MessageEntity(nil), m.Entities...)
	}
	if m.CaptionEntities != nil {
		c.CaptionEntities = append([]MessageEntity(nil), m.CaptionEntities...)
	}
	if m.Media != nil {
		c.Media = make(map[string]json.RawMessage, len(m.Media))
		for k, v := range m.Media {
			c.Media[k] = v
		}
	}
	if m.ReplyTo != nil {
		r := m.ReplyTo.clone()
		r.ReplyTo = nil
		c.ReplyTo = &r
	}
	return c
}

// BotCommand is https://core.telegram.org/bots/api#botcommand.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// WebhookInfo is https://core.telegram.org/bots/api#webhookinfo.
type WebhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	IPAddress            string   `json:"ip_address,omitempty"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

// Call is one request the fake received.
type Call struct {
	// Method is the canonical Bot API name ("sendMessage") for known
	// methods, or the name as sent for unknown ones.
	Method string
	// Params holds every parameter as a string. Nested values
	// (reply_markup, commands, ...) are JSON text, whichever way the
	// client encoded them.
	Params map[string]string
	// Files maps a multipart file field to its size in bytes.
	Files map[string]int
	// FileNames maps a multipart file field to its file name.
	FileNames map[string]string
	// FileData maps a multipart file field to its bytes (up to 8 MiB), to read uploads back.
	FileData map[string][]byte
	At       time.Time
	// Status is the HTTP status answered; 0 for a dropped connection.
	Status int
	// Description is the error description for failed calls.
	Description string
}

// OK reports whether the call was answered with ok:true.
func (c Call) OK() bool { return c.Status == 200 }

func (c Call) clone() Call {
	d := c
	d.Params = make(map[string]string, len(c.Params))
	for k, v := range c.Params {
		d.Params[k] = v
	}
	if c.Files != nil {
		d.Files = make(map[string]int, len(c.Files))
		for k, v := range c.Files {
			d.Files[k] = v
		}
	}
	if c.FileNames != nil {
		d.FileNames = make(map[string]string, len(c.FileNames))
		for k, v := range c.FileNames {
			d.FileNames[k] = v
		}
	}
	if c.FileData != nil {
		d.FileData = make(map[string][]byte, len(c.FileData))
		for k, v := range c.FileData {
			d.FileData[k] = append([]byte(nil), v...)
		}
	}
	return d
}

// apiResponse is the envelope of every answer.
type apiResponse struct {
	OK          bool                `json:"ok"`
	Result      any                 `json:"result,omitempty"`
	ErrorCode   int                 `json:"error_code,omitempty"`
	Description string              `json:"description,omitempty"`
	Parameters  *responseParameters `json:"parameters,omitempty"`
}

type responseParameters struct {
	RetryAfter      int   `json:"retry_after,omitempty"`
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
}
