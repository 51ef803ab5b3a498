// Package telegramtest is a fake Telegram Bot API server over real HTTP on
// loopback, for end-to-end tests and benchmarks of bots.
//
// It follows the Bot API as documented at https://core.telegram.org/bots/api
// (not only what one client library happens to send): requests may be
// multipart/form-data, application/x-www-form-urlencoded, application/json
// or a query string; answers use the {"ok":...} envelope with the matching
// HTTP status. Every call is recorded (see Call), updates are built with
// helpers such as SendText and PressButton, and faults can be injected with
// FailNext, BlockChat and EnforceRateLimits.
//
// Start one per test:
//
//	s := telegramtest.New()
//	defer s.Close()
//	b, _ := bot.New(s.Token(), bot.WithServerURL(s.URL()))
//
// All methods are safe for concurrent use.
package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultToken is what Token returns unless RequireToken set another one.
// Any token is accepted unless RequireToken was called.
const DefaultToken = "123456789:AAFakeTokenForTelegramtest_0123456789"

// DefaultBotID is the id of the fake bot user.
const DefaultBotID int64 = 123456789

// DefaultBotUsername is the fake bot's username unless WithBotUsername.
const DefaultBotUsername = "lantern_test_bot"

// MaxPollTimeout caps the getUpdates timeout parameter.
const MaxPollTimeout = 50 * time.Second

// Option configures a Server.
type Option func(*Server)

// WithBotUsername sets the username getMe reports.
func WithBotUsername(username string) Option {
	return func(s *Server) { s.botUsername = username }
}

// WithRequiredToken makes every other token answer 401.
func WithRequiredToken(token string) Option {
	return func(s *Server) { s.requiredToken = token }
}

// WithLanguageCode sets the language_code of the user in SendText and
// friends (default "en").
func WithLanguageCode(code string) Option {
	return func(s *Server) { s.langCode = code }
}

// Server is the fake Bot API.
type Server struct {
	srv     *httptest.Server
	handler http.Handler
	client  *http.Client // for webhook deliveries
	hook    callHook     // WithCallHook

	mu            sync.Mutex
	changed       chan struct{} // closed and replaced on every state change
	closing       chan struct{}
	closed        bool
	botUsername   string
	requiredToken string
	langCode      string

	calls []Call

	// updates
	nextUpdateID int64
	pending      []queuedUpdate
	allUpdates   map[int64]json.RawMessage
	allowed      []string // nil: default set
	poll         *poller  // the getUpdates request parked now, if any

	webhook webhookState

	chats     map[int64]*chatState
	callbacks map[string]*callbackState
	nextCBQ   int64
	nextFile  int64

	commands          map[string][]BotCommand // key: scope key + "|" + lang
	descriptions      map[string]string
	shortDescriptions map[string]string

	faults  map[string][]Fault // lower-case method or "*"
	blocked map[int64]bool
	limits  *rateLimits
}

type queuedUpdate struct {
	id   int64
	kind string
	raw  json.RawMessage
}

type poller struct {
	terminated chan struct{}
	reason     string
}

type webhookState struct {
	url            string
	secret         string
	maxConnections int
	lastErrorDate  int64
	lastErrorMsg   string
}

type callHook = func(Call)

type chatState struct {
	chat   Chat
	nextID int
	msgs   map[int]*Message
}

type callbackState struct {
	chatID    int64
	messageID int
	answered  bool
}

// WithCallHook calls fn with every call as it is recorded, before its answer is written, on
// the request's goroutine: for load tests that must not scan Calls. fn must be quick and
// must not call the server's own methods that wait.
func WithCallHook(fn func(Call)) Option {
	return func(s *Server) { s.hook = fn }
}

// New starts a fake server on 127.0.0.1. Close it when done.
func New(opts ...Option) *Server {
	s := &Server{
		changed:           make(chan struct{}),
		closing:           make(chan struct{}),
		botUsername:       DefaultBotUsername,
		langCode:          "en",
		nextUpdateID:      1,
		allUpdates:        map[int64]json.RawMessage{},
		chats:             map[int64]*chatState{},
		callbacks:         map[string]*callbackState{},
		commands:          map[string][]BotCommand{},
		descriptions:      map[string]string{},
		shortDescriptions: map[string]string{},
		faults:            map[string][]Fault{},
		blocked:           map[int64]bool{},
	}
	for _, o := range opts {
		o(s)
	}
	s.client = &http.Client{Transport: &http.Transport{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// URL is the base URL to pass to bot.WithServerURL; requests go to
// URL()+"/bot"+token+"/"+method.
func (s *Server) URL() string { return s.srv.URL }

// Token returns a token to use with the fake: the required one if set,
// otherwise DefaultToken.
func (s *Server) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.requiredToken != "" {
		return s.requiredToken
	}
	return DefaultToken
}

// RequireToken makes requests with any other token answer 401
// Unauthorized. An empty token accepts any token again.
func (s *Server) RequireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requiredToken = token
}

// BotUser is the user getMe returns and sent messages come from.
func (s *Server) BotUser() User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botUserLocked()
}

func (s *Server) botUserLocked() User {
	return User{ID: DefaultBotID, IsBot: true, FirstName: "Lantern Test", Username: s.botUsername}
}

// Close ends parked long polls and shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
	s.mu.Unlock()
	s.srv.Close()
	s.client.CloseIdleConnections()
}

// notifyLocked wakes everyone waiting for a state change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// --- recorded calls ---

// Calls returns every recorded call, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		out[i] = c.clone()
	}
	return out
}

// CallsOf returns the recorded calls of one method (any case), failed ones
// included.
func (s *Server) CallsOf(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsOfLocked(method, false)
}

