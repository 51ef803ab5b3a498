package content

import (
	"golang.org/x/text/language"
)

// MatchLang picks the library's locale for a language tag such as Telegram's language_code
// ("pt-BR" -> "pt", "es-419" -> "es"), or "" when none is close enough.
func (l *Library) MatchLang(hint string) string {
	if hint == "" {
		return ""
	}
	tag, err := language.Parse(hint)
	if err != nil {
		return ""
	}
	langs := l.Langs()
	tags := make([]language.Tag, len(langs))
	for i, lang := range langs {
		tags[i] = language.Make(lang)
	}
	_, i, conf := language.NewMatcher(tags).Match(tag)
	if conf < language.High {
		return ""
	}
	return langs[i]
}
