package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

func init() {
	register("getUpdates", (*Server).getUpdates)
	register("setWebhook", (*Server).setWebhook)
	register("deleteWebhook", (*Server).deleteWebhook)
	register("getWebhookInfo", (*Server).getWebhookInfo)
}

// updateTypes are the fields of https://core.telegram.org/bots/api#update.
var updateTypes = map[string]bool{
	"message": true, "edited_message": true, "channel_post": true, "edited_channel_post": true,
	"business_connection": true, "business_message": true, "edited_business_message": true,
	"deleted_business_messages": true, "message_reaction": true, "message_reaction_count": true,
	"inline_query": true, "chosen_inline_result": true, "callback_query": true, "shipping_query": true,
	"pre_checkout_query": true, "purchased_paid_media": true, "poll": true, "poll_answer": true,
	"my_chat_member": true, "chat_member": true, "chat_join_request": true, "chat_boost": true,
	"removed_chat_boost": true,
}

// Not delivered unless asked for by name (allowed_updates docs).
var notByDefault = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

func (s *Server) allowedLocked(kind string) bool {
	if s.allowed == nil {
		return !notByDefault[kind]
	}
	for _, a := range s.allowed {
		if a == kind {
			return true
		}
	}
	return false
}

// parseAllowed reads allowed_updates: absent → keep; [] → default.
func parseAllowed(p params) (list []string, set bool, e *apiError) {
	raw := strings.TrimSpace(p.str("allowed_updates"))
	if raw == "" {
		return nil, false, nil
	}
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return nil, false, badRequest("can't parse allowed updates JSON array")
	}
	if len(list) == 0 {
		return nil, true, nil
	}
	return list, true, nil
}

// AddUpdate queues an update. raw is a JSON object with one update field
// ("message", "callback_query", ...); update_id is assigned when missing
// or 0, and must otherwise be higher than every earlier one. It returns
// the update_id.
func (s *Server) AddUpdate(raw json.RawMessage) (int64, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return 0, fmt.Errorf("telegramtest: update is not a JSON object")
	}
	var id int64
	if v, ok := obj["update_id"]; ok {
		if err := json.Unmarshal(v, &id); err != nil {
			return 0, fmt.Errorf("telegramtest: update_id: %w", err)
		}
	}
	kind := ""
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k != "update_id" {
			kind = k
			break
		}
	}
	if kind == "" {
		return 0, fmt.Errorf("telegramtest: update has no content field")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == 0 {
		id = s.nextUpdateID
	} else if id < s.nextUpdateID {
		return 0, fmt.Errorf("telegramtest: update_id %d is not above %d", id, s.nextUpdateID-1)
	}
	s.nextUpdateID = id + 1
	obj["update_id"], _ = json.Marshal(id)
	b, err := json.Marshal(obj)
	if err != nil {
		return 0, err
	}
	s.pending = append(s.pending, queuedUpdate{id: id, kind: kind, raw: b})
	s.allUpdates[id] = b
	s.notifyLocked()
	return id, nil
}

// addBuilt queues an update built by a helper; it cannot fail.
func (s *Server) addBuiltLocked(kind string, v any) int64 {
	payload, _ := json.Marshal(v)
	id := s.nextUpdateID
	s.nextUpdateID++
	b, _ := json.Marshal(map[string]json.RawMessage{"update_id": json.RawMessage(fmt.Sprint(id)), kind: payload})
	s.pending = append(s.pending, queuedUpdate{id: id, kind: kind, raw: b})
	s.allUpdates[id] = b
	s.notifyLocked()
	return id
}

// Update returns the JSON of an update built or added earlier.
func (s *Server) Update(id int64) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.allUpdates[id]
	return append(json.RawMessage(nil), b...), ok
}

// PendingUpdates returns the updates not yet confirmed (polling) or
// delivered (webhook), oldest first.
func (s *Server) PendingUpdates() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]json.RawMessage, len(s.pending))
	for i, u := range s.pending {
		out[i] = append(json.RawMessage(nil), u.raw...)
	}
	return out
}

