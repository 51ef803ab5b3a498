package store_test

import (
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/store"
)

func mustStats(t *testing.T, db *store.DB, f store.StatsFilter) []store.StatRow {
	t.Helper()
	rows, err := db.Stats(t.Context(), f)
	if err != nil {
		t.Fatalf("Stats(%+v): %v", f, err)
	}
	return rows
}

func TestTurnCounts(t *testing.T) {
	ctx := t.Context()
	db, _, now := openClocked(t)
	c := store.Count{Region: "de", Audience: "teen", School: "S1", Event: "sextortion"}

	turn(t, db, 0, "a", store.TurnResult{State: []byte("s"), Counts: []store.Count{c}})
	*now = t0.Add(11*time.Hour + 59*time.Minute) // 23:59 UTC, same day
	turn(t, db, 0, "b", store.TurnResult{State: []byte("s"), Counts: []store.Count{c, {Event: "start"}}})
	*now = t0.Add(12 * time.Hour) // midnight UTC: the next day
	turn(t, db, 0, "a", store.TurnResult{State: []byte("s"), Counts: []store.Count{c}})
	if err := db.AddCounts(ctx, []store.Count{{Region: "de", Event: "channel_start"}, {Region: "de", Event: "channel_start"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddCounts(ctx, nil); err != nil {
		t.Errorf("AddCounts(nil) = %v", err)
	}

	want := []store.StatRow{
		{Day: "2026-03-01", Event: "start", N: 1},
		{Day: "2026-03-01", Region: "de", Audience: "teen", School: "S1", Event: "sextortion", N: 2},
		{Day: "2026-03-02", Region: "de", Event: "channel_start", N: 2},
		{Day: "2026-03-02", Region: "de", Audience: "teen", School: "S1", Event: "sextortion", N: 1},
	}
	if got := mustStats(t, db, store.StatsFilter{}); !slices.Equal(got, want) {
		t.Errorf("Stats = %+v\nwant %+v", got, want)
	}

	// A count without an event is refused, and takes nothing with it.
	if err := db.AddCounts(ctx, []store.Count{{Event: "start"}, {Region: "de"}}); err == nil {
		t.Error("AddCounts with an empty event: want error")
	}
	if err := db.RunTurn(ctx, 0, "a", func(*store.Turn) (store.TurnResult, error) {
		return store.TurnResult{State: []byte("changed"), Counts: []store.Count{{Event: "start"}, {}}}, nil
	}); err == nil {
		t.Error("RunTurn with an empty event: want error")
	}
	if got := mustStats(t, db, store.StatsFilter{}); !slices.Equal(got, want) {
		t.Errorf("a refused count changed Stats: %+v", got)
	}
	if got, _, _ := db.LoadSession(ctx, "a"); string(got) != "s" {
		t.Errorf("a refused count let the turn save its state %q", got)
	}
}

func TestStatsFilter(t *testing.T) {
	ctx := t.Context()
	db, _, now := openClocked(t)
	for i, d := range []int{0, 1, 2} {
		*now = t0.Add(time.Duration(d) * 24 * time.Hour)
		counts := []store.Count{{School: "A", Event: "e"}, {School: "B", Event: "e"}, {Event: "e"}}
		if err := db.AddCounts(ctx, counts[:i+1]); err != nil {
			t.Fatal(err)
		}
	}
	// Rows: 03-01 A; 03-02 A, B; 03-03 "", A, B.
	key := func(rows []store.StatRow) []string {
		out := []string{}
		for _, r := range rows {
			out = append(out, r.Day+"/"+r.School)
		}
		return out
	}
	for _, tc := range []struct {
		f    store.StatsFilter
		want []string
	}{
		{store.StatsFilter{}, []string{"2026-03-01/A", "2026-03-02/A", "2026-03-02/B", "2026-03-03/", "2026-03-03/A", "2026-03-03/B"}},
		{store.StatsFilter{Since: "2026-03-02"}, []string{"2026-03-02/A", "2026-03-02/B", "2026-03-03/", "2026-03-03/A", "2026-03-03/B"}},
		{store.StatsFilter{Since: "2026-03-04"}, []string{}},
		{store.StatsFilter{Schools: []string{"B"}}, []string{"2026-03-02/B", "2026-03-03/B"}},
		{store.StatsFilter{Schools: []string{"A", "nope"}, Since: "2026-03-02"}, []string{"2026-03-02/A", "2026-03-03/A"}},
		{store.StatsFilter{Schools: []string{""}}, []string{"2026-03-03/"}},
		{store.StatsFilter{Schools: []string{}}, []string{}},
	} {
		if got := key(mustStats(t, db, tc.f)); !slices.Equal(got, tc.want) {
			t.Errorf("Stats(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	for _, bad := range []string{"2026-3-1", "yesterday", "2026-03-01T00:00:00Z"} {
		if _, err := db.Stats(ctx, store.StatsFilter{Since: bad}); err == nil {
			t.Errorf("Stats(Since %q): want error", bad)
		}
	}
}

func TestPurgeStats(t *testing.T) {
	ctx := t.Context()
	db, _, now := openClocked(t)
	for d := range 4 { // 2026-02-27 .. 2026-03-02
		*now = time.Date(2026, 2, 27+d, 23, 0, 0, 0, time.UTC)
		if err := db.AddCounts(ctx, []store.Count{{Event: "e"}, {Region: "fr", Event: "e"}}); err != nil {
			t.Fatal(err)
		}
	}
	// now - horizon falls on 2026-03-01 (at 00:00:01): days before it go, that day stays.
	*now = time.Date(2026, 3, 31, 0, 0, 1, 0, time.UTC)
	n, err := db.PurgeStats(ctx, 30*24*time.Hour)
	if err != nil || n != 4 {
		t.Fatalf("PurgeStats = %d, %v; want 4 (two days of two rows)", n, err)
	}
	days := []string{}
	for _, r := range mustStats(t, db, store.StatsFilter{}) {
		days = append(days, r.Day)
	}
	if !slices.Equal(days, []string{"2026-03-01", "2026-03-01", "2026-03-02", "2026-03-02"}) {
		t.Errorf("days left = %v", days)
	}
	if n, err := db.PurgeStats(ctx, 30*24*time.Hour); err != nil || n != 0 {
		t.Errorf("second PurgeStats = %d, %v; want 0", n, err)
	}
	if _, err := db.PurgeStats(ctx, 0); err == nil {
		t.Error("PurgeStats(0): want error")
	}
}

// TestStatsColumns pins the stats table to aggregate columns. Adding a chat key, a time
// finer than a day, or anything else about a person must be a deliberate change that
// fails this test first.
func TestStatsColumns(t *testing.T) {
	_, path, _ := openClocked(t)
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT name FROM pragma_table_info('stats') ORDER BY cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"day", "region", "audience", "school", "event", "n"}; !slices.Equal(cols, want) {
		t.Errorf("stats columns = %v, want exactly %v", cols, want)
	}
}
