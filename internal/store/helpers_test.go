package store_test

import (
	"errors"
	"io/fs"
	"os"
)

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