// getUpdates, https://core.telegram.org/bots/api#getupdates.
func (s *Server) getUpdates(r *http.Request, p params) (any, *apiError) {
	offset, _, e := p.int64("offset")
	if e != nil {
		return nil, e
	}
	limit, hasLimit, e := p.int64("limit")
	if e != nil {
		return nil, e
	}
	if !hasLimit || limit > 100 {
		limit = 100
	}
	if limit < 1 {
		limit = 1
	}
	timeoutSec, _, e := p.int64("timeout")
	if e != nil {
		return nil, e
	}
	timeout := time.Duration(max(timeoutSec, 0)) * time.Second
	timeout = min(timeout, MaxPollTimeout)
	allowed, setAllowed, e := parseAllowed(p)
	if e != nil {
		return nil, e
	}

	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		return nil, &apiError{status: http.StatusConflict,
			description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if s.poll != nil {
		s.poll.reason = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
		close(s.poll.terminated)
		s.poll = nil
	}
	if setAllowed {
		s.allowed = allowed
	}
	s.confirmLocked(offset)
	me := &poller{terminated: make(chan struct{})}
	defer func() {
		s.mu.Lock()
		if s.poll == me {
			s.poll = nil
			s.notifyLocked()
		}
		s.mu.Unlock()
	}()
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	for {
		select {
		case <-me.terminated:
			reason := me.reason
			s.mu.Unlock()
			return nil, &apiError{status: http.StatusConflict, description: reason}
		default:
		}
		ups := s.collectLocked(int(limit))
		if len(ups) > 0 || timeout == 0 || s.closed {
			s.mu.Unlock()
			return ups, nil
		}
		if s.poll != me {
			s.poll = me
			s.notifyLocked()
		}
		ch, closing := s.changed, s.closing
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer:
			return []json.RawMessage{}, nil
		case <-r.Context().Done():
			return []json.RawMessage{}, nil
		case <-closing:
			return []json.RawMessage{}, nil
		case <-me.terminated:
		}
		s.mu.Lock()
	}
}

// confirmLocked applies the offset rules: a positive offset confirms
// every update below it; a negative one keeps only the last -offset.
func (s *Server) confirmLocked(offset int64) {
	switch {
	case offset > 0:
		i := 0
		for i < len(s.pending) && s.pending[i].id < offset {
			i++
		}
		if i > 0 {
			s.pending = append([]queuedUpdate(nil), s.pending[i:]...)
		}
	case offset < 0:
		keep := -offset
		if int64(len(s.pending)) > keep {
			s.pending = append([]queuedUpdate(nil), s.pending[int64(len(s.pending))-keep:]...)
		}
	}
}

// collectLocked returns up to limit allowed updates, dropping the ones
// allowed_updates excludes (Telegram does not create those).
func (s *Server) collectLocked(limit int) []json.RawMessage {
	kept := s.pending[:0:0]
	out := []json.RawMessage{}
	for _, u := range s.pending {
		if !s.allowedLocked(u.kind) {
			continue
		}
		kept = append(kept, u)
		if len(out) < limit {
			out = append(out, u.raw)
		}
	}
	s.pending = kept
	return out
}

func validSecret(secret string) bool {
	if len(secret) < 1 || len(secret) > 256 {
		return false
	}
	for i := 0; i < len(secret); i++ {
		if !isNameByte(secret[i]) {
			return false
		}
	}
	return true
}

