package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
)

type faultKind int

const (
	faultAPI faultKind = iota
	faultHTML
	faultDrop
)

// Fault is an injected failure; build one with TooManyRequests,
// ServerError, BadGatewayHTML, Forbidden, APIError or Drop.
type Fault struct {
	kind        faultKind
	status      int
	description string
	retryAfter  int
}

// TooManyRequests answers 429 with parameters.retry_after.
func TooManyRequests(retryAfter int) Fault {
	return Fault{kind: faultAPI, status: http.StatusTooManyRequests, retryAfter: retryAfter,
		description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)}
}

// ServerError answers status (e.g. 500, 502) with a JSON error body.
func ServerError(status int) Fault {
	text := http.StatusText(status)
	if text == "" {
		text = "Internal Server Error"
	}
	return Fault{kind: faultAPI, status: status, description: text}
}

// BadGatewayHTML answers 502 with the HTML page nginx shows, not JSON.
func BadGatewayHTML() Fault {
	return Fault{kind: faultHTML, status: http.StatusBadGateway}
}

// Forbidden answers 403 "Forbidden: bot was blocked by the user".
func Forbidden() Fault {
	return Fault{kind: faultAPI, status: http.StatusForbidden, description: "Forbidden: bot was blocked by the user"}
}

// APIError answers any error code with a description, e.g.
// APIError(400, "Bad Request: chat not found").
func APIError(code int, description string) Fault {
	return Fault{kind: faultAPI, status: code, description: description}
}

// Drop closes the connection without answering.
func Drop() Fault { return Fault{kind: faultDrop} }

func (f Fault) apiError() *apiError {
	return &apiError{status: f.status, description: f.description, retryAfter: f.retryAfter}
}

const badGatewayHTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.18.0</center>
</body>
</html>
`

// FailNext makes the next n calls of method (any case; "*" for any
// method) fail with f. Faults queue up in the order they were added; a
// method's own faults go before "*" ones.
func (s *Server) FailNext(method string, n int, f Fault) {
	key := strings.ToLower(method)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults[key] = append(s.faults[key], f)
	}
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string][]Fault{}
}

func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{strings.ToLower(method), "*"} {
		if q := s.faults[key]; len(q) > 0 {
			s.faults[key] = q[1:]
			return q[0], true
		}
	}
	return Fault{}, false
}

// BlockChat makes every later call with this chat_id answer 403, as when
// the user blocked the bot (or removed it from a group).
func (s *Server) BlockChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// UnblockChat undoes BlockChat.
func (s *Server) UnblockChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, chatID)
}

func (s *Server) checkBlocked(p map[string]string) *apiError {
	id, ok := chatIDOf(p)
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.blocked[id] {
		return nil
	}
	desc := "Forbidden: bot was blocked by the user"
	switch chatTypeFor(id) {
	case "group":
		desc = "Forbidden: bot was kicked from the group chat"
	case "supergroup":
		desc = "Forbidden: bot was kicked from the supergroup chat"
	}
	if cs := s.chats[id]; cs != nil && cs.chat.Type == "channel" {
		desc = "Forbidden: bot is not a member of the channel chat"
	}
	return &apiError{status: http.StatusForbidden, description: desc}
}

// --- rate limits ---

type bucket struct {
	tokens float64
	last   time.Time
}

// refill brings b up to now; returns how long until one token is there.
func (b *bucket) refill(rate float64, burst int, now time.Time) time.Duration {
	if b.last.IsZero() {
		b.tokens, b.last = float64(burst), now
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(float64(burst), b.tokens+el*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

type rateLimits struct {
	perChat, global float64
	burst           int
	chats           map[int64]*bucket
	all             bucket
}

// EnforceRateLimits answers 429 with retry_after to message-sending calls
// (send* except sendChatAction, copyMessage, forwardMessage) beyond
// perChatPerSec per chat_id or globalPerSec overall, each a token bucket
// of size burst. A rate ≤ 0 turns that limit off; both ≤ 0 turn it off.
// Refused calls use no tokens.
func (s *Server) EnforceRateLimits(perChatPerSec, globalPerSec float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if perChatPerSec <= 0 && globalPerSec <= 0 {
		s.limits = nil
		return
	}
	if burst < 1 {
		burst = 1
	}
	s.limits = &rateLimits{perChat: perChatPerSec, global: globalPerSec, burst: burst, chats: map[int64]*bucket{}}
}

func rateLimited(method string) bool {
	switch m := strings.ToLower(method); m {
	case "sendchataction":
		return false
	case "copymessage", "forwardmessage", "copymessages", "forwardmessages":
		return true
	default:
		return strings.HasPrefix(m, "send")
	}
}

func (s *Server) checkRateLimit(method string, p map[string]string, now time.Time) *apiError {
	if !rateLimited(method) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.limits
	if l == nil {
		return nil
	}
	var wait time.Duration
	var chatB *bucket
	if id, ok := chatIDOf(p); ok && l.perChat > 0 {
		chatB = l.chats[id]
		if chatB == nil {
			chatB = &bucket{}
			l.chats[id] = chatB
		}
		wait = chatB.refill(l.perChat, l.burst, now)
	}
	if l.global > 0 {
		if w := l.all.refill(l.global, l.burst, now); w > wait {
			wait = w
		}
	}
	if wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		if secs < 1 {
			secs = 1
		}
		return &apiError{status: http.StatusTooManyRequests, retryAfter: secs,
			description: fmt.Sprintf("Too Many Requests: retry after %d", secs)}
	}
	if chatB != nil {
		chatB.tokens--
	}
	if l.global > 0 {
		l.all.tokens--
	}
	return nil
}
