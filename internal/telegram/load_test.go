package telegram_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/lantern-help/lantern/internal/telegram"
	"github.com/lantern-help/lantern/internal/telegramtest"
)

// loadDriver plays many people at once: each chat sends a message, waits for the reply,
// and sends the next, until it has sent its share. It measures update-to-reply latency at
// the fake server (from the update being queued to the sendMessage arriving).
type loadDriver struct {
	srv      *telegramtest.Server
	perChat  int
	text     string
	mu       sync.Mutex
	sentAt   map[int64]time.Time
	count    map[int64]int
	lat      []time.Duration
	next     chan int64
	finished chan struct{}
	left     int
	open     bool // open loop: messages go out on a schedule, not on replies
}

func newLoadDriver(chats, perChat int, text string) *loadDriver {
	d := &loadDriver{perChat: perChat, text: text, sentAt: map[int64]time.Time{}, count: map[int64]int{},
		next: make(chan int64, chats), finished: make(chan struct{}), left: chats}
	return d
}

// onCall is the fake server's hook: a reply to a chat sends that chat's next message.
func (d *loadDriver) onCall(c telegramtest.Call) {
	if c.Method != "sendMessage" || !c.OK() {
		return
	}
	chat, err := strconv.ParseInt(c.Params["chat_id"], 10, 64)
	if err != nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	at, ok := d.sentAt[chat]
	if !ok {
		return
	}
	delete(d.sentAt, chat)
	d.lat = append(d.lat, c.At.Sub(at))
	d.count[chat]++
	if d.count[chat] < d.perChat {
		if !d.open {
			d.next <- chat
		}
		return
	}
	d.left--
	if d.left == 0 {
		close(d.finished)
	}
}

func (d *loadDriver) send(chat int64) {
	d.mu.Lock()
	d.sentAt[chat] = time.Now()
	d.mu.Unlock()
	d.srv.SendText(chat, d.text)
}

// run starts every chat and returns the elapsed time once all have their replies.
func (d *loadDriver) run(chats int, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	go func() {
		for chat := range d.next {
			d.send(chat)
		}
	}()
	for i := 0; i < chats; i++ {
		d.send(int64(100000 + i))
	}
	select {
	case <-d.finished:
		close(d.next)
		return time.Since(start), nil
	case <-time.After(timeout):
		return 0, fmt.Errorf("timed out with %d chats unfinished", d.left)
	}
}

func (d *loadDriver) percentile(p float64) time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := slices.Clone(d.lat)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil && v > 0 {
		return v
	}
	return def
}

// peakHeap samples the heap in use until stop is closed.
func peakHeap(stop chan struct{}) func() uint64 {
	var mu sync.Mutex
	var peak uint64
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { mu.Lock(); defer mu.Unlock(); return peak }
}

// BenchmarkLoad pushes LANTERN_LOAD_CHATS concurrent chats (default 1000), each sending
// LANTERN_LOAD_MESSAGES messages (default 5) one after another, through Lantern with rate
// limits lifted, then through a bare go-telegram/bot echo bot on the same fake server: the
// ceiling. Run: go test -run XXX -bench Load -benchtime 1x ./internal/telegram/
func BenchmarkLoad(b *testing.B) {
	chats, per := envInt("LANTERN_LOAD_CHATS", 1000), envInt("LANTERN_LOAD_MESSAGES", 5)
	for i := 0; i < b.N; i++ {
		echoRate, echoP50, echoP99 := runEcho(b, chats, per)
		rate, p50, p99, heap := runLantern(b, chats, per)
		b.ReportMetric(rate, "updates/s")
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(echoRate, "echo-updates/s")
		b.ReportMetric(rate/echoRate*100, "%-of-echo")
		b.Logf("%d chats x %d messages: lantern %.0f updates/s (p50 %v, p99 %v, peak heap %.1f MB); echo ceiling %.0f updates/s (p50 %v, p99 %v)",
			chats, per, rate, p50, p99, float64(heap)/(1<<20), echoRate, echoP50, echoP99)
	}
}

