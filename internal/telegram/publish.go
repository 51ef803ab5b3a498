package telegram

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// commands are the commands shown in Telegram's menu, in this order; their descriptions
// come from the locale ("command.<name>").
var commands = []string{"start", "menu", "help", "hotlines", "region", "language", "privacy", "forget", "clear"}

// staffCommands are answered but not shown in the menu every teenager sees: /stats is for
// school staff (it shows the counts of the codes their chat made).
var staffCommands = []string{"stats"}

// publish sets the bot's command list and descriptions in every language of the content.
// Failures are logged, not fatal: the bot works without them.
func (s *Service) publish(ctx context.Context) {
	lib := s.engine.Library()
	for _, lang := range lib.Langs() {
		if ctx.Err() != nil {
			return // stopping: the next start publishes them
		}
		code := lang
		if lang == "en" {
			code = "" // the default for every language without its own list
		}
		var cmds []models.BotCommand
		for _, c := range commands {
			cmds = append(cmds, models.BotCommand{Command: c, Description: lib.Text(lang, "command."+c)})
		}
		if _, err := s.api.SetMyCommands(ctx, &bot.SetMyCommandsParams{
			Commands: cmds, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: code,
		}); err != nil {
			s.log.Warn("setMyCommands failed", "lang", lang, "error", redact(err.Error(), s.cfg.Token))
		}
		if _, err := s.api.SetMyDescription(ctx, &bot.SetMyDescriptionParams{
			Description: lib.Text(lang, "bot.description"), LanguageCode: code,
		}); err != nil {
			s.log.Warn("setMyDescription failed", "lang", lang, "error", redact(err.Error(), s.cfg.Token))
		}
		if _, err := s.api.SetMyShortDescription(ctx, &bot.SetMyShortDescriptionParams{
			ShortDescription: lib.Text(lang, "bot.short_description"), LanguageCode: code,
		}); err != nil {
			s.log.Warn("setMyShortDescription failed", "lang", lang, "error", redact(err.Error(), s.cfg.Token))
		}
	}
}
