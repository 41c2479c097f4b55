package lsp

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// The names below are the tests': the server does not use them, so they
// stay out of the package's API.

// Settings returns the current settings.
func (s *Server) Settings() Settings {
	st, _ := s.sess.current()
	return st
}

// Mapper converts positions in this snapshot.
func (d *Document) Mapper() *Mapper { return d.mapper }

// Schema lists every setting in a stable order.
func Schema() []Setting { return slices.Clone(schema) }

// SettingsTable is the Markdown table of the schema that docs/lsp.md
// carries (TestSettingsTableInDocs keeps them equal).
func SettingsTable() string {
	var b strings.Builder
	b.WriteString("| key | type | default | |\n|---|---|---|---|\n")
	for _, st := range schema {
		def, _ := json.Marshal(st.Default)
		who := ""
		if st.EditorOnly {
			who = " (editor only)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s%s |\n", st.Key, st.Type, def, st.Doc, who)
	}
	return b.String()
}
