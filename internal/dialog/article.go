package dialog

import (
	"slices"

	"github.com/lantern-help/lantern/internal/content"
	"github.com/lantern-help/lantern/internal/safety"
)

// ArticleFirst orders the articles found for a question, which answer it equally well (see
// articles.Index.Search), so that the one given comes first: the one written most narrowly
// for who is asking (an article for parents alone before one for everyone), else the first.
// audience is the conversation's (State.Audience); when it is not known yet, the audience the
// message itself states (not a guess) counts, as the engine takes it too. A parent asking
// "how do i talk to her about it" gets the parents' article on starting the conversation,
// a teen the one on telling a trusted adult. With no audience known, the choice is a teen's:
// most who write are, and "someone online is scaring me" answered with the parents' article
// on starting the conversation leaves a frightened teen with nothing.
func ArticleFirst(lib *content.Library, audience string, a safety.Assessment, slugs []string) []string {
	if audience == "" && a.Audience != "unknown" && !a.AudienceGuessed {
		audience = a.Audience
	}
	if audience == "" || audience == "unknown" {
		audience = "teen"
	}
	if len(slugs) < 2 {
		return slugs
	}
	best, width := 0, 0
	for i, slug := range slugs {
		art := lib.Article(content.DefaultLang, slug)
		if art == nil || !slices.Contains(art.Audience, audience) {
			continue
		}
		if width == 0 || len(art.Audience) < width {
			best, width = i, len(art.Audience)
		}
	}
	if best == 0 {
		return slugs
	}
	out := make([]string, 0, len(slugs))
	out = append(out, slugs[best])
	out = append(out, slugs[:best]...)
	return append(out, slugs[best+1:]...)
}
