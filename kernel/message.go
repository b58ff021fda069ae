package kernel

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"
)

// ProtocolVersion is the version of the Jupyter messaging protocol spoken.
const ProtocolVersion = "5.3"

// delimiter separates the routing identities from the message on the wire.
const delimiter = "<IDS|MSG>"

// Header is a message's header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. Identities are the ZeroMQ routing frames
// of the peer that sent it (shell and control) or the topic (iopub).
type Message struct {
	Identities [][]byte
	Header     Header
	Parent     json.RawMessage // the parent's header, {} for none
	Metadata   json.RawMessage
	Content    json.RawMessage
	Buffers    [][]byte
}

// ParentHeader decodes the parent header; the zero Header for none.
func (m *Message) ParentHeader() Header {
	var h Header
	_ = json.Unmarshal(m.Parent, &h) // {} or a header: a malformed one is no parent
	return h
}

// ErrBadSignature is a message whose HMAC does not match its parts.
var ErrBadSignature = errors.New("kernel: message signature does not match")

// signer computes the signatures of messages; a nil key signs nothing
// (the connection file's key is empty) and accepts every message.
type signer struct {
	key    []byte
	scheme func() hash.Hash
}

func newSigner(scheme string, key string) (*signer, error) {
	s := &signer{}
	if key == "" {
		return s, nil
	}
	switch scheme {
	case "hmac-sha256", "":
		s.scheme = sha256.New
	default:
		return nil, fmt.Errorf("kernel: signature scheme %q is not supported (want hmac-sha256)", scheme)
	}
	s.key = []byte(key)
	return s, nil
}

// sign returns the hex HMAC of the four JSON parts.
func (s *signer) sign(parts ...[]byte) []byte {
	if s.key == nil {
		return nil
	}
	mac := hmac.New(s.scheme, s.key)
	for _, p := range parts {
		mac.Write(p)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}

// decode reads a message from its ZeroMQ frames and checks its signature.
func (s *signer) decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && string(frames[i]) != delimiter {
		i++
	}
	if len(frames)-i < 6 {
		return nil, fmt.Errorf("kernel: malformed message: %d frames, no %s with 5 parts after it", len(frames), delimiter)
	}
	sig, parts := frames[i+1], frames[i+2:i+6]
	if s.key != nil && !hmac.Equal(sig, s.sign(parts...)) {
		return nil, ErrBadSignature
	}
	m := &Message{
		Identities: frames[:i],
		Parent:     json.RawMessage(parts[1]),
		Metadata:   json.RawMessage(parts[2]),
		Content:    json.RawMessage(parts[3]),
		Buffers:    frames[i+6:],
	}
	if err := json.Unmarshal(parts[0], &m.Header); err != nil {
		return nil, fmt.Errorf("kernel: malformed header: %v", err)
	}
	return m, nil
}

// encode writes a message as ZeroMQ frames, signed.
func (s *signer) encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parts := [][]byte{header, orEmpty(m.Parent), orEmpty(m.Metadata), orEmpty(m.Content)}
	frames := append([][]byte{}, m.Identities...)
	frames = append(frames, []byte(delimiter), s.sign(parts...))
	frames = append(frames, parts...)
	return append(frames, m.Buffers...), nil
}

func orEmpty(j json.RawMessage) []byte {
	if len(j) == 0 {
		return []byte("{}")
	}
	return j
}

// newID returns a random message or session id.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// newHeader makes the header of a new message of the session.
func newHeader(session, msgType string) Header {
	return Header{
		MsgID: newID(), Session: session, Username: "cgraph",
		Date:    time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType: msgType, Version: ProtocolVersion,
	}
}
