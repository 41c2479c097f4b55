package scan

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strconv"
)

// git names an object by the hash of "<type> <size>\x00<content>" (SHA-1,
// or SHA-256 in a repository of that object format), but does not check
// that hash when it reads a loose object: a loose file rewritten in place
// (clean content under a leaking blob's id) is handed out as the object.
// Every object the scan reads through `git cat-file` is therefore hashed
// on the way to the engine and compared with its id.

// objectCheck hashes one object's content as git does.
type objectCheck struct {
	oid string
	h   hash.Hash
}

// newObjectCheck starts the hash of the object oid of type typ and size
// bytes; the id's length says which hash (40 hex digits SHA-1, 64 SHA-256).
func newObjectCheck(oid, typ string, size int64) (*objectCheck, error) {
	var h hash.Hash
	switch len(oid) {
	case sha1.Size * 2:
		h = sha1.New()
	case sha256.Size * 2:
		h = sha256.New()
	default:
		return nil, fmt.Errorf("git object id %q is neither SHA-1 nor SHA-256", oid)
	}
	h.Write([]byte(typ + " " + strconv.FormatInt(size, 10) + "\x00"))
	return &objectCheck{oid: oid, h: h}, nil
}

// reader passes r through the hash.
func (c *objectCheck) reader(r io.Reader) io.Reader { return io.TeeReader(r, c.h) }

// verify compares the hash of what was read with the id; what names the
// object in the error (a path holding it).
func (c *objectCheck) verify(what string) error {
	if got := hex.EncodeToString(c.h.Sum(nil)); got != c.oid {
		return fmt.Errorf("git object %s%s is corrupt: its content hashes to %s (run git fsck)", c.oid, what, got)
	}
	return nil
}
