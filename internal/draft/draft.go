// Package draft holds the report helper's answers in memory, and nowhere else: never in
// SQLite, never in a log. Answers belong to a chat key, expire a fixed time after the first
// one was given (30 minutes by default), and are dropped when the summary is written, on
// /clear and on /forget. A restart loses them, by design.
package draft

import (
	"sync"
	"time"
)

// Lifetime is how long answers are kept after the first one was given.
const Lifetime = 30 * time.Minute

// Drafts holds the answers of every chat filling in a report. It is safe for concurrent use.
type Drafts struct {
	// Now returns the current time (tests inject a clock). Set it before first use.
	Now      func() time.Time
	lifetime time.Duration

	mu        sync.Mutex
	chats     map[string]*entry
	lastSweep time.Time
}

type entry struct {
	answers map[string]string
	held    string    // a finished summary waiting to be sent
	expires time.Time // answers and summary are gone after this
}

// New returns an empty store whose entries live for lifetime (Lifetime if 0 or less).
func New(lifetime time.Duration) *Drafts {
	if lifetime <= 0 {
		lifetime = Lifetime
	}
	return &Drafts{Now: time.Now, lifetime: lifetime, chats: map[string]*entry{}}
}

// get returns the live entry of a chat, dropping it if it expired. d.mu must be held.
func (d *Drafts) get(key string, now time.Time) *entry {
	e := d.chats[key]
	if e != nil && !now.Before(e.expires) {
		delete(d.chats, key)
		return nil
	}
	return e
}

// live returns a chat's entry, starting its lifetime if it has none. d.mu must be held.
func (d *Drafts) live(key string) *entry {
	now := d.Now()
	d.sweep(now)
	e := d.get(key, now)
	if e == nil {
		e = &entry{expires: now.Add(d.lifetime)}
		d.chats[key] = e
	}
	return e
}

// sweep drops every expired entry, at most once a minute. d.mu must be held.
func (d *Drafts) sweep(now time.Time) {
	if now.Sub(d.lastSweep) < time.Minute {
		return
	}
	d.lastSweep = now
	for k, e := range d.chats {
		if !now.Before(e.expires) {
			delete(d.chats, k)
		}
	}
}

// Answers returns a copy of a chat's answers (nil if it has none).
func (d *Drafts) Answers(key string) map[string]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.get(key, d.Now())
	if e == nil || len(e.answers) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.answers))
	for k, v := range e.answers {
		out[k] = v
	}
	return out
}

// Set keeps one answer. The first answer of a chat starts its lifetime.
func (d *Drafts) Set(key, field, value string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.live(key)
	if e.answers == nil {
		e.answers = map[string]string{}
	}
	e.answers[field] = value
}

// Hold keeps a finished summary until the channel sends it (see Held and Release). It
// expires with the chat's answers, or a lifetime from now if there are none.
func (d *Drafts) Hold(key, text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.live(key).held = text
}

// DropAnswers forgets a chat's answers, keeping a summary that waits to be sent.
func (d *Drafts) DropAnswers(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.chats[key]
	if e == nil {
		return
	}
	e.answers = nil
	if e.held == "" {
		delete(d.chats, key)
	}
}

// Held returns the summary waiting to be sent for a chat.
func (d *Drafts) Held(key string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.get(key, d.Now())
	if e == nil || e.held == "" {
		return "", false
	}
	return e.held, true
}

// Release forgets a summary once it was sent, keeping any answers given since.
func (d *Drafts) Release(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.chats[key]
	if e == nil {
		return
	}
	e.held = ""
	if len(e.answers) == 0 {
		delete(d.chats, key)
	}
}

// Drop forgets everything about a chat: answers and any summary not sent yet.
func (d *Drafts) Drop(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.chats, key)
}

// Len is the number of chats with something held (expired ones not counted).
func (d *Drafts) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.Now()
	n := 0
	for _, e := range d.chats {
		if now.Before(e.expires) {
			n++
		}
	}
	return n
}
