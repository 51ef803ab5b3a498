package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/store"
)

// docs/PRIVACY.md is what a school's data-protection officer reads: every table the
// database has must be described there, so a new table cannot arrive unannounced.
func TestPrivacyNoticeNamesEveryTable(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "PRIVACY.md"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	err = db.Tx(context.Background(), func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			tables = append(tables, n)
		}
		return rows.Err()
	})
	if err != nil || len(tables) < 5 {
		t.Fatalf("tables %v, %v", tables, err)
	}
	for _, name := range tables {
		if !strings.Contains(string(doc), "| `"+name+"` |") {
			t.Errorf("docs/PRIVACY.md does not describe table %q", name)
		}
	}
}
