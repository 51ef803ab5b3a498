package draft

import (
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newDrafts() (*Drafts, *clock) {
	c := &clock{t: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)}
	d := New(0)
	d.Now = c.now
	return d, c
}

func TestAnswersAreCopiesAndPerChat(t *testing.T) {
	d, _ := newDrafts()
	d.Set("a", "platform", "Snapchat")
	d.Set("a", "account", "@someone")
	d.Set("b", "platform", "Discord")
	got := d.Answers("a")
	if len(got) != 2 || got["platform"] != "Snapchat" || got["account"] != "@someone" {
		t.Fatalf("answers of a = %v", got)
	}
	got["platform"] = "changed"
	if d.Answers("a")["platform"] != "Snapchat" {
		t.Fatal("Answers returned the stored map, not a copy")
	}
	if d.Answers("b")["platform"] != "Discord" || d.Answers("c") != nil {
		t.Fatal("answers leaked between chats")
	}
}

func TestAnswersExpireThirtyMinutesAfterTheFirst(t *testing.T) {
	d, c := newDrafts()
	d.Set("a", "platform", "Snapchat")
	c.add(29 * time.Minute)
	d.Set("a", "account", "@someone") // does not extend the lifetime
	if len(d.Answers("a")) != 2 {
		t.Fatal("answers gone before 30 minutes")
	}
	c.add(time.Minute)
	if d.Answers("a") != nil || d.Len() != 0 {
		t.Fatalf("answers still there 30 minutes after the first: %v", d.Answers("a"))
	}
}

func TestSweepDropsExpiredChatsNobodyAsksFor(t *testing.T) {
	d, c := newDrafts()
	d.Set("old", "platform", "Snapchat")
	c.add(31 * time.Minute)
	d.Set("new", "platform", "Discord") // sweeps
	d.mu.Lock()
	_, still := d.chats["old"]
	d.mu.Unlock()
	if still {
		t.Fatal("an expired chat stayed in memory")
	}
}

func TestHoldReleaseDrop(t *testing.T) {
	d, c := newDrafts()
	d.Set("a", "platform", "Snapchat")
	d.Hold("a", "REPORT …")
	d.DropAnswers("a")
	if d.Answers("a") != nil {
		t.Fatal("answers kept after DropAnswers")
	}
	if s, ok := d.Held("a"); !ok || s != "REPORT …" {
		t.Fatalf("held = %q, %v", s, ok)
	}
	d.Release("a")
	if _, ok := d.Held("a"); ok || d.Len() != 0 {
		t.Fatal("summary kept after release")
	}
	d.Hold("a", "REPORT 2")
	c.add(Lifetime)
	if _, ok := d.Held("a"); ok {
		t.Fatal("held summary outlived its lifetime")
	}
	d.Set("b", "platform", "x")
	d.Hold("b", "S")
	d.Drop("b")
	if _, ok := d.Held("b"); ok || d.Answers("b") != nil {
		t.Fatal("drop kept something")
	}
}

func TestConcurrentUse(t *testing.T) {
	d := New(time.Minute)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				d.Set("k", "f", "v")
				d.Answers("k")
				d.Hold("k", "s")
				d.Held("k")
				d.Release("k")
				d.Drop("k")
			}
		}()
	}
	wg.Wait()
}
