package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// Sealer encrypts chat ids for the few rows that must hold one so a reply can be sent (the
// inbox and the outbox): AES-256-GCM under a key derived from the store secret, with a
// random nonce. The database file alone does not reveal who talked to the bot.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer derives the sealing key from the same secret as the Keyer.
func NewSealer(secret []byte) (*Sealer, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("store: new sealer: secret is %d bytes, need at least %d", len(secret), MinSecretLen)
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("lantern/seal-chat-id/v1"))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("store: new sealer: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("store: new sealer: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts a chat id.
func (s *Sealer) Seal(chatID int64) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("store: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	var plain [8]byte
	binary.BigEndian.PutUint64(plain[:], uint64(chatID))
	return s.aead.Seal(nonce, nonce, plain[:], nil)
}

// Open decrypts a sealed chat id.
func (s *Sealer) Open(sealed []byte) (int64, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return 0, errors.New("store: open sealed chat id: too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil || len(plain) != 8 {
		return 0, fmt.Errorf("store: open sealed chat id: %w", errors.Join(err, errors.New("not a sealed chat id")))
	}
	return int64(binary.BigEndian.Uint64(plain)), nil
}
