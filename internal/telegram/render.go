package telegram

import (
	"encoding/json"
	"html"

	"github.com/lantern-help/lantern/internal/dialog"
	"github.com/lantern-help/lantern/internal/store"
)

// The calls Lantern queues. Each is stored as JSON in the outbox and made by the sender.
const (
	opSend    = "sendMessage"
	opDelete  = "deleteMessages"
	opAnswer  = "answerCallbackQuery"
	opPoster  = "sendDocument" // a school's poster, drawn when it is sent
	maxDelete = 100            // deleteMessages takes 1-100 ids
)

// sendParams is a message to send: Lantern's own text, never the person's. A Held message
// (the report helper's summary, which quotes the person) is sent with the text the turn left
// in memory (turn.Runner.Memory); Text is then only what to send if that text is gone.
type sendParams struct {
	Text    string            `json:"text"`
	Buttons [][]dialog.Button `json:"buttons,omitempty"`
	Held    bool              `json:"held,omitempty"`
}

// posterParams is a school code's poster to draw and send as a PNG document.
type posterParams struct {
	Code    string            `json:"code"`
	Region  string            `json:"region"`
	Lang    string            `json:"lang"`
	Caption string            `json:"caption"`
	Buttons [][]dialog.Button `json:"buttons,omitempty"`
}

type deleteParams struct {
	IDs []int `json:"ids"`
}

type answerParams struct {
	ID string `json:"id"`
}

func op(method string, v any) store.Op {
	b, _ := json.Marshal(v) // plain structs of strings and ints cannot fail
	return store.Op{Method: method, Params: b}
}

// render turns a turn's result into calls, in the order they must happen: answer the
// button press (so the spinner stops), delete media unseen, delete the chat for /clear,
// then the replies.
func render(ev stored, res dialog.Result, t *store.Turn) ([]store.Op, bool, error) {
	var ops []store.Op
	if ev.CallbackID != "" {
		ops = append(ops, op(opAnswer, answerParams{ID: ev.CallbackID}))
	}
	if ev.MediaID > 0 {
		ops = append(ops, op(opDelete, deleteParams{IDs: []int{ev.MediaID}}))
	}
	forgetIDs := false
	if res.Clear {
		ids, err := t.MessageIDs()
		if err != nil {
			return nil, false, err
		}
		for len(ids) > 0 {
			n := min(len(ids), maxDelete)
			ops = append(ops, op(opDelete, deleteParams{IDs: ids[:n]}))
			ids = ids[n:]
		}
		forgetIDs = true
	}
	for _, r := range res.Replies {
		if p := r.Poster; p != nil {
			ops = append(ops, op(opPoster, posterParams{Code: p.Code, Region: p.Region, Lang: p.Lang, Caption: r.Text, Buttons: r.Buttons}))
			continue
		}
		if r.Private {
			ops = append(ops, op(opSend, sendParams{Text: r.Fallback, Buttons: r.Buttons, Held: true}))
			continue
		}
		ops = append(ops, op(opSend, sendParams{Text: r.Text, Buttons: r.Buttons}))
	}
	return ops, forgetIDs, nil
}

// htmlText escapes Lantern's plain text for Telegram's HTML parse mode.
func htmlText(s string) string { return html.EscapeString(s) }

// keyboard is the inline keyboard in the Bot API's JSON shape. Lantern's own type: the
// library's button struct always sends an empty copy_text object.
type keyboard struct {
	InlineKeyboard [][]keyButton `json:"inline_keyboard"`
}

type keyButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

func markup(rows [][]dialog.Button) *keyboard {
	if len(rows) == 0 {
		return nil
	}
	k := &keyboard{}
	for _, row := range rows {
		var out []keyButton
		for _, b := range row {
			out = append(out, keyButton{Text: b.Label, CallbackData: b.Data, URL: b.URL})
		}
		k.InlineKeyboard = append(k.InlineKeyboard, out)
	}
	return k
}
