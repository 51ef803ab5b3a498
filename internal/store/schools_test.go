package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lantern-help/lantern/internal/store"
)

// codes returns the codes of ss, in order.
func codes(ss []store.School) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Code)
	}
	return out
}

func TestSchools(t *testing.T) {
	ctx := t.Context()
	db, path, now := openClocked(t)

	if err := db.CreateSchool(ctx, store.School{Code: "OP1", Region: "de", Lang: "de", Name: "Gymnasium Nord"}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSchool(ctx, store.School{Code: "ST1", Owner: "staff", Region: "fr", Lang: "fr"}); err != nil {
		t.Fatal(err)
	}
	*now = t0.Add(24 * time.Hour)
	if err := db.CreateSchool(ctx, store.School{Code: "ST2", Owner: "staff", Region: "fr", Lang: "fr"}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSchool(ctx, store.School{Code: "ST3", Owner: "staff", Region: "fr", Lang: "en", Created: "2026-01-15"}); err != nil {
		t.Fatal(err)
	}

	got, ok, err := db.School(ctx, "OP1")
	want := store.School{Code: "OP1", Region: "de", Lang: "de", Name: "Gymnasium Nord", Created: "2026-03-01"}
	if err != nil || !ok || got != want {
		t.Errorf("School(OP1) = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	if n := rawCount(t, path, `SELECT count(*) FROM schools WHERE code = 'OP1' AND owner IS NULL`); n != 1 {
		t.Error("an operator's code must be stored with a NULL owner")
	}
	if _, ok, err := db.School(ctx, "nope"); ok || err != nil {
		t.Errorf("School(nope) = %v, %v; want false, nil", ok, err)
	}

	t.Run("Duplicate", func(t *testing.T) {
		err := db.CreateSchool(ctx, store.School{Code: "ST1", Region: "xx", Lang: "xx"})
		if !errors.Is(err, store.ErrSchoolExists) {
			t.Errorf("CreateSchool of a taken code = %v, want ErrSchoolExists", err)
		}
		if got, _, _ := db.School(ctx, "ST1"); got.Owner != "staff" || got.Region != "fr" {
			t.Errorf("the duplicate changed the school: %+v", got)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, s := range []store.School{
			{Code: "", Region: "de", Lang: "de"},
			{Code: "R", Region: "de", Lang: "de", Retired: "2026-03-01"},
			{Code: "D", Region: "de", Lang: "de", Created: "1 March"},
		} {
			if err := db.CreateSchool(ctx, s); err == nil || errors.Is(err, store.ErrSchoolExists) {
				t.Errorf("CreateSchool(%+v) = %v; want a validation error", s, err)
			}
		}
		if _, err := db.SchoolsOf(ctx, ""); err == nil {
			t.Error("SchoolsOf(\"\"): want error")
		}
	})

	t.Run("Lists", func(t *testing.T) {
		mine, err := db.SchoolsOf(ctx, "staff")
		if err != nil || !slices.Equal(codes(mine), []string{"ST2", "ST1", "ST3"}) {
			t.Errorf("SchoolsOf(staff) = %v, %v; want [ST2 ST1 ST3] (newest first)", codes(mine), err)
		}
		if mine[0].Created != "2026-03-02" || mine[0].Owner != "staff" || mine[0].Retired != "" {
			t.Errorf("SchoolsOf(staff)[0] = %+v", mine[0])
		}
		if none, err := db.SchoolsOf(ctx, "other"); err != nil || len(none) != 0 {
			t.Errorf("SchoolsOf(other) = %v, %v; want none", codes(none), err)
		}
		all, err := db.Schools(ctx)
		if err != nil || !slices.Equal(codes(all), []string{"ST2", "ST1", "OP1", "ST3"}) {
			t.Errorf("Schools = %v, %v; want [ST2 ST1 OP1 ST3]", codes(all), err)
		}
	})

	t.Run("Retire", func(t *testing.T) {
		*now = time.Date(2026, 3, 5, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 6 March in UTC
		if ok, err := db.RetireSchool(ctx, "ST1"); err != nil || !ok {
			t.Fatalf("RetireSchool(ST1) = %v, %v; want true", ok, err)
		}
		if got, _, _ := db.School(ctx, "ST1"); got.Retired != "2026-03-06" {
			t.Errorf("retired day = %q, want the UTC day 2026-03-06", got.Retired)
		}
		if ok, err := db.RetireSchool(ctx, "ST1"); err != nil || ok {
			t.Errorf("RetireSchool of a retired code = %v, %v; want false", ok, err)
		}
		if ok, err := db.RetireSchool(ctx, "nope"); err != nil || ok {
			t.Errorf("RetireSchool of an unknown code = %v, %v; want false", ok, err)
		}
		if got, _, _ := db.School(ctx, "ST2"); got.Retired != "" {
			t.Error("retiring one code retired another")
		}
	})
}

func TestTurnSchools(t *testing.T) {
	ctx := t.Context()
	db, path, now := openClocked(t)

	// Owner, Created and Name from the caller are ignored.
	turn(t, db, 0, "staff", store.TurnResult{
		State:     []byte("s"),
		NewSchool: &store.School{Code: "T1", Owner: "someone-else", Region: "it", Lang: "it", Name: "Liceo", Created: "2000-01-01"},
	})
	got, ok, err := db.School(ctx, "T1")
	want := store.School{Code: "T1", Owner: "staff", Region: "it", Lang: "it", Created: "2026-03-01"}
	if err != nil || !ok || got != want {
		t.Errorf("School(T1) = %+v, %v, %v; want %+v", got, ok, err, want)
	}

	t.Run("TakenCodeFailsTheTurn", func(t *testing.T) {
		mustIngest(t, db, upd(1, "staff2"), 0)
		err := db.RunTurn(ctx, 1, "staff2", func(*store.Turn) (store.TurnResult, error) {
			return store.TurnResult{State: []byte("s"), NewSchool: &store.School{Code: "T1", Region: "xx", Lang: "xx"},
				Counts: []store.Count{{Event: "school_created"}}}, nil
		})
		if !errors.Is(err, store.ErrSchoolExists) {
			t.Fatalf("RunTurn with a taken code = %v, want ErrSchoolExists", err)
		}
		if ids := pendingIDs(t, db); !slices.Equal(ids, []int64{1}) {
			t.Errorf("Pending = %v, want [1]: the failed turn must write nothing", ids)
		}
		if _, ok, _ := db.LoadSession(ctx, "staff2"); ok {
			t.Error("the failed turn saved a session")
		}
		if n := rawCount(t, path, `SELECT count(*) FROM stats`); n != 0 {
			t.Errorf("the failed turn wrote %d counters", n)
		}
		if got, _, _ := db.School(ctx, "T1"); got.Owner != "staff" {
			t.Errorf("the failed turn changed the school: %+v", got)
		}
	})

	t.Run("NewestFirst", func(t *testing.T) {
		*now = t0.Add(24 * time.Hour)
		turn(t, db, 0, "staff", store.TurnResult{NewSchool: &store.School{Code: "T2", Region: "it", Lang: "it"}})
		own, err := db.SchoolsOf(ctx, "staff")
		if err != nil || !slices.Equal(codes(own), []string{"T2", "T1"}) {
			t.Errorf("SchoolsOf(staff) = %v, %v; want [T2 T1]", codes(own), err)
		}
	})

	t.Run("RetireOnlyByOwner", func(t *testing.T) {
		if err := db.CreateSchool(ctx, store.School{Code: "OP", Region: "it", Lang: "it"}); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"T1", "OP", "nope"} {
			turn(t, db, 0, "intruder", store.TurnResult{State: []byte("s"), RetireSchool: code})
		}
		if n := rawCount(t, path, `SELECT count(*) FROM schools WHERE retired_day IS NOT NULL`); n != 0 {
			t.Fatalf("a chat that did not make a code retired %d codes", n)
		}
		turn(t, db, 0, "staff", store.TurnResult{State: []byte("s"), RetireSchool: "T1"})
		if got, _, _ := db.School(ctx, "T1"); got.Retired != "2026-03-02" {
			t.Errorf("owner's RetireSchool: retired = %q, want 2026-03-02", got.Retired)
		}
		if got, _, _ := db.School(ctx, "T2"); got.Retired != "" {
			t.Error("retiring T1 retired T2")
		}
	})
}

// TestEraseDetachesSchools checks every way a chat is erased: its codes keep working and
// keep their counts, but nothing links them to the chat any more.
func TestEraseDetachesSchools(t *testing.T) {
	ctx := t.Context()

	t.Run("Forget", func(t *testing.T) {
		db, path, _ := openClocked(t)
		turn(t, db, 0, "staff", store.TurnResult{State: []byte("s"), NewSchool: &store.School{Code: "A", Region: "es", Lang: "es"},
			Counts: []store.Count{{Region: "es", Audience: "staff", Event: "school_created"}}})
		turn(t, db, 0, "other", store.TurnResult{State: []byte("s"), NewSchool: &store.School{Code: "O", Region: "es", Lang: "es"}})
		// A code made in the forgetting turn itself is detached too.
		turn(t, db, 0, "staff", store.TurnResult{Forget: true, NewSchool: &store.School{Code: "B", Region: "es", Lang: "es"},
			Counts: []store.Count{{Region: "es", Audience: "staff", Event: "forget"}}})

		if n := rawCount(t, path, `SELECT count(*) FROM schools WHERE owner = 'staff'`); n != 0 {
			t.Errorf("%d schools still owned by the forgotten chat", n)
		}
		for _, code := range []string{"A", "B"} {
			s, ok, err := db.School(ctx, code)
			if err != nil || !ok || s.Owner != "" || s.Retired != "" || s.Region != "es" {
				t.Errorf("School(%s) after Forget = %+v, %v, %v; want kept, active, no owner", code, s, ok, err)
			}
		}
		if s, _, _ := db.School(ctx, "O"); s.Owner != "other" {
			t.Errorf("Forget detached another chat's school: %+v", s)
		}
		rows, err := db.Stats(ctx, store.StatsFilter{})
		want := []store.StatRow{
			{Day: "2026-03-01", Region: "es", Audience: "staff", Event: "forget", N: 1},
			{Day: "2026-03-01", Region: "es", Audience: "staff", Event: "school_created", N: 1},
		}
		if err != nil || !slices.Equal(rows, want) {
			t.Errorf("Stats after Forget = %+v, %v; want %+v", rows, err, want)
		}
	})

	t.Run("DeleteChat", func(t *testing.T) {
		db, path, _ := openClocked(t)
		turn(t, db, 0, "staff", store.TurnResult{State: []byte("s"), NewSchool: &store.School{Code: "A", Region: "es", Lang: "es"}})
		if err := db.DeleteChat(ctx, "staff"); err != nil {
			t.Fatal(err)
		}
		if n := rawCount(t, path, `SELECT count(*) FROM schools WHERE owner IS NULL AND code = 'A'`); n != 1 {
			t.Error("DeleteChat did not detach the chat's school, or deleted it")
		}
		if mine, err := db.SchoolsOf(ctx, "staff"); err != nil || len(mine) != 0 {
			t.Errorf("SchoolsOf after DeleteChat = %v, %v; want none", codes(mine), err)
		}
	})

	t.Run("ExpiryKeepsOwner", func(t *testing.T) {
		db, _, now := openClocked(t)
		turn(t, db, 0, "staff", store.TurnResult{State: []byte("s"), NewSchool: &store.School{Code: "A", Region: "es", Lang: "es"}})
		*now = t0.Add(365 * 24 * time.Hour)
		if n, err := db.ExpireSessions(ctx, 30*24*time.Hour); err != nil || n != 1 {
			t.Fatalf("ExpireSessions = %d, %v; want 1", n, err)
		}
		if mine, err := db.SchoolsOf(ctx, "staff"); err != nil || !slices.Equal(codes(mine), []string{"A"}) {
			t.Errorf("SchoolsOf after expiry = %v, %v; want [A]: staff must find their codes after a long pause", codes(mine), err)
		}
	})
}
