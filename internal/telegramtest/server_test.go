package telegramtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/telegramtest"
)

func keyboard(data string) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: data}}}}
}

func TestSendMessageHTMLWithKeyboard(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)

	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID:             42,
		Text:               `<b>Hi</b> &amp; <a href="https://example.org/?a=1&amp;b=2">help</a> 😀`,
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
		ReplyMarkup:        keyboard("ack:1"),
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.ID != 1 || msg.Chat.ID != 42 || msg.Chat.Type != "private" || msg.From == nil || !msg.From.IsBot || msg.Date == 0 {
		t.Errorf("message header = %+v", msg)
	}
	if msg.Text != "Hi & help 😀" {
		t.Errorf("text = %q, want the text after entity parsing", msg.Text)
	}
	wantEnts := []models.MessageEntity{
		{Type: "bold", Offset: 0, Length: 2},
		{Type: "text_link", Offset: 5, Length: 4, URL: "https://example.org/?a=1&b=2"},
	}
	if len(msg.Entities) != len(wantEnts) {
		t.Fatalf("entities = %+v", msg.Entities)
	}
	for i, e := range wantEnts {
		got := msg.Entities[i]
		if got.Type != e.Type || got.Offset != e.Offset || got.Length != e.Length || got.URL != e.URL {
			t.Errorf("entity %d = %+v, want %+v", i, got, e)
		}
	}
	if msg.ReplyMarkup == nil || msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "ack:1" {
		t.Errorf("reply markup = %+v", msg.ReplyMarkup)
	}

	calls := s.CallsOf("sendmessage")
	if len(calls) != 1 || calls[0].Method != "sendMessage" || !calls[0].OK() {
		t.Fatalf("calls = %+v", calls)
	}
	p := calls[0].Params
	if p["chat_id"] != "42" || p["parse_mode"] != "HTML" {
		t.Errorf("params = %v", p)
	}
	var rm struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(p["reply_markup"]), &rm); err != nil || rm.InlineKeyboard[0][0].CallbackData != "ack:1" {
		t.Errorf("reply_markup %q: %v", p["reply_markup"], err)
	}
	var lp struct {
		IsDisabled bool `json:"is_disabled"`
	}
	if err := json.Unmarshal([]byte(p["link_preview_options"]), &lp); err != nil || !lp.IsDisabled {
		t.Errorf("link_preview_options %q: %v", p["link_preview_options"], err)
	}
	if got := s.Messages(42); len(got) != 1 || got[0].Text != msg.Text || !got[0].FromBot() {
		t.Errorf("Messages(42) = %+v", got)
	}
}

func TestSendMessageRejectsWhatTelegramRejects(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	long := strings.Repeat("a", 4097)
	cases := []struct {
		name   string
		params *bot.SendMessageParams
		want   string
	}{
		{"callback data 65 bytes", &bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: keyboard(strings.Repeat("d", 65))}, "BUTTON_DATA_INVALID"},
		{"empty text", &bot.SendMessageParams{ChatID: 1, Text: " "}, "message text is empty"},
		{"too long", &bot.SendMessageParams{ChatID: 1, Text: long}, "message is too long"},
		{"unknown tag", &bot.SendMessageParams{ChatID: 1, Text: "a<br>b", ParseMode: models.ParseModeHTML}, "can't parse entities"},
		{"unclosed tag", &bot.SendMessageParams{ChatID: 1, Text: "<b>a", ParseMode: models.ParseModeHTML}, "can't parse entities"},
		{"bare ampersand", &bot.SendMessageParams{ChatID: 1, Text: "Tom & Jerry", ParseMode: models.ParseModeHTML}, "can't parse entities"},
		{"text button", &bot.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: keyboard("")}, "text buttons are unallowed"},
		{"no chat", &bot.SendMessageParams{Text: "x"}, "chat_id is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := b.SendMessage(ctx, c.params)
			if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrorBadRequest with %q", err, c.want)
			}
		})
	}
	// 4096 UTF-16 units exactly is fine; the text is counted after parsing.
	ok := "<b>" + strings.Repeat("a", 4096) + "</b>"
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: ok, ParseMode: models.ParseModeHTML, ReplyMarkup: keyboard(strings.Repeat("d", 64))}); err != nil {
		t.Fatalf("4096 chars with 64-byte data: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("😀", 2049)}); err == nil {
		t.Fatal("4098 UTF-16 units accepted")
	}
	for _, c := range s.CallsOf("sendMessage") {
		if c.OK() == (c.Description != "") {
			t.Errorf("call %+v: status and description disagree", c)
		}
	}
}

