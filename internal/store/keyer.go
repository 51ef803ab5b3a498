package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// MinSecretLen is the shortest secret, in bytes, that NewKeyer and LoadSecret accept.
const MinSecretLen = 32

// Keyer turns a channel's chat id into the chat key the store uses instead of it: the
// hex HMAC-SHA256 of the id under a secret. Without the secret a key cannot be linked
// back to a chat id, nor one computed from a known id. A Keyer is safe for concurrent use.
type Keyer struct {
	secret []byte
}

// NewKeyer returns a Keyer using secret, which must be at least MinSecretLen bytes
// (see LoadSecret). The secret is copied. Changing the secret changes every chat key, so
// every saved session is lost.
func NewKeyer(secret []byte) (*Keyer, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("store: new keyer: secret is %d bytes, need at least %d", len(secret), MinSecretLen)
	}
	return &Keyer{secret: bytes.Clone(secret)}, nil
}

// ChatKey returns the chat key of chatID on channel (such as "telegram"): 64 lower-case
// hex characters, hex(HMAC-SHA256(secret, channel + ":" + decimal chatID)). The same
// secret, channel and id always give the same key.
func (k *Keyer) ChatKey(channel string, chatID int64) string {
	mac := hmac.New(sha256.New, k.secret)
	mac.Write([]byte(channel))
	mac.Write([]byte{':'})
	mac.Write(strconv.AppendInt(nil, chatID, 10))
	return hex.EncodeToString(mac.Sum(nil))
}

// LoadSecret returns the secret for NewKeyer.
//
// If envValue (the LANTERN_SECRET setting) is not empty it is the secret, taken as raw
// text, and must be at least MinSecretLen bytes long.
//
// Otherwise the secret is kept in the file dbPath + ".key" beside the database. The first
// call creates it with 32 random bytes, hex-encoded, mode 0600; creation is atomic and
// never replaces an existing file, so two processes starting together end up with the
// same secret. A key file readable or writable by anyone but its owner (mode wider than
// 0600) is refused. The file's text, without surrounding white space, is used exactly
// as LANTERN_SECRET would be, so moving it into the environment keeps every chat key.
//
// An in-memory or unnamed database (dbPath ":memory:" or "") has nowhere to keep a key
// file, so envValue is then required.
func LoadSecret(envValue, dbPath string) ([]byte, error) {
	if envValue != "" {
		if len(envValue) < MinSecretLen {
			return nil, fmt.Errorf("store: LANTERN_SECRET is %d bytes, need at least %d", len(envValue), MinSecretLen)
		}
		return []byte(envValue), nil
	}
	if dbPath == "" || dbPath == ":memory:" || strings.HasPrefix(dbPath, "file::memory:") {
		return nil, errors.New("store: load secret: the database is in memory, so there is no key file; set LANTERN_SECRET")
	}
	keyPath := dbPath + ".key"
	secret, err := readKeyFile(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		secret, err = createKeyFile(keyPath)
	}
	if err != nil {
		return nil, err
	}
	return secret, nil
}

// readKeyFile reads an existing key file, checking its mode first. The error wraps
// fs.ErrNotExist if there is no file.
func readKeyFile(keyPath string) ([]byte, error) {
	f, err := os.Open(keyPath)
	if err != nil {
		return nil, fmt.Errorf("store: read key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("store: read key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("store: key file %s is not a regular file", keyPath)
	}
	// Windows reports only a read-only bit, so there is nothing meaningful to check.
	if perm := fi.Mode().Perm(); runtime.GOOS != "windows" && perm&^0o600 != 0 {
		return nil, fmt.Errorf("store: key file %s has mode %04o, which lets others read it; run: chmod 600 %s", keyPath, perm, keyPath)
	}
	data, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("store: read key file %s: %w", keyPath, err)
	}
	secret := bytes.TrimSpace(data)
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("store: key file %s holds %d bytes, need at least %d", keyPath, len(secret), MinSecretLen)
	}
	return secret, nil
}

// createKeyFile writes a new random secret to keyPath. The secret is written in full to
// a temporary file first and then hard-linked into place: the link fails if keyPath
// already exists, so no one ever sees a half-written key and a process that loses a race
// with another reads the winner's key instead of replacing it.
func createKeyFile(keyPath string) ([]byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("store: create key file: %w", err)
	}
	secret := []byte(hex.EncodeToString(raw))

	dir := filepath.Dir(keyPath)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(keyPath)+".tmp-*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("store: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(secret)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("store: create key file: %w", err)
	}

	if err := os.Link(tmp.Name(), keyPath); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readKeyFile(keyPath) // another process made it first
		}
		return nil, fmt.Errorf("store: create key file: %w", err)
	}
	// Make the new directory entry durable. Some file systems cannot sync a directory;
	// the key is already complete, so that is not worth failing over.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return secret, nil
}
