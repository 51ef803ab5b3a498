package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
)

// migrationFiles holds the schema, one numbered file per change:
// migrations/NNNN_what_it_does.sql. A migration is never edited once released; a change
// to the schema is a new file with the next number. A new table that holds anything
// about a chat must have a chat_key column and be added to chatTables (session.go).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one embedded schema change.
type migration struct {
	version int
	name    string // file name, for error messages
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// loadMigrations reads the embedded migrations, sorted by version.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		m := migrationName.FindStringSubmatch(base)
		if m == nil {
			return nil, fmt.Errorf("migration %s: name must look like 0001_create_things.sql", base)
		}
		version, _ := strconv.Atoi(m[1])
		if version == 0 {
			return nil, fmt.Errorf("migration %s: versions start at 0001", base)
		}
		if other, ok := seen[version]; ok {
			return nil, fmt.Errorf("migration %s: version %d already used by %s", base, version, other)
		}
		seen[version] = base
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: version, name: base, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate brings the schema up to date. Each migration runs in its own transaction
// together with its schema_migrations row, so a failed migration leaves nothing behind,
// and each checks inside its transaction whether it is already applied, so two processes
// opening the same new file at once do not both apply it.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL -- unix seconds
	)`); err != nil {
		return fmt.Errorf("store: migrate: create schema_migrations: %w", err)
	}

	latest := 0
	for _, m := range ms {
		latest = m.version
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			ctx := context.WithoutCancel(ctx) // never interrupt a statement: it would undo the whole group (see Tx)
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations WHERE version = ?`, m.version).Scan(&one)
			if err == nil {
				return nil // already applied
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
				m.version, db.Now().Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migrate %s: %w", m.name, err)
		}
	}

	var newest sql.NullInt64
	if err := db.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("store: migrate: read schema version: %w", err)
	}
	if newest.Valid && newest.Int64 > int64(latest) {
		return fmt.Errorf("store: migrate: database %s has schema version %d but this binary knows only up to %d; run a newer Lantern",
			db.path, newest.Int64, latest)
	}
	return nil
}