func TestFaults(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	send := func() error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 7, Text: "hi"})
		return err
	}

	s.FailNext("sendMessage", 1, telegramtest.TooManyRequests(7))
	err := send()
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("429: err = %#v", err)
	}
	if err := send(); err != nil {
		t.Fatalf("after the fault: %v", err)
	}

	s.FailNext("SENDMESSAGE", 1, telegramtest.Forbidden())
	if err := send(); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("Forbidden: %v", err)
	}

	s.FailNext("sendMessage", 1, telegramtest.ServerError(502))
	if err := send(); err == nil || !strings.Contains(err.Error(), "502") {
		t.Fatalf("502: %v", err)
	}

	s.FailNext("sendMessage", 1, telegramtest.BadGatewayHTML())
	if err := send(); err == nil || !strings.Contains(err.Error(), "decode") {
		t.Fatalf("HTML 502: %v", err)
	}

	s.FailNext("*", 1, telegramtest.Drop())
	if err := send(); err == nil {
		t.Fatal("dropped connection: no error")
	}
	if err := send(); err != nil {
		t.Fatalf("after the drop: %v", err)
	}

	var statuses []int
	for _, c := range s.CallsOf("sendMessage") {
		statuses = append(statuses, c.Status)
	}
	want := []int{429, 200, 403, 502, 502, 0, 200}
	if len(statuses) != len(want) {
		t.Fatalf("statuses = %v, want %v", statuses, want)
	}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", statuses, want)
		}
	}
	// Only the two successful sends are in the chat.
	if got := len(s.Messages(7)); got != 2 {
		t.Errorf("messages in chat = %d, want 2", got)
	}
}

func TestBlockChat(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	s.BlockChat(99)
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 99, Text: "hi"})
	if !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
		t.Fatalf("blocked: %v", err)
	}
	if _, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 99, Action: models.ChatActionTyping}); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("blocked chat action: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 100, Text: "hi"}); err != nil {
		t.Fatalf("other chat: %v", err)
	}
	s.UnblockChat(99)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 99, Text: "hi"}); err != nil {
		t.Fatalf("unblocked: %v", err)
	}
}

func TestRateLimits(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	s.EnforceRateLimits(0.01, 0, 2) // 2 at once, then one per 100 s
	for i := 0; i < 2; i++ {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "hi"}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "hi"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter < 1 || tooMany.RetryAfter > 100 {
		t.Fatalf("third send: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 6, Text: "hi"}); err != nil {
		t.Fatalf("other chat: %v", err)
	}
	if _, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 5, Action: models.ChatActionTyping}); err != nil {
		t.Fatalf("chat actions are not limited: %v", err)
	}
	s.EnforceRateLimits(0, 0, 0)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "hi"}); err != nil {
		t.Fatalf("limits off: %v", err)
	}
}

func TestDeleteAndEdit(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)

	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: 42, MessageID: 1}); !errors.Is(err, bot.ErrorBadRequest) ||
		!strings.Contains(err.Error(), "message to delete not found") {
		t.Fatalf("delete missing: %v", err)
	}
	s.SendText(42, "hello")                                                          // message 1, from the user
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "answer"}) // message 2
	if err != nil || m.ID != 2 {
		t.Fatalf("send: %v, id %d (ids are shared with incoming messages)", err, m.ID)
	}
	s.SendText(42, "more") // message 3

	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 42, MessageID: 1, Text: "x"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("editing the user's message: %v", err)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 42, MessageID: 2, Text: "answer"}); err == nil ||
		!strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("same text: %v", err)
	}
	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 42, MessageID: 2, Text: "<i>new</i>", ParseMode: models.ParseModeHTML})
	if err != nil || edited.Text != "new" || edited.EditDate == 0 {
		t.Fatalf("edit: %v %+v", err, edited)
	}

	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: 42, MessageID: 1}); err != nil || !ok {
		t.Fatalf("delete the user's message: %v", err)
	}
	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: 42, MessageID: 1}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("delete twice: %v", err)
	}
	if ok, err := b.DeleteMessages(ctx, &bot.DeleteMessagesParams{ChatID: 42, MessageIDs: []int{2, 3, 77}}); err != nil || !ok {
		t.Fatalf("deleteMessages: %v", err)
	}
	if got := s.Messages(42); len(got) != 0 {
		t.Fatalf("Messages after clearing = %+v", got)
	}
	if _, err := b.DeleteMessages(ctx, &bot.DeleteMessagesParams{ChatID: 42, MessageIDs: make([]int, 101)}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("101 ids: %v", err)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 42, MessageID: 2, Text: "gone"}); err == nil ||
		!strings.Contains(err.Error(), "message to edit not found") {
		t.Fatalf("edit deleted: %v", err)
	}
}