func (s *Server) callsOfLocked(method string, okOnly bool) []Call {
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) && (!okOnly || c.OK()) {
			out = append(out, c.clone())
		}
	}
	return out
}

// Reset forgets the recorded calls (chats, updates and settings stay).
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
	s.notifyLocked()
}

// WaitCalls blocks until at least n successful (HTTP 200) calls of method
// were recorded, and returns all successful calls of that method. If ctx
// ends first it returns what there is and ctx.Err().
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var got []Call
	err := s.wait(ctx, func() bool {
		got = s.callsOfLocked(method, true)
		return len(got) >= n
	})
	return got, err
}

// WaitAnyCalls is WaitCalls counting failed calls too.
func (s *Server) WaitAnyCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var got []Call
	err := s.wait(ctx, func() bool {
		got = s.callsOfLocked(method, false)
		return len(got) >= n
	})
	return got, err
}

// WaitLongPoll blocks until a getUpdates request is parked waiting for
// updates, so a test can add an update knowing it arrives during the poll.
func (s *Server) WaitLongPoll(ctx context.Context) error {
	return s.wait(ctx, func() bool { return s.poll != nil })
}

// WaitCallsFunc blocks until cond returns true for the calls recorded so
// far (oldest first), or ctx ends; it returns the calls cond last saw.
// cond runs with the server locked: it must not call Server methods nor
// keep or modify the calls.
func (s *Server) WaitCallsFunc(ctx context.Context, cond func(calls []Call) bool) ([]Call, error) {
	var seen []Call
	err := s.wait(ctx, func() bool {
		seen = s.calls[:len(s.calls):len(s.calls)]
		return cond(seen)
	})
	out := make([]Call, len(seen))
	for i, c := range seen {
		out[i] = c.clone()
	}
	return out, err
}

func (s *Server) wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// --- HTTP ---

// apiError is an error answer.
type apiError struct {
	status      int
	description string
	retryAfter  int
}

func (e *apiError) Error() string { return e.description }

func badRequest(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

type handlerFunc func(s *Server, r *http.Request, p params) (any, *apiError)

type methodInfo struct {
	name string
	fn   handlerFunc
}

var methods = map[string]methodInfo{}

func register(name string, fn handlerFunc) {
	methods[strings.ToLower(name)] = methodInfo{name: name, fn: fn}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, &apiError{status: http.StatusNotFound, description: "Not Found"})
		return
	}
	call := Call{Method: method, Params: map[string]string{}, At: started}
	info, known := methods[strings.ToLower(method)]
	if known {
		call.Method = info.name
	}
	finish := func(status int, desc string) {
		call.Status, call.Description = status, desc
		s.mu.Lock()
		s.calls = append(s.calls, call)
		s.notifyLocked()
		hook := s.hook
		s.mu.Unlock()
		if hook != nil {
			hook(call)
		}
	}
	// Calls are recorded before the answer is written, so a client that
	// has its answer always finds its call in Calls.
	answer := func(result any, e *apiError) {
		if e != nil {
			finish(e.status, e.description)
			writeError(w, e)
			return
		}
		finish(http.StatusOK, "")
		writeJSON(w, http.StatusOK, apiResponse{OK: true, Result: result})
	}

	s.mu.Lock()
	required := s.requiredToken
	s.mu.Unlock()
	if required != "" && token != required {
		answer(nil, &apiError{status: http.StatusUnauthorized, description: "Unauthorized"})
		return
	}

	p, files, perr := parseParams(r)
	if p != nil {
		call.Params = p
	}
	if files != nil {
		call.Files = map[string]int{}
		call.FileNames = map[string]string{}
		call.FileData = map[string][]byte{}
		for field, f := range files {
			call.Files[field] = f.size
			call.FileNames[field] = f.name
			call.FileData[field] = f.data
		}
	}
	if !known {
		answer(nil, &apiError{status: http.StatusNotFound, description: "Not Found: method not found"})
		return
	}
	if perr != nil {
		answer(nil, perr)
		return
	}

	if f, ok := s.takeFault(info.name); ok {
		if f.kind == faultDrop {
			finish(0, "connection dropped")
			dropConnection(w)
			return
		}
		if f.kind == faultHTML {
			finish(f.status, "Bad Gateway (HTML)")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(f.status)
			_, _ = w.Write([]byte(badGatewayHTML))
			return
		}
		answer(nil, f.apiError())
		return
	}
	if e := s.checkBlocked(p); e != nil {
		answer(nil, e)
		return
	}
	if e := s.checkRateLimit(info.name, p, time.Now()); e != nil {
		answer(nil, e)
		return
	}
	result, e := info.fn(s, r, params{m: p, files: files})
	answer(result, e)
}

// splitPath parses /bot<token>/<method> and /bot<token>/test/<method>.
func splitPath(path string) (token, method string, ok bool) {
	rest, found := strings.CutPrefix(path, "/bot")
	if !found {
		return "", "", false
	}
	parts := strings.Split(rest, "/")
	switch {
	case len(parts) == 2:
	case len(parts) == 3 && parts[1] == "test":
		parts = []string{parts[0], parts[2]}
	default:
		return "", "", false
	}
	if parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	return parts[0], parts[1], true
}

func writeJSON(w http.ResponseWriter, status int, v apiResponse) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error: telegramtest could not encode the result"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	resp := apiResponse{OK: false, ErrorCode: e.status, Description: e.description}
	if e.retryAfter > 0 {
		resp.Parameters = &responseParameters{RetryAfter: e.retryAfter}
	}
	writeJSON(w, e.status, resp)
}

func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// Not reachable: httptest.NewServer speaks HTTP/1.1, which can be
		// hijacked. Answer nothing rather than panic.
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	_ = conn.Close()
}
