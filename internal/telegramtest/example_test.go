package telegramtest_test

import (
	"context"
	"fmt"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/telegramtest"
)

func Example() {
	s := telegramtest.New()
	defer s.Close()
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		fmt.Println(err)
		return
	}
	s.SendText(42, "/start")
	_, err = b.SendMessage(context.Background(), &bot.SendMessageParams{
		ChatID: 42, Text: "<b>Hello</b> &amp; welcome", ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range s.Messages(42) {
		fmt.Println(m.MessageID, m.FromBot(), m.Text, m.Entities[0].Type)
	}
	fmt.Println(s.CallsOf("sendMessage")[0].Params["parse_mode"])
	// Output:
	// 1 false /start bot_command
	// 2 true Hello & welcome bold
	// HTML
}