func runLantern(b *testing.B, chats, per int) (float64, time.Duration, time.Duration, uint64) {
	d := newLoadDriver(chats, per, "hi")
	srv := telegramtest.New(telegramtest.WithCallHook(d.onCall))
	defer srv.Close()
	d.srv = srv
	bot := startBot(b, srv.URL(), filepath.Join(b.TempDir(), "load.db"), func(c *telegram.Config) {
		c.Workers, c.Senders = envInt("LANTERN_LOAD_WORKERS", 16), envInt("LANTERN_LOAD_SENDERS", 16)
	})
	defer bot.stop(b)
	runtime.GC()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	elapsed, err := d.run(chats, 5*time.Minute)
	close(stop)
	if err != nil {
		b.Fatal(err)
	}
	return float64(chats*per) / elapsed.Seconds(), d.percentile(0.5), d.percentile(0.99), peak()
}

func runEcho(b *testing.B, chats, per int) (float64, time.Duration, time.Duration) {
	d := newLoadDriver(chats, per, "hi")
	srv := telegramtest.New(telegramtest.WithCallHook(d.onCall))
	defer srv.Close()
	d.srv = srv
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	echo, err := tgbot.New(telegramtest.DefaultToken, tgbot.WithServerURL(srv.URL()), tgbot.WithSkipGetMe(),
		tgbot.WithDefaultHandler(func(ctx context.Context, bt *tgbot.Bot, u *models.Update) {
			if u.Message != nil {
				bt.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
			}
		}))
	if err != nil {
		b.Fatal(err)
	}
	go echo.Start(ctx)
	elapsed, err := d.run(chats, 5*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	return float64(chats*per) / elapsed.Seconds(), d.percentile(0.5), d.percentile(0.99)
}

// runOpen sends each chat's messages on a fixed schedule: chats x perChat messages spread
// evenly over the window, whatever the replies do. It measures latency at a given load
// rather than at saturation.
func (d *loadDriver) runOpen(chats int, window, timeout time.Duration) error {
	d.open = true
	total := chats * d.perChat
	gap := window / time.Duration(total)
	start := time.Now()
	for i := 0; i < total; i++ {
		if wait := time.Until(start.Add(time.Duration(i) * gap)); wait > 0 {
			time.Sleep(wait)
		}
		d.send(int64(100000 + i%chats))
	}
	select {
	case <-d.finished:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("timed out with %d chats unfinished", d.left)
	}
}

// BenchmarkLatency offers LANTERN_LOAD_RATE updates a second (default 500) from
// LANTERN_LOAD_CHATS chats (default 1000) for 10 seconds, and reports update-to-reply
// latency at that load. Run: go test -run XXX -bench Latency -benchtime 1x ./internal/telegram/
func BenchmarkLatency(b *testing.B) {
	chats, rate := envInt("LANTERN_LOAD_CHATS", 1000), envInt("LANTERN_LOAD_RATE", 500)
	window := 10 * time.Second
	per := max(1, rate*int(window/time.Second)/chats)
	for i := 0; i < b.N; i++ {
		d := newLoadDriver(chats, per, "hi")
		srv := telegramtest.New(telegramtest.WithCallHook(d.onCall))
		d.srv = srv
		bot := startBot(b, srv.URL(), filepath.Join(b.TempDir(), "lat.db"), nil)
		if err := d.runOpen(chats, window, time.Minute); err != nil {
			b.Fatal(err)
		}
		bot.stop(b)
		srv.Close()
		p50, p99, pmax := d.percentile(0.5), d.percentile(0.99), d.percentile(1)
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		b.Logf("%d chats, %d updates/s offered for %v (%d each): update-to-reply p50 %v, p99 %v, max %v",
			chats, chats*per/int(window/time.Second), window, per, p50, p99, pmax)
	}
}