// setWebhook, https://core.telegram.org/bots/api#setwebhook. Plain http
// URLs are accepted (Telegram wants https) so tests can use loopback.
func (s *Server) setWebhook(_ *http.Request, p params) (any, *apiError) {
	raw := strings.TrimSpace(p.str("url"))
	if raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, badRequest("bad webhook: invalid webhook URL specified")
		}
	}
	secret := p.str("secret_token")
	if p.has("secret_token") && secret != "" && !validSecret(secret) {
		return nil, badRequest("bad webhook: secret token contains unallowed characters")
	}
	maxConn, hasMax, e := p.int64("max_connections")
	if e != nil {
		return nil, e
	}
	if !hasMax {
		maxConn = 40
	}
	maxConn = min(max(maxConn, 1), 100)
	allowed, setAllowed, e := parseAllowed(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.boolean("drop_pending_updates") {
		s.pending = nil
	}
	if setAllowed {
		s.allowed = allowed
	}
	if raw == "" {
		s.webhook = webhookState{}
		s.notifyLocked()
		return true, nil
	}
	if s.poll != nil {
		s.poll.reason = "Conflict: terminated by setWebhook request"
		close(s.poll.terminated)
		s.poll = nil
	}
	s.webhook = webhookState{url: raw, secret: secret, maxConnections: int(maxConn)}
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(_ *http.Request, p params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.boolean("drop_pending_updates") {
		s.pending = nil
	}
	s.webhook = webhookState{}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getWebhookInfo(_ *http.Request, _ params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookInfoLocked(), nil
}

func (s *Server) webhookInfoLocked() WebhookInfo {
	info := WebhookInfo{URL: s.webhook.url, PendingUpdateCount: len(s.pending)}
	if s.webhook.url != "" {
		info.MaxConnections = s.webhook.maxConnections
		info.IPAddress = "127.0.0.1"
		info.LastErrorDate = s.webhook.lastErrorDate
		info.LastErrorMessage = s.webhook.lastErrorMsg
		info.AllowedUpdates = append([]string(nil), s.allowed...)
	}
	return info
}

// WebhookInfo returns what getWebhookInfo would answer.
func (s *Server) WebhookInfo() WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookInfoLocked()
}

// ErrNoWebhook is returned by deliveries when setWebhook was not called.
var ErrNoWebhook = errors.New("telegramtest: no webhook is set")

// DeliverWebhook POSTs update to the webhook URL, with the
// X-Telegram-Bot-Api-Secret-Token header when a secret was set. It does
// not touch the queue. It returns the HTTP status the bot answered.
func (s *Server) DeliverWebhook(ctx context.Context, update json.RawMessage) (int, error) {
	s.mu.Lock()
	u, secret := s.webhook.url, s.webhook.secret
	s.mu.Unlock()
	if u == "" {
		return 0, ErrNoWebhook
	}
	return s.post(ctx, u, secret, secret != "", update)
}

// DeliverWebhookWithSecret is DeliverWebhook with the given secret header
// instead of the configured one ("" sends no header).
func (s *Server) DeliverWebhookWithSecret(ctx context.Context, update json.RawMessage, secret string) (int, error) {
	s.mu.Lock()
	u := s.webhook.url
	s.mu.Unlock()
	if u == "" {
		return 0, ErrNoWebhook
	}
	return s.post(ctx, u, secret, secret != "", update)
}

// DeliverPendingWebhook delivers queued updates in order, removing each
// one the bot answers with 2xx. It stops at the first failure, which stays
// queued (Telegram retries it) and is recorded in WebhookInfo. It returns
// how many were delivered.
func (s *Server) DeliverPendingWebhook(ctx context.Context) (int, error) {
	delivered := 0
	for {
		s.mu.Lock()
		u, secret := s.webhook.url, s.webhook.secret
		if u == "" {
			s.mu.Unlock()
			return delivered, ErrNoWebhook
		}
		s.collectLocked(1) // drop excluded update types
		if len(s.pending) == 0 {
			s.mu.Unlock()
			return delivered, nil
		}
		next := s.pending[0]
		s.mu.Unlock()

		status, err := s.post(ctx, u, secret, secret != "", next.raw)
		if err == nil && (status < 200 || status > 299) {
			err = fmt.Errorf("telegramtest: webhook answered HTTP %d to update %d", status, next.id)
		}
		s.mu.Lock()
		if err != nil {
			s.webhook.lastErrorDate = time.Now().Unix()
			if status != 0 {
				s.webhook.lastErrorMsg = fmt.Sprintf("Wrong response from the webhook: %d %s", status, http.StatusText(status))
			} else {
				s.webhook.lastErrorMsg = "Connection refused"
			}
			s.notifyLocked()
			s.mu.Unlock()
			return delivered, err
		}
		for i, q := range s.pending {
			if q.id == next.id {
				s.pending = append(s.pending[:i:i], s.pending[i+1:]...)
				break
			}
		}
		s.notifyLocked()
		s.mu.Unlock()
		delivered++
	}
}

func (s *Server) post(ctx context.Context, u, secret string, withSecret bool, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if withSecret {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
