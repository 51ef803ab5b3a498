package telegram

import "sync"

// serial runs functions in order per key and in parallel across keys, with at most limit
// running at once: a chat's turns happen one after another, different chats side by side.
type serial struct {
	mu     sync.Mutex
	queues map[string][]func()
	sem    chan struct{}
	wg     sync.WaitGroup
}

func newSerial(limit int) *serial {
	return &serial{queues: map[string][]func(){}, sem: make(chan struct{}, limit)}
}

// do queues fn behind the earlier functions of the same key.
func (s *serial) do(key string, fn func()) {
	s.mu.Lock()
	q, running := s.queues[key]
	s.queues[key] = append(q, fn)
	s.mu.Unlock()
	if running {
		return
	}
	s.wg.Add(1)
	go s.drain(key)
}

func (s *serial) drain(key string) {
	defer s.wg.Done()
	s.sem <- struct{}{}
	defer func() { <-s.sem }()
	for {
		s.mu.Lock()
		q := s.queues[key]
		if len(q) == 0 {
			delete(s.queues, key)
			s.mu.Unlock()
			return
		}
		fn := q[0]
		s.queues[key] = q[1:]
		s.mu.Unlock()
		fn()
	}
}

// waiting reports whether functions are queued for key behind the one running.
func (s *serial) waiting(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queues[key]) > 0
}

// wait blocks until every queued function has run.
func (s *serial) wait() { s.wg.Wait() }
