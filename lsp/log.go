package lsp

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Level is a log level.
type Level int

const (
	LevelDebug Level = iota
	LevelInfo
	LevelWarn
	LevelError
)

// ParseLevel accepts debug, info, warn(ing) and error.
func ParseLevel(s string) (Level, bool) {
	switch strings.ToLower(s) {
	case "debug":
		return LevelDebug, true
	case "info", "":
		return LevelInfo, true
	case "warn", "warning":
		return LevelWarn, true
	case "error":
		return LevelError, true
	}
	return LevelInfo, false
}

func (l Level) String() string {
	return [...]string{"DEBUG", "INFO", "WARN", "ERROR"}[max(0, min(int(l), 3))]
}

// Logger is a small leveled logger. In serve mode it writes to stderr or a
// log file, never to stdout (the LSP stream). Callers log method names,
// URIs, sizes and timings, never document text or tokens.
type Logger struct {
	mu  sync.Mutex
	w   io.Writer
	min Level
}

// NewLogger logs lines at level min and above to w (nil: discard).
func NewLogger(w io.Writer, min Level) *Logger {
	if w == nil {
		w = io.Discard
	}
	return &Logger{w: w, min: min}
}

func (l *Logger) logf(level Level, format string, args ...any) {
	if l == nil || level < l.min {
		return
	}
	// Callers log URIs and quote bad input; a URI or a header can hold a
	// token, so every line is scrubbed. This is the one place for the log.
	line := safeControls(ghtoken.RedactAll(fmt.Sprintf(format, args...)))
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %-5s %s\n", time.Now().UTC().Format("15:04:05.000"), level, line)
}

func (l *Logger) Debugf(format string, args ...any) { l.logf(LevelDebug, format, args...) }
func (l *Logger) Infof(format string, args ...any)  { l.logf(LevelInfo, format, args...) }
func (l *Logger) Warnf(format string, args ...any)  { l.logf(LevelWarn, format, args...) }
func (l *Logger) Errorf(format string, args ...any) { l.logf(LevelError, format, args...) }

// safeControls writes control characters other than tab as \xNN, and
// indents the lines after a newline: a URI or a setting from the client
// must not forge a log line ("\n12:00:00.000 ERROR …", "\r") or send
// escape sequences to the terminal that shows stderr. Stack traces keep
// their lines, indented.
func safeControls(s string) string {
	unsafe := func(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }
	i := 0
	for i < len(s) && !unsafe(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			b.WriteString("\n\t")
		case unsafe(c):
			fmt.Fprintf(&b, "\\x%02x", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
