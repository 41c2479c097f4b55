package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ghpat-ls/ghpat-ls/apiversions"
)

// TestGeneratedFilesUpToDate regenerates the versions and the table from
// the committed source and mapping and compares them with
// ghhost/versions_gen.go and apiversions/changes_gen.go.
func TestGeneratedFilesUpToDate(t *testing.T) {
	changes, versions, err := generateFiles("source/breaking-changes.fpt.md", "mapping.tsv", defaultSource)
	if err != nil {
		t.Fatal(err)
	}
	for file, got := range map[string][]byte{"apiversions/changes_gen.go": changes, "ghhost/versions_gen.go": versions} {
		want, err := os.ReadFile("../../../" + file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go run ./internal/gen/apiversions", file)
		}
	}
}

// TestSourceAttribution: the copy of GitHub's list keeps its attribution,
// and the header records the commit the README names.
func TestSourceAttribution(t *testing.T) {
	readme, err := os.ReadFile("source/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CC-BY-4.0", "024f6b0f8c266054134f13dd7d122d8b80d25315", "github/docs"} {
		if !strings.Contains(string(readme), want) || !strings.Contains(apiversions.Source(), want) {
			t.Errorf("attribution misses %q", want)
		}
	}
}
