package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// School is a school code: pupils give it to Lantern so their conversations count towards
// the school's figures (see Count.School), and nothing more.
type School struct {
	Code    string
	Owner   string // chat key of the school staff chat that made the code; "" = made by an operator, or its chat was erased
	Region  string
	Lang    string
	Name    string // optional label, given by an operator from the command line only
	Created string // UTC day, YYYY-MM-DD
	Retired string // UTC day, YYYY-MM-DD; "" while the code is active
}

// ErrSchoolExists is returned (wrapped) when a school code is already taken.
var ErrSchoolExists = errors.New("store: school code already exists")

// schoolColumns are the columns scanSchool reads, in its order.
const schoolColumns = `code, coalesce(owner, ''), region, lang, name, created_day, coalesce(retired_day, '')`

// day returns the UTC day of t as YYYY-MM-DD, the form the schools and stats tables use.
func day(t time.Time) string {
	return t.UTC().Format(time.DateOnly)
}

// validDay checks that s is a day in the form YYYY-MM-DD.
func validDay(s string) error {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("day %q is not YYYY-MM-DD", s)
	}
	return nil
}

// CreateSchool adds a school code for an operator (school staff make theirs in a turn, see
// TurnResult.NewSchool). s.Owner may be "" (an operator's code) or a chat key; s.Created is
// set to db.Now()'s UTC day if empty; s.Retired must be empty. If the code is taken, the
// error wraps ErrSchoolExists.
func (db *DB) CreateSchool(ctx context.Context, s School) error {
	if s.Created == "" {
		s.Created = day(db.Now())
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		return insertSchool(ctx, tx, s)
	})
	if err != nil {
		return fmt.Errorf("store: create school: %w", err)
	}
	return nil
}

// insertSchool inserts a new, active school inside a transaction.
func insertSchool(ctx context.Context, tx *sql.Tx, s School) error {
	if s.Code == "" {
		return errors.New("empty school code")
	}
	if s.Retired != "" {
		return errors.New("a new school cannot be retired")
	}
	if err := validDay(s.Created); err != nil {
		return err
	}
	var owner any // NULL for an operator's code
	if s.Owner != "" {
		owner = s.Owner
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO schools (code, owner, region, lang, name, created_day) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO NOTHING`, s.Code, owner, s.Region, s.Lang, s.Name, s.Created)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrSchoolExists
	}
	return nil
}

// School returns the school with the given code, retired or not. ok is false, with a nil
// error, if there is none.
func (db *DB) School(ctx context.Context, code string) (School, bool, error) {
	s, ok, err := querySchool(db.rd.QueryRowContext(ctx, `SELECT `+schoolColumns+` FROM schools WHERE code = ?`, code))
	if err != nil {
		return School{}, false, fmt.Errorf("store: school: %w", err)
	}
	return s, ok, nil
}

// SchoolsOf returns the schools made by the staff chat with the given chat key, retired ones
// included, newest first. owner must not be empty (operators' codes have no owner: see
// Schools).
func (db *DB) SchoolsOf(ctx context.Context, owner string) ([]School, error) {
	if owner == "" {
		return nil, errors.New("store: schools of owner: empty chat key")
	}
	rows, err := db.rd.QueryContext(ctx, `SELECT `+schoolColumns+` FROM schools WHERE owner = ?
		ORDER BY created_day DESC, rowid DESC`, owner)
	if err != nil {
		return nil, fmt.Errorf("store: schools of owner: %w", err)
	}
	ss, err := scanSchools(rows)
	if err != nil {
		return nil, fmt.Errorf("store: schools of owner: %w", err)
	}
	return ss, nil
}

// Schools returns every school, retired ones included, newest first: the operator's list.
func (db *DB) Schools(ctx context.Context) ([]School, error) {
	rows, err := db.rd.QueryContext(ctx, `SELECT `+schoolColumns+` FROM schools ORDER BY created_day DESC, rowid DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: schools: %w", err)
	}
	ss, err := scanSchools(rows)
	if err != nil {
		return nil, fmt.Errorf("store: schools: %w", err)
	}
	return ss, nil
}

// RetireSchool retires a school code for an operator, whoever made it, on db.Now()'s UTC
// day. It returns false if the code is unknown or already retired. A retired code stays in
// the table (its figures keep their meaning) but is no longer active.
func (db *DB) RetireSchool(ctx context.Context, code string) (bool, error) {
	var retired bool
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
		var err error
		retired, err = retireSchool(ctx, tx, code, "", db.Now())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: retire school: %w", err)
	}
	return retired, nil
}

// retireSchool retires an active code inside a transaction, only if owner made it when
// owner is not empty. It reports whether a code was retired.
func retireSchool(ctx context.Context, tx *sql.Tx, code, owner string, now time.Time) (bool, error) {
	q := `UPDATE schools SET retired_day = ? WHERE code = ? AND retired_day IS NULL`
	args := []any{day(now), code}
	if owner != "" {
		q += ` AND owner = ?`
		args = append(args, owner)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// applySchools applies a turn's school changes inside its transaction: the new school is
// owned by the turn's chat and created on the turn's day, whatever the caller put in Owner,
// Created or Name (a name is for operators to give); a code is retired only if the turn's
// chat made it.
func applySchools(ctx context.Context, tx *sql.Tx, key string, now time.Time, res TurnResult) error {
	if res.NewSchool != nil {
		s := *res.NewSchool
		s.Owner, s.Created, s.Name = key, day(now), ""
		if err := insertSchool(ctx, tx, s); err != nil {
			return fmt.Errorf("new school: %w", err)
		}
	}
	if res.RetireSchool != "" {
		if _, err := retireSchool(ctx, tx, res.RetireSchool, key, now); err != nil {
			return fmt.Errorf("retire school: %w", err)
		}
	}
	return nil
}

// querySchool scans one school row (ok false if there is none).
func querySchool(row *sql.Row) (School, bool, error) {
	var s School
	err := row.Scan(&s.Code, &s.Owner, &s.Region, &s.Lang, &s.Name, &s.Created, &s.Retired)
	if errors.Is(err, sql.ErrNoRows) {
		return School{}, false, nil
	}
	if err != nil {
		return School{}, false, err
	}
	return s, true, nil
}

// scanSchools scans school rows and closes them.
func scanSchools(rows *sql.Rows) ([]School, error) {
	defer rows.Close()
	var out []School
	for rows.Next() {
		var s School
		if err := rows.Scan(&s.Code, &s.Owner, &s.Region, &s.Lang, &s.Name, &s.Created, &s.Retired); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
