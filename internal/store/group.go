package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Group commit. SQLite has one writer and every commit costs a write to the WAL (and, now
// and then, the fsyncs of a checkpoint). Under load, many chats' transactions are waiting at
// the same moment; the committer runs the waiting ones together in one SQLite transaction,
// each inside its own savepoint, so one that fails is rolled back alone. Callers see Tx as
// before: it returns once their work is committed (or failed).

// maxGroup bounds how many transactions one commit carries.
const maxGroup = 128

type job struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan result
}

type result struct {
	err   error
	panic any
}

// startCommitter starts the goroutine that runs every transaction.
func (db *DB) startCommitter() {
	db.jobs = make(chan job)
	db.stopped = make(chan struct{})
	go func() {
		defer close(db.stopped)
		for j := range db.jobs {
			batch := []job{j}
		more:
			for len(batch) < maxGroup {
				select {
				case j, ok := <-db.jobs:
					if !ok {
						break more
					}
					batch = append(batch, j)
				default:
					break more
				}
			}
			db.commit(batch)
		}
	}()
}

// commit runs a batch of jobs in one transaction.
func (db *DB) commit(batch []job) {
	results := make([]result, len(batch))
	fail := func(err error) {
		for i := range batch {
			batch[i].done <- result{err: err}
		}
	}
	tx, err := db.db.BeginTx(context.Background(), nil)
	if err != nil {
		fail(fmt.Errorf("store: begin transaction: %w", err))
		return
	}
	for i, j := range batch {
		var lost bool
		results[i], lost = runJob(tx, j)
		if lost {
			// The transaction itself is gone (rolled back under us): nothing in this
			// group was committed, so every job is told so, and none is half-done.
			tx.Rollback()
			fail(errors.New("store: transaction lost; nothing was written, try again"))
			return
		}
	}
	if err := tx.Commit(); err != nil {
		tx.Rollback()
		for i := range results {
			if results[i].err == nil && results[i].panic == nil {
				results[i].err = fmt.Errorf("store: commit transaction: %w", err)
			}
		}
	}
	for i := range batch {
		batch[i].done <- results[i]
	}
}

// runJob runs one job inside a savepoint, undoing its writes if it fails or panics. lost
// reports that the outer transaction no longer exists (its savepoint is gone).
func runJob(tx *sql.Tx, j job) (r result, lost bool) {
	if err := j.ctx.Err(); err != nil {
		return result{err: err}, false
	}
	if _, err := tx.Exec(`SAVEPOINT job`); err != nil {
		return result{err: fmt.Errorf("store: savepoint: %w", err)}, true
	}
	undo := func() bool {
		if _, err := tx.Exec(`ROLLBACK TO job`); err != nil {
			return false
		}
		_, err := tx.Exec(`RELEASE job`)
		return err == nil
	}
	defer func() {
		if p := recover(); p != nil {
			lost = !undo()
			r = result{panic: p}
		}
	}()
	if err := j.fn(tx); err != nil {
		return result{err: err}, !undo()
	}
	if _, err := tx.Exec(`RELEASE job`); err != nil {
		return result{err: fmt.Errorf("store: release savepoint: %w", err)}, !undo()
	}
	return result{}, false
}
