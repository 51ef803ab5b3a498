package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Count is one event to add 1 to, on the UTC day of the moment it is written. It holds
// no chat key: the stats table keeps aggregate counters only, per day, region, audience,
// school code and event. Region, Audience and School are "" when unknown or none; Event
// must not be empty.
type Count struct {
	Region, Audience, School, Event string
}

// StatRow is one aggregate counter: how many times Event happened on Day (UTC,
// YYYY-MM-DD) for a region, audience and school code ("" = unknown or none).
type StatRow struct {
	Day, Region, Audience, School, Event string
	N                                    int64
}

// StatsFilter selects the rows Stats returns.
type StatsFilter struct {
	Since   string   // first day, YYYY-MM-DD, inclusive; "" = from the start
	Schools []string // only these school codes ("" = no school); nil = every row, empty non-nil = none
}

// AddCounts adds 1 to each count's counter on db.Now()'s UTC day, in one transaction: for
// events counted outside a turn (a turn counts with TurnResult.Counts). A count listed
// twice is added twice.
func (db *DB) AddCounts(ctx context.Context, counts []Count) error {
	if len(counts) == 0 {
		return nil
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		return addCounts(ctx, tx, db.Now(), counts)
	})
	if err != nil {
		return fmt.Errorf("store: add counts: %w", err)
	}
	return nil
}

// addCounts adds 1 to each count's counter on now's UTC day, inside a transaction.
func addCounts(ctx context.Context, tx *sql.Tx, now time.Time, counts []Count) error {
	d := day(now)
	for _, c := range counts {
		if c.Event == "" {
			return errors.New("count with an empty event")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stats (day, region, audience, school, event, n) VALUES (?, ?, ?, ?, ?, 1)
			ON CONFLICT (day, region, audience, school, event) DO UPDATE SET n = n + 1`,
			d, c.Region, c.Audience, c.School, c.Event); err != nil {
			return fmt.Errorf("count %s: %w", c.Event, err)
		}
	}
	return nil
}

// Stats returns the counters f selects, ordered by day, region, audience, school and event.
func (db *DB) Stats(ctx context.Context, f StatsFilter) ([]StatRow, error) {
	if f.Since != "" {
		if err := validDay(f.Since); err != nil {
			return nil, fmt.Errorf("store: stats: since: %w", err)
		}
	}
	if f.Schools != nil && len(f.Schools) == 0 {
		return nil, nil
	}
	q := `SELECT day, region, audience, school, event, n FROM stats WHERE day >= ?`
	args := []any{f.Since} // every day is >= ""
	if f.Schools != nil {
		q += ` AND school IN (?` + strings.Repeat(`, ?`, len(f.Schools)-1) + `)`
		for _, s := range f.Schools {
			args = append(args, s)
		}
	}
	q += ` ORDER BY day, region, audience, school, event`
	rows, err := db.rd.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	var out []StatRow
	for rows.Next() {
		var r StatRow
		if err := rows.Scan(&r.Day, &r.Region, &r.Audience, &r.School, &r.Event, &r.N); err != nil {
			return nil, fmt.Errorf("store: stats: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stats: %w", err)
	}
	return out, nil
}

// PurgeStats deletes the counters of every day that ended before db.Now()-horizon (the day
// holding that moment is kept) and returns how many rows it deleted. horizon must be
// positive.
func (db *DB) PurgeStats(ctx context.Context, horizon time.Duration) (int64, error) {
	if horizon <= 0 {
		return 0, fmt.Errorf("store: purge stats: horizon must be positive, got %v", horizon)
	}
	cutoff := day(db.Now().Add(-horizon))
	var n int64
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		res, err := tx.ExecContext(ctx, `DELETE FROM stats WHERE day < ?`, cutoff)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: purge stats: %w", err)
	}
	return n, nil
}
