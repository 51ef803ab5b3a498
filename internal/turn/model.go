package turn

import (
	"context"
	"fmt"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/llm"
	"github.com/lantern-help/lantern/internal/safety"
)

// mergeAssessments lets a model raise a risk the rules missed, never lower one they found.
func mergeAssessments(rules, model safety.Assessment) safety.Assessment {
	return llm.Merge(rules, model)
}

// LLMModel adapts an llm.Client to Model: answers are grounded on the article alone and
// checked against every link and number the content holds.
type LLMModel struct {
	Client  *llm.Client
	Allowed llm.Allowed
}

// NewLLMModel builds the adapter, collecting the links and numbers a model answer may use:
// the ones in Lantern's own content, nothing else.
func NewLLMModel(c *llm.Client, lib *content.Library) *LLMModel {
	var texts []string
	for _, loc := range lib.Locales {
		for _, s := range loc.Strings {
			texts = append(texts, s)
		}
	}
	for _, list := range lib.Articles {
		for _, a := range list {
			texts = append(texts, a.Title, a.Summary, a.Body)
		}
	}
	for _, c := range lib.Countries {
		for _, ct := range c.Contacts {
			texts = append(texts, ct.Phone, ct.SMS, ct.Web, ct.Chat)
		}
	}
	return &LLMModel{Client: c, Allowed: llm.AllowedIn(texts...)}
}

// Classify implements Model.
func (m *LLMModel) Classify(ctx context.Context, text, lang string) (safety.Assessment, error) {
	return m.Client.Classify(ctx, text, lang)
}

// Phrase implements Model: a short answer to the question from the article, or an error
// (then the article's own summary is sent).
func (m *LLMModel) Phrase(ctx context.Context, question, lang string, a *content.Article) (string, error) {
	ans, err := m.Client.Answer(ctx, question, lang, []llm.Passage{{Title: a.Title, Text: a.Summary}, {Title: a.Title, Text: a.Body}}, m.Allowed)
	if err != nil {
		return "", fmt.Errorf("phrase %s: %w", a.Slug, err)
	}
	return ans, nil
}
