package store

import (
	"context"
	"database/sql"
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
	tx, err := db.db.BeginTx(context.Background(), nil)
	if err != nil {
		for i := range batch {
			batch[i].done <- result{err: fmt.Errorf("store: begin transaction: %w", err)}
		}
		return
	}
	for i, j := range batch {
		results[i] = runJob(tx, j)
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

// runJob runs one job inside a savepoint, undoing its writes if it fails or panics.
func runJob(tx *sql.Tx, j job) (r result) {
	if err := j.ctx.Err(); err != nil {
		return result{err: err}
	}
	if _, err := tx.Exec(`SAVEPOINT job`); err != nil {
		return result{err: fmt.Errorf("store: savepoint: %w", err)}
	}
	undo := func() {
		tx.Exec(`ROLLBACK TO job`)
		tx.Exec(`RELEASE job`)
	}
	defer func() {
		if p := recover(); p != nil {
			undo()
			r = result{panic: p}
		}
	}()
	if err := j.fn(tx); err != nil {
		undo()
		return result{err: err}
	}
	if _, err := tx.Exec(`RELEASE job`); err != nil {
		undo()
		return result{err: fmt.Errorf("store: release savepoint: %w", err)}
	}
	return result{}
}