func TestAnswerCallbackQuery(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 3, Text: "pick", ReplyMarkup: keyboard("a")})
	if err != nil {
		t.Fatal(err)
	}
	upd, id := s.PressButton(3, m.ID, "a")
	raw, _ := s.Update(upd)
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		t.Fatal(err)
	}
	cq := u.CallbackQuery
	if cq == nil || cq.ID != id || cq.Data != "a" || cq.Message.Message == nil || cq.Message.Message.ID != m.ID || cq.From.ID != 3 {
		t.Fatalf("callback query = %+v", cq)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "nope"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("unknown id: %v", err)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: strings.Repeat("x", 201)}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("201 chars: %v", err)
	}
	if ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: "done"}); err != nil || !ok {
		t.Fatalf("answer: %v", err)
	}
	if !s.CallbackAnswered(id) {
		t.Error("CallbackAnswered = false")
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("second answer: %v", err)
	}

	// A button under a deleted message gives an inaccessible message.
	upd, _ = s.PressButton(3, 999, "a")
	raw, _ = s.Update(upd)
	u = models.Update{}
	if err := json.Unmarshal(raw, &u); err != nil {
		t.Fatal(err)
	}
	if u.CallbackQuery.Message.Message != nil || u.CallbackQuery.Message.InaccessibleMessage == nil {
		t.Fatalf("inaccessible message = %+v", u.CallbackQuery.Message)
	}
}

func TestCommandsAndDescriptions(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	ok, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{
		Commands:     []models.BotCommand{{Command: "start", Description: "Start"}, {Command: "clear", Description: "Delete this chat"}},
		Scope:        &models.BotCommandScopeAllPrivateChats{},
		LanguageCode: "de",
	})
	if err != nil || !ok {
		t.Fatalf("SetMyCommands: %v", err)
	}
	if got := s.Commands("all_private_chats", "de"); len(got) != 2 || got[1].Command != "clear" {
		t.Fatalf("Commands = %+v", got)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "de"})
	if err != nil || len(got) != 2 {
		t.Fatalf("GetMyCommands = %+v, %v", got, err)
	}
	for _, bad := range []models.BotCommand{{Command: "Start", Description: "x"}, {Command: "/start", Description: "x"},
		{Command: strings.Repeat("a", 33), Description: "x"}, {Command: "ok", Description: ""},
		{Command: "ok", Description: strings.Repeat("x", 257)}} {
		if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{bad}}); !errors.Is(err, bot.ErrorBadRequest) {
			t.Errorf("command %+v: %v", bad, err)
		}
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "de"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Commands("all_private_chats", "de"); len(got) != 0 {
		t.Fatalf("after delete: %+v", got)
	}

	if _, err := b.SetMyDescription(ctx, &bot.SetMyDescriptionParams{Description: strings.Repeat("d", 512)}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyDescription(ctx, &bot.SetMyDescriptionParams{Description: strings.Repeat("d", 513)}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("513: %v", err)
	}
	if _, err := b.SetMyShortDescription(ctx, &bot.SetMyShortDescriptionParams{ShortDescription: "short", LanguageCode: "fr"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyShortDescription(ctx, &bot.SetMyShortDescriptionParams{ShortDescription: strings.Repeat("d", 121)}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("121: %v", err)
	}
	if len(s.Description("")) != 512 || s.ShortDescription("fr") != "short" {
		t.Fatalf("descriptions not stored")
	}
}

func TestGetMeWithEmptyMultipartBody(t *testing.T) {
	s := newServer(t, telegramtest.WithBotUsername("other_bot"))
	// Without WithSkipGetMe, bot.New calls getMe with an empty multipart body.
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	me, err := b.GetMe(testCtx(t))
	if err != nil || !me.IsBot || me.Username != "other_bot" || me.ID == 0 || me.FirstName == "" {
		t.Fatalf("GetMe = %+v, %v", me, err)
	}
	if n := len(s.CallsOf("getMe")); n != 2 {
		t.Fatalf("getMe calls = %d", n)
	}
	if _, err := b.GetWebhookInfo(testCtx(t)); err != nil {
		t.Fatalf("GetWebhookInfo: %v", err)
	}
}

func TestUploads(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	data := bytes.Repeat([]byte("%PDF"), 1000)
	m, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 8,
		Document: &models.InputFileUpload{Filename: "guide.pdf", Data: bytes.NewReader(data)},
		Caption:  "<b>Guide</b>", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatalf("SendDocument: %v", err)
	}
	if m.Document == nil || m.Document.FileName != "guide.pdf" || m.Document.FileSize != int64(len(data)) || m.Caption != "Guide" {
		t.Fatalf("message = %+v", m)
	}
	c := s.CallsOf("sendDocument")[0]
	if c.Files["document"] != len(data) || c.FileNames["document"] != "guide.pdf" {
		t.Fatalf("recorded files = %v %v", c.Files, c.FileNames)
	}
	p, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 8, Photo: &models.InputFileString{Data: "AgACfileid"}})
	if err != nil || len(p.Photo) == 0 {
		t.Fatalf("SendPhoto: %+v %v", p, err)
	}
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 8, Photo: &models.InputFileString{Data: "x"}, Caption: strings.Repeat("c", 1025)}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("long caption: %v", err)
	}
	if got := s.Messages(8); len(got) != 2 || got[0].Kind() != "document" || got[1].Kind() != "photo" {
		t.Fatalf("messages = %+v", got)
	}
	if _, err := b.GetFile(ctx, &bot.GetFileParams{FileID: "x"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("getFile: %v", err)
	}
	if len(s.CallsOf("getFile")) != 1 {
		t.Fatal("getFile not recorded")
	}
}

