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
	switch k {
	case ClassicPAT, OAuth, UserToServer, ServerToServer:
		body := randAlnum(ClassicLen - 4 - checksumLen)
		return string(k) + "_" + body + crcBase62(body)
	case Refresh:
		body := randAlnum(RefreshLen - 4 - checksumLen)
		return "ghr_" + body + crcBase62(body)
	case FineGrainedPAT:
		head := "github_pat_11" + randAlnum(20) + "_" + randAlnum(fineCheckStart-34)
		return head + fineGrainedCheck(head) + randAlnum(FineGrainedLen-fineCheckStart-fineCheckLen)
	case StatelessInstall:
		enc := base64.RawURLEncoding
		hdr := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
		payload := enc.EncodeToString([]byte(fmt.Sprintf(`{"iss":"%d","sub":"installation","n":"%s"}`, 100000+r.IntN(900000), randAlnum(60))))
		sig := sha256.Sum256([]byte(payload))
		sigs := enc.EncodeToString(append(append(sig[:], sig[:]...), []byte(randAlnum(128))...))
		return fmt.Sprintf("ghs_%d_%s.%s.%s", 100000+r.IntN(900000), hdr, payload, sigs)
	}
	panic("ghtoken.Generate: unknown kind " + string(k))
}
