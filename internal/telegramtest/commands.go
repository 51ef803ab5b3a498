package telegramtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"
)

func init() {
	register("setMyCommands", (*Server).setMyCommands)
	register("getMyCommands", (*Server).getMyCommands)
	register("deleteMyCommands", (*Server).deleteMyCommands)
	register("setMyDescription", (*Server).setMyDescription)
	register("getMyDescription", (*Server).getMyDescription)
	register("setMyShortDescription", (*Server).setMyShortDescription)
	register("getMyShortDescription", (*Server).getMyShortDescription)
}

// scopeKey turns a BotCommandScope into "default", "all_private_chats",
// "all_group_chats", "all_chat_administrators", "chat:<id>",
// "chat_administrators:<id>" or "chat_member:<id>:<user>".
func scopeKey(p params) (string, *apiError) {
	raw := strings.TrimSpace(p.str("scope"))
	if raw == "" {
		return "default", nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID json.RawMessage `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	chat, hasChat := jsonValueString(sc.ChatID)
	user, hasUser := jsonValueString(sc.UserID)
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return sc.Type, nil
	case "chat", "chat_administrators":
		if !hasChat || chat == "" {
			return "", badRequest("chat_id is empty")
		}
		return sc.Type + ":" + chat, nil
	case "chat_member":
		if !hasChat || chat == "" {
			return "", badRequest("chat_id is empty")
		}
		if !hasUser || user == "" {
			return "", badRequest("user not found")
		}
		return sc.Type + ":" + chat + ":" + user, nil
	}
	return "", badRequest("unsupported bot command scope type")
}

func languageCode(p params) (string, *apiError) {
	lc := p.str("language_code")
	if lc == "" {
		return "", nil
	}
	if len(lc) != 2 || lc[0] < 'a' || lc[0] > 'z' || lc[1] < 'a' || lc[1] > 'z' {
		return "", badRequest("invalid language code specified")
	}
	return lc, nil
}

func validCommand(c string) bool {
	if len(c) < 1 || len(c) > 32 {
		return false
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

func (s *Server) setMyCommands(_ *http.Request, p params) (any, *apiError) {
	raw := strings.TrimSpace(p.str("commands"))
	if raw == "" {
		return nil, badRequest("parameter \"commands\" is required")
	}
	var cmds []BotCommand
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON array")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !validCommand(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if !utf8.ValidString(c.Description) || strings.TrimSpace(c.Description) == "" || UTF16Len(c.Description) > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	scope, e := scopeKey(p)
	if e != nil {
		return nil, e
	}
	lang, e := languageCode(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, scope+"|"+lang)
	} else {
		s.commands[scope+"|"+lang] = cmds
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getMyCommands(_ *http.Request, p params) (any, *apiError) {
	scope, e := scopeKey(p)
	if e != nil {
		return nil, e
	}
	lang, e := languageCode(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := append([]BotCommand{}, s.commands[scope+"|"+lang]...)
	return cmds, nil
}

func (s *Server) deleteMyCommands(_ *http.Request, p params) (any, *apiError) {
	scope, e := scopeKey(p)
	if e != nil {
		return nil, e
	}
	lang, e := languageCode(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, scope+"|"+lang)
	s.notifyLocked()
	return true, nil
}

// Commands returns the commands set for a scope key ("default",
// "all_private_chats", "chat:42", ...; see setMyCommands) and language
// ("" for all languages).
func (s *Server) Commands(scope, lang string) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]BotCommand(nil), s.commands[scope+"|"+lang]...)
}

func (s *Server) setText(p params, field string, limit int, store map[string]string) (any, *apiError) {
	text := p.str(field)
	if !utf8.ValidString(text) {
		return nil, badRequest("strings must be encoded in UTF-8")
	}
	if UTF16Len(text) > limit {
		return nil, badRequest("%s is too long", strings.ReplaceAll(field, "_", " "))
	}
	lang, e := languageCode(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if text == "" {
		delete(store, lang)
	} else {
		store[lang] = text
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) setMyDescription(_ *http.Request, p params) (any, *apiError) {
	return s.setText(p, "description", 512, s.descriptions)
}

func (s *Server) setMyShortDescription(_ *http.Request, p params) (any, *apiError) {
	return s.setText(p, "short_description", 120, s.shortDescriptions)
}

func (s *Server) getMyDescription(_ *http.Request, p params) (any, *apiError) {
	lang, e := languageCode(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]string{"description": s.descriptions[lang]}, nil
}

func (s *Server) getMyShortDescription(_ *http.Request, p params) (any, *apiError) {
	lang, e := languageCode(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]string{"short_description": s.shortDescriptions[lang]}, nil
}

// Description returns what setMyDescription set for lang ("" = default).
func (s *Server) Description(lang string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.descriptions[lang]
}

// ShortDescription returns what setMyShortDescription set for lang.
func (s *Server) ShortDescription(lang string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shortDescriptions[lang]
}
