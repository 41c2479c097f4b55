package lsp

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ghpat-ls/ghpat-ls/analysis"
	"github.com/ghpat-ls/ghpat-ls/filelist"
)

// maxIgnoreFileSize bounds the .gitleaksignore the server reads: a list of
// hashes, not a place for megabytes a client or a checkout could plant.
const maxIgnoreFileSize = 4 << 20

// ignores caches the tokens each workspace folder's .gitleaksignore names
// by fingerprint ("sha256:<hex>" entries, analysis.TokenIgnores), the one
// ignore form that means something in a document being edited (it has no
// stable line, and no commit yet). The file is stat'ed at each use and
// read again when it changed. Its mutex is a leaf.
type ignores struct {
	mu     sync.Mutex
	byRoot map[string]ignoreFile
}

// ignoreFile is one folder's .gitleaksignore as last read.
type ignoreFile struct {
	modTime time.Time
	size    int64
	exists  bool
	tokens  analysis.TokenIgnores
}

// dropIgnoredTokens removes the token findings whose token the
// .gitleaksignore of the workspace folder holding path names.
func (s *Server) dropIgnoredTokens(path string, fs []analysis.Finding) []analysis.Finding {
	var tokens analysis.TokenIgnores
	for i, f := range fs {
		if f.Token == nil {
			continue
		}
		if tokens == nil {
			if tokens = s.ignoredTokens(path); len(tokens) == 0 {
				return fs
			}
		}
		if tokens.Ignores(f.Token.Fingerprint) {
			kept := fs[:i:i]
			for _, g := range fs[i+1:] {
				if g.Token == nil || !tokens.Ignores(g.Token.Fingerprint) {
					kept = append(kept, g)
				}
			}
			return kept
		}
	}
	return fs
}

// ignoredTokens is the set of the folder holding path (nil outside every
// folder). A file that changed since it was last read is read again, and
// the workspace's files are re-published in the background under it.
func (s *Server) ignoredTokens(path string) analysis.TokenIgnores {
	root := s.folderOf(path)
	if root == "" {
		return nil
	}
	file := filepath.Join(root, ".gitleaksignore")
	st, statErr := os.Stat(file)
	cur := ignoreFile{exists: statErr == nil}
	if cur.exists {
		cur.modTime, cur.size = st.ModTime(), st.Size()
	}
	s.ignores.mu.Lock()
	prev, known := s.ignores.byRoot[root]
	s.ignores.mu.Unlock()
	if known && prev.exists == cur.exists && prev.modTime.Equal(cur.modTime) && prev.size == cur.size {
		return prev.tokens
	}
	cur.tokens = s.readIgnoreFile(file, cur)
	s.ignores.mu.Lock()
	if s.ignores.byRoot == nil {
		s.ignores.byRoot = map[string]ignoreFile{}
	}
	s.ignores.byRoot[root] = cur
	s.ignores.mu.Unlock()
	if known {
		// Files published from the index may hold a token just named
		// (or no longer named); reindexAll re-reads them, then refreshes
		// the open documents.
		s.log.Infof("%s changed: re-checking the workspace", file)
		s.reindexAll()
	}
	return cur.tokens
}

// readIgnoreFile reads the token entries of file, or none (logged) when
// it is too large or unreadable.
func (s *Server) readIgnoreFile(file string, st ignoreFile) analysis.TokenIgnores {
	switch {
	case !st.exists:
		return nil
	case st.size > maxIgnoreFileSize:
		s.log.Warnf("not reading %s: larger than %d bytes", file, maxIgnoreFileSize)
		return nil
	}
	// Opened as the index opens a listed file: a link or a FIFO put in its
	// place is not followed or waited on, and the read stops at the cap
	// whatever the stat said.
	f, _, err := filelist.OpenListed(file)
	if err != nil {
		s.log.Warnf("cannot read %s: %v", file, err)
		return nil
	}
	defer f.Close()
	tokens := analysis.TokenIgnores{}
	if err := analysis.EachIgnoreEntry(io.LimitReader(f, maxIgnoreFileSize), tokens.Add); err != nil {
		s.log.Warnf("cannot read %s: %v", file, err)
	}
	return tokens
}

// folderOf is the innermost workspace folder holding path, "" for none.
func (s *Server) folderOf(path string) string {
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	best := ""
	for _, r := range s.index.roots {
		rel, err := filepath.Rel(r, path)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && len(r) > len(best) {
			best = r
		}
	}
	return best
}
