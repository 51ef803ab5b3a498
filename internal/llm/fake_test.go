package llm_test

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/tmc/langchaingo/llms"
)

// fakeModel is a goroutine-safe llms.Model for tests (langchaingo's llms/fake is not: it
// increments its index without a lock). It answers with replies in turn (repeating the
// last), records every prompt and the call options it was given, and honours ctx.
type fakeModel struct {
	mu      sync.Mutex
	replies []string
	err     error         // returned instead of a reply when set
	hang    bool          // wait for ctx to end
	block   chan struct{} // when set, wait for it to close and ignore ctx (a badly behaved model)
	calls   []fakeCall
}

type fakeCall struct {
	prompt string
	opts   llms.CallOptions
}

var _ llms.Model = (*fakeModel)(nil)

func newFake(replies ...string) *fakeModel { return &fakeModel{replies: replies} }

func (m *fakeModel) GenerateContent(ctx context.Context, msgs []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	var opts llms.CallOptions
	for _, o := range options {
		o(&opts)
	}
	var prompt strings.Builder
	for _, mc := range msgs {
		for _, p := range mc.Parts {
			if t, ok := p.(llms.TextContent); ok {
				prompt.WriteString(t.Text)
			}
		}
	}
	m.mu.Lock()
	m.calls = append(m.calls, fakeCall{prompt: prompt.String(), opts: opts})
	n := len(m.calls)
	hang, block, err := m.hang, m.block, m.err
	var reply string
	if len(m.replies) > 0 {
		reply = m.replies[min(n-1, len(m.replies)-1)]
	}
	m.mu.Unlock()

	if block != nil {
		<-block
		return nil, errors.New("fake: unblocked")
	}
	if hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: reply, StopReason: "stop"}}}, nil
}

func (m *fakeModel) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, options...)
}

func (m *fakeModel) Calls() []fakeCall {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]fakeCall(nil), m.calls...)
}
