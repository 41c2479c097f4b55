package lsptest

import (
	"bufio"
	"strings"
	"testing"
)

// The helpers are the tests' oracle, so they get their own checks.
func TestOffsetAndPositionOf(t *testing.T) {
	text := "a😀b\r\n中文x\ry\n"
	for _, c := range []struct {
		off int
		pos Position
	}{
		{0, Position{0, 0}},
		{5, Position{0, 3}}, // after a, 😀 (2 units)
		{6, Position{0, 4}},
		{8, Position{1, 0}},  // after \r\n
		{14, Position{1, 2}}, // after 中文
		{16, Position{2, 0}}, // after the lone \r
		{18, Position{3, 0}},
	} {
		if got := PositionOf(text, c.off); got != c.pos {
			t.Errorf("PositionOf(%d) = %+v, want %+v", c.off, got, c.pos)
		}
		if got, err := Offset(text, c.pos); err != nil || got != c.off {
			t.Errorf("Offset(%+v) = %d, %v; want %d", c.pos, got, err, c.off)
		}
	}
	if _, err := Offset(text, Position{0, 2}); err == nil {
		t.Errorf("a position inside a surrogate pair must be an error")
	}
	if _, err := Offset(text, Position{0, 9}); err == nil {
		t.Errorf("a column past the end of the line must be an error")
	}
}

func TestApplyEdits(t *testing.T) {
	text := "x = '😀tok'\ny = 1\n"
	got, err := ApplyEdits(text, []TextEdit{
		{Range: Range{Position{0, 5}, Position{0, 10}}, NewText: "env"},
		{Range: Range{Position{1, 4}, Position{1, 5}}, NewText: "2"},
	})
	if err != nil || got != "x = 'env'\ny = 2\n" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := ApplyEdits(text, []TextEdit{
		{Range: Range{Position{0, 0}, Position{0, 3}}},
		{Range: Range{Position{0, 2}, Position{0, 4}}},
	}); err == nil {
		t.Errorf("overlapping edits must be an error")
	}
}

func TestReadFrameIsStrict(t *testing.T) {
	for _, bad := range []string{
		"Content-Length: 2\n\n{}",                 // LF only
		"log line\r\nContent-Length: 2\r\n\r\n{}", // stray output
		"Content-Length: 3\r\n\r\n{x}",            // not JSON
		"Content-Length: 9\r\n\r\n{}",             // short body
	} {
		if _, err := readFrame(bufio.NewReader(strings.NewReader(bad))); err == nil {
			t.Errorf("readFrame accepted %q", bad)
		}
	}
	body, err := readFrame(bufio.NewReader(strings.NewReader("Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}")))
	if err != nil || string(body) != "{}" {
		t.Errorf("good frame: %q, %v", body, err)
	}
}
