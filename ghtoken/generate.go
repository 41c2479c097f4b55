package ghtoken

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
)

// Generate mints a fake token of kind k whose checksum holds, from a seeded
// source so tests are repeatable. Such a token passes Check but was never
// issued by GitHub. Tests use it so that the repository never contains a
// checksum-valid literal that would trip secret scanners.
func Generate(k Kind, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	randAlnum := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = base62[r.IntN(len(base62))]
		}
		return string(b)
	}
	t := k.Traits()
	if t.Kind != k || k == Unknown {
		panic("ghtoken.Generate: unknown kind " + string(k))
	}
	switch t.Checksum {
	case CRC32Base62:
		body := randAlnum(t.Len - len(t.Prefix) - checksumLen)
		return t.Prefix + body + crcBase62(body)
	case FineGrainedDigits:
		head := t.Prefix + "11" + randAlnum(20) + "_" + randAlnum(fineCheckStart-34)
		return head + fineGrainedCheck(head) + randAlnum(t.Len-fineCheckStart-fineCheckLen)
	}
	enc := base64.RawURLEncoding
	hdr := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	payload := enc.EncodeToString([]byte(fmt.Sprintf(`{"iss":"%d","sub":"installation","n":"%s"}`, 100000+r.IntN(900000), randAlnum(60))))
	sig := sha256.Sum256([]byte(payload))
	sigs := enc.EncodeToString(append(append(sig[:], sig[:]...), []byte(randAlnum(128))...))
	return fmt.Sprintf("%s%d_%s.%s.%s", t.Prefix, 100000+r.IntN(900000), hdr, payload, sigs)
}
