package store_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lantern-help/lantern/internal/store"
)

func TestKeyer(t *testing.T) {
	secretA := []byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") // 32 bytes
	secretB := []byte("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
	const chatID = int64(123456789)

	ka, err := store.NewKeyer(secretA)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := store.NewKeyer(secretB)
	if err != nil {
		t.Fatal(err)
	}
	key := ka.ChatKey("telegram", chatID)

	t.Run("Stable", func(t *testing.T) {
		again, _ := store.NewKeyer(bytes.Clone(secretA))
		if got := again.ChatKey("telegram", chatID); got != key {
			t.Errorf("same secret and id gave %s and %s", key, got)
		}
	})
	t.Run("SecretMatters", func(t *testing.T) {
		if kb.ChatKey("telegram", chatID) == key {
			t.Error("different secrets gave the same key")
		}
	})
	t.Run("ChannelAndIDMatter", func(t *testing.T) {
		if ka.ChatKey("console", chatID) == key {
			t.Error("different channels gave the same key")
		}
		if ka.ChatKey("telegram", -chatID) == key {
			t.Error("different ids gave the same key")
		}
	})
	t.Run("Shape", func(t *testing.T) {
		if len(key) != 64 {
			t.Errorf("key %q has %d characters, want 64", key, len(key))
		}
		if _, err := hex.DecodeString(key); err != nil || strings.ToLower(key) != key {
			t.Errorf("key %q is not lower-case hex", key)
		}
		if strings.Contains(key, strconv.FormatInt(chatID, 10)) {
			t.Errorf("key %q contains the chat id", key)
		}
	})
	t.Run("SecretCopied", func(t *testing.T) {
		s := bytes.Clone(secretA)
		k, _ := store.NewKeyer(s)
		s[0] = 'x'
		if k.ChatKey("telegram", chatID) != key {
			t.Error("changing the caller's slice changed the Keyer")
		}
	})
	t.Run("ShortSecret", func(t *testing.T) {
		for _, s := range [][]byte{nil, []byte("short"), secretA[:31]} {
			if _, err := store.NewKeyer(s); err == nil {
				t.Errorf("NewKeyer(%d bytes): want error", len(s))
			}
		}
	})
}

func TestLoadSecret(t *testing.T) {
	longEnv := strings.Repeat("e", 32)

	t.Run("CreatesKeyFile", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "lantern.db")
		first, err := store.LoadSecret("", dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if len(first) < store.MinSecretLen {
			t.Fatalf("secret is %d bytes", len(first))
		}
		fi, err := os.Stat(dbPath + ".key")
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("key file mode = %04o, want 0600", perm)
		}
		second, err := store.LoadSecret("", dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Error("second LoadSecret returned a different secret")
		}
		onDisk, _ := os.ReadFile(dbPath + ".key")
		if !bytes.Equal(onDisk, first) {
			t.Error("the secret is not the key file's text (so it could not be moved to LANTERN_SECRET)")
		}
		entries, _ := os.ReadDir(filepath.Dir(dbPath))
		if len(entries) != 1 {
			t.Errorf("directory holds %d entries, want only the key file (temp file left behind?)", len(entries))
		}
	})

	t.Run("ConcurrentCreate", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "lantern.db")
		secrets := make([][]byte, 8)
		errs := make([]error, 8)
		var wg sync.WaitGroup
		for i := range secrets {
			wg.Go(func() { secrets[i], errs[i] = store.LoadSecret("", dbPath) })
		}
		wg.Wait()
		for i := range secrets {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if !bytes.Equal(secrets[i], secrets[0]) {
				t.Fatal("concurrent callers got different secrets")
			}
		}
	})

	t.Run("RefusesWideMode", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "lantern.db")
		if err := os.WriteFile(dbPath+".key", []byte(strings.Repeat("0", 64)), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dbPath+".key", 0o644); err != nil { // WriteFile's mode is cut by the umask
			t.Fatal(err)
		}
		_, err := store.LoadSecret("", dbPath)
		if err == nil {
			t.Fatal("a 0644 key file was accepted")
		}
		if want := "chmod 600 " + dbPath + ".key"; !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	})

	t.Run("RefusesShortKeyFile", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "lantern.db")
		if err := os.WriteFile(dbPath+".key", []byte("short\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := store.LoadSecret("", dbPath); err == nil {
			t.Fatal("a short key file was accepted")
		}
	})

	t.Run("EnvWins", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "lantern.db")
		got, err := store.LoadSecret(longEnv, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != longEnv {
			t.Errorf("LoadSecret = %q, want the env value", got)
		}
		if _, err := os.Stat(dbPath + ".key"); err == nil {
			t.Error("a key file was created although the env value was set")
		}
	})

	t.Run("EnvWinsOverExistingFile", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "lantern.db")
		if _, err := store.LoadSecret("", dbPath); err != nil {
			t.Fatal(err)
		}
		got, err := store.LoadSecret(longEnv, dbPath)
		if err != nil || string(got) != longEnv {
			t.Errorf("LoadSecret = %q, %v; want the env value", got, err)
		}
	})

	t.Run("ShortEnvRefused", func(t *testing.T) {
		if _, err := store.LoadSecret("too-short", filepath.Join(t.TempDir(), "lantern.db")); err == nil {
			t.Fatal("a short LANTERN_SECRET was accepted")
		}
	})

	t.Run("MemoryNeedsEnv", func(t *testing.T) {
		for _, p := range []string{"", ":memory:"} {
			if _, err := store.LoadSecret("", p); err == nil {
				t.Errorf("LoadSecret(\"\", %q): want error", p)
			}
			if got, err := store.LoadSecret(longEnv, p); err != nil || string(got) != longEnv {
				t.Errorf("LoadSecret(env, %q) = %q, %v", p, got, err)
			}
		}
	})
}
