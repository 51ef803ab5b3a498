//go:build unix

package store

import (
	"fmt"
	"os"
	"syscall"
)

// LockFile takes an exclusive lock on path + ".lock" for as long as the process lives (or
// until unlock is called), so that two bots never share one database: two senders would
// each send the same queued replies. It fails at once if another process holds the lock.
func LockFile(dbPath string) (unlock func() error, err error) {
	f, err := os.OpenFile(dbPath+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("store: %s is in use by another lantern serve (one bot per database and token): %w", dbPath, err)
	}
	return f.Close, nil
}