func TestTransportRules(t *testing.T) {
	s := newServer(t)
	ctx := testCtx(t)

	// Malformed JSON body.
	st, env := do(t, ctx, s, "sendMessage", "application/json", strings.NewReader(`{"chat_id": 1, "text": `))
	if st != 400 || env.OK || !strings.HasPrefix(env.Description, "Bad Request: ") {
		t.Fatalf("malformed JSON: %d %+v", st, env)
	}
	// Unknown method, never a panic.
	st, env = form(t, ctx, s, "sendTelepathy", url.Values{"chat_id": {"1"}})
	if st != 404 || env.Description != "Not Found: method not found" {
		t.Fatalf("unknown method: %d %+v", st, env)
	}
	if c := s.CallsOf("sendTelepathy"); len(c) != 1 || c[0].Status != 404 {
		t.Fatalf("unknown method not recorded: %+v", c)
	}
	// Case-insensitive method names.
	if st, env = form(t, ctx, s, "SENDMESSAGE", url.Values{"chat_id": {"1"}, "text": {"hi"}}); st != 200 {
		t.Fatalf("SENDMESSAGE: %d %+v", st, env)
	}
	// JSON body with nested values, and a query string.
	st, env = jsonCall(t, ctx, s, "sendMessage", map[string]any{
		"chat_id":      1,
		"text":         "json",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "A", "callback_data": "a"}}}},
	})
	if st != 200 {
		t.Fatalf("JSON body: %d %+v", st, env)
	}
	if st, env = do(t, ctx, s, "sendMessage?chat_id=1&text=query", "", nil); st != 200 {
		t.Fatalf("query string: %d %+v", st, env)
	}
	calls := s.CallsOf("sendMessage")
	// calls[0] is the malformed body, calls[1] SENDMESSAGE.
	if got := calls[2].Params["reply_markup"]; got != `{"inline_keyboard":[[{"callback_data":"a","text":"A"}]]}` {
		t.Errorf("JSON reply_markup recorded as %q", got)
	}
	if calls[2].Params["chat_id"] != "1" || calls[3].Params["text"] != "query" {
		t.Errorf("params = %v / %v", calls[2].Params, calls[3].Params)
	}
	// deleteMessages with message_ids as a JSON array in a JSON body.
	if st, env = jsonCall(t, ctx, s, "deleteMessages", map[string]any{"chat_id": 1, "message_ids": []int{1, 2}}); st != 200 {
		t.Fatalf("deleteMessages JSON: %d %+v", st, env)
	}
	// Garbage in every field: a 400, never a panic.
	for _, m := range []string{"sendMessage", "editMessageText", "deleteMessage", "deleteMessages", "setMyCommands",
		"getUpdates", "setWebhook", "answerCallbackQuery", "sendPhoto", "sendDocument", "sendChatAction"} {
		v := url.Values{}
		for _, k := range []string{"chat_id", "text", "message_id", "message_ids", "commands", "offset", "limit", "timeout",
			"url", "secret_token", "reply_markup", "parse_mode", "scope", "allowed_updates", "reply_parameters", "photo"} {
			v.Set(k, "{[<&")
		}
		if st, env := form(t, ctx, s, m, v); st != 400 {
			t.Errorf("%s with garbage: %d %+v", m, st, env)
		}
	}
}

