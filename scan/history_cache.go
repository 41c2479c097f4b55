package scan

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ghpat-ls/ghpat-ls/analysis"
)

// blobCache remembers, per blob id, what the engine found in it, so a
// second history scan reads only blobs it has not seen. It stores the
// findings themselves, not just "seen": a cached blob with a token is
// still reported (with fresh provenance) on every run. Findings hold no
// token, only its redacted form and SHA-256.
//
// The file starts with a key that hashes everything a result depends on:
// the cache format, the running executable's bytes (engine, rules,
// gitleaks version) and the rule configuration. A file with another key
// is ignored and rewritten, so upgrading ghpat-ls or changing --disable
// rescans everything.
//
// Format: the line "ghpat-ls-history-cache <key>", then one line per blob:
// "<oid>" for a blob without findings, "<oid> <JSON findings>" otherwise.
type blobCache struct {
	path    string
	key     string
	entries map[string][]cachedFinding // nil slice: scanned, nothing found
	dirty   bool
}

const cacheMagic = "ghpat-ls-history-cache"

// cacheFormat is bumped whenever what is stored per blob changes meaning.
const cacheFormat = "2"

// cachedFinding is a blob-relative finding as stored.
type cachedFinding struct {
	Line      int        `json:"l"`
	Column    int        `json:"c"`
	EndLine   int        `json:"el"`
	EndColumn int        `json:"ec"`
	RuleID    string     `json:"r"`
	Severity  string     `json:"s"`
	Message   string     `json:"m"`
	Token     *TokenInfo `json:"t,omitempty"`
	Container *Container `json:"k,omitempty"` // format 2: findings inside archives
}

// cacheKey hashes what a blob's findings depend on.
func cacheKey(cfg *analysis.Config) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "format %s\nreport %d\n", cacheFormat, ReportVersion)
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot find the running program to key the cache: %v", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("cannot read the running program to key the cache: %v", err)
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	conf, err := json.Marshal(cfg) // maps marshal with sorted keys
	if err != nil {
		return "", err
	}
	h.Write(conf)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// openCache loads path; a missing file, or one written under another key,
// starts empty. A file that is not a cache at all is an error: better to
// stop than to overwrite something the user pointed at by mistake.
func openCache(path string, cfg *analysis.Config) (*blobCache, error) {
	key, err := cacheKey(cfg)
	if err != nil {
		return nil, err
	}
	c := &blobCache{path: path, key: key, entries: map[string][]cachedFinding{}}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		c.dirty = true
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 256<<10)
	head, err := r.ReadString('\n')
	if err != nil && !(err == io.EOF && head == "") {
		if err != io.EOF {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	magic, fileKey, _ := strings.Cut(strings.TrimSuffix(head, "\n"), " ")
	if head != "" && magic != cacheMagic {
		return nil, fmt.Errorf("%s: not a ghpat-ls history cache; remove it or name another file", path)
	}
	if fileKey != key {
		c.dirty = true // another version or configuration: start over
		return c, nil
	}
	for {
		line, err := r.ReadString('\n')
		if line = strings.TrimSuffix(line, "\n"); line != "" {
			oid, data, found := strings.Cut(line, " ")
			var fs []cachedFinding
			if found {
				if jerr := json.Unmarshal([]byte(data), &fs); jerr != nil {
					return nil, fmt.Errorf("%s: corrupt entry for %s; remove the file", path, oid)
				}
			}
			c.entries[oid] = fs
		}
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
}

// lookup returns the cached findings of oid (File empty) and whether the
// blob was cached.
func (c *blobCache) lookup(oid string) ([]Finding, bool) {
	if c == nil {
		return nil, false
	}
	cf, ok := c.entries[oid]
	if !ok {
		return nil, false
	}
	var out []Finding
	for _, f := range cf {
		out = append(out, Finding{Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			RuleID: f.RuleID, Severity: f.Severity, Message: f.Message, Token: f.Token, Container: f.Container})
	}
	return out, true
}

func (c *blobCache) store(oid string, fs []Finding) {
	if c == nil {
		return
	}
	var cf []cachedFinding
	for _, f := range fs {
		cf = append(cf, cachedFinding{Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			RuleID: f.RuleID, Severity: f.Severity, Message: f.Message, Token: f.Token, Container: f.Container})
	}
	c.entries[oid] = cf
	c.dirty = true
}

// save writes the cache atomically (temporary file, then rename), so an
// interrupted run leaves the previous cache intact.
func (c *blobCache) save() error {
	if c == nil || !c.dirty {
		return nil
	}
	dir := filepath.Dir(c.path)
	tmp, err := os.CreateTemp(dir, ".ghpat-ls-cache-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 256<<10)
	fmt.Fprintf(w, "%s %s\n", cacheMagic, c.key)
	oids := make([]string, 0, len(c.entries))
	for oid := range c.entries {
		oids = append(oids, oid)
	}
	sort.Strings(oids)
	for _, oid := range oids {
		w.WriteString(oid)
		if fs := c.entries[oid]; len(fs) > 0 {
			data, err := json.Marshal(fs)
			if err != nil {
				tmp.Close()
				return err
			}
			w.WriteByte(' ')
			w.Write(data)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		return err
	}
	return nil
}