func TestRequireToken(t *testing.T) {
	s := newServer(t, telegramtest.WithRequiredToken("42:right"))
	ctx := testCtx(t)
	wrong, err := bot.New("42:wrong", bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.GetMe(ctx); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
	right := newBot(t, s)
	if _, err := right.GetMe(ctx); err != nil {
		t.Fatalf("right token: %v", err)
	}
}

func TestSendMediaKinds(t *testing.T) {
	s := newServer(t)
	for _, kind := range telegramtest.MediaKinds {
		id := s.SendMedia(11, kind)
		raw, ok := s.Update(id)
		if id == 0 || !ok {
			t.Fatalf("%s: no update", kind)
		}
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		m := u.Message
		if m == nil || m.From == nil || m.From.ID != 11 || m.Chat.ID != 11 {
			t.Fatalf("%s: %s", kind, raw)
		}
		present := map[string]bool{
			"photo": len(m.Photo) > 1 && m.Photo[0].FileID != "", "video": m.Video != nil, "video_note": m.VideoNote != nil,
			"voice": m.Voice != nil, "audio": m.Audio != nil, "document": m.Document != nil, "animation": m.Animation != nil && m.Document != nil,
			"sticker": m.Sticker != nil, "contact": m.Contact != nil, "location": m.Location != nil,
		}
		if !present[kind] {
			t.Errorf("%s missing in %s", kind, raw)
		}
	}
	if s.SendMedia(11, "hologram") != 0 {
		t.Error("unknown kind accepted")
	}
	if got := s.Messages(11); len(got) != len(telegramtest.MediaKinds) || got[0].Kind() != "photo" || got[6].Kind() != "animation" {
		t.Errorf("Messages = %d", len(got))
	}
}

func TestCommandEntities(t *testing.T) {
	s := newServer(t)
	cases := map[string]int{
		"/start":                          6,
		"/start abc-123":                  6,
		"/start@lantern_test_bot payload": len("/start@lantern_test_bot"),
		"/help@":                          5,
		"hello /start":                    0,
		"/":                               0,
		"/привет":                         0,
		"/clear 😀":                        6,
	}
	for text, want := range cases {
		raw, _ := s.Update(s.SendText(1, text))
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, e := range u.Message.Entities {
			if e.Type == models.MessageEntityTypeBotCommand && e.Offset == 0 {
				got = e.Length
			}
		}
		if got != want {
			t.Errorf("%q: command length %d, want %d", text, got, want)
		}
		if u.Message.From.LanguageCode != "en" || u.Message.Chat.Type != "private" {
			t.Errorf("%q: %s", text, raw)
		}
	}
	raw, _ := s.Update(s.SendGroupText(77, "/start@lantern_test_bot"))
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil || u.Message.Chat.ID != -77 || u.Message.Chat.Type != "group" {
		t.Fatalf("group: %s", raw)
	}
	raw, _ = s.Update(s.SendGroupText(-1001234567890, "hi"))
	if err := json.Unmarshal(raw, &u); err != nil || u.Message.Chat.Type != "supergroup" {
		t.Fatalf("supergroup: %s", raw)
	}
	raw, _ = s.Update(s.SendTextLang(2, "hallo", "de"))
	if err := json.Unmarshal(raw, &u); err != nil || u.Message.From.LanguageCode != "de" {
		t.Fatalf("lang: %s", raw)
	}
}
