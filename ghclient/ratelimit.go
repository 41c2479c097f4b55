package ghclient

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Rate is the rate-limit state an answer reports (X-RateLimit-*).
type Rate struct {
	Limit, Remaining, Used int
	Reset                  time.Time
	Resource               string
}

// ReadRate reads the X-RateLimit-* headers, or nil when there are none.
func ReadRate(h http.Header) *Rate {
	limit, err := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	if err != nil {
		return nil
	}
	rt := &Rate{Limit: limit, Resource: h.Get("X-RateLimit-Resource")}
	rt.Remaining, _ = strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	rt.Used, _ = strconv.Atoi(h.Get("X-RateLimit-Used"))
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		rt.Reset = time.Unix(reset, 0)
	}
	return rt
}

// MaxRetryWait bounds a rate-limit wait: GitHub's primary window is an
// hour and secondary waits are shorter, so a later time comes from a local
// clock that is behind or a broken header, and must not stop requests for
// longer.
const MaxRetryWait = time.Hour

// minRetryWait is GitHub's advice when it names no time: wait a minute.
const minRetryWait = time.Minute

// RetryAt reads when a rate-limited answer allows the next request, on
// the local clock: Retry-After (seconds or an HTTP date), else
// X-RateLimit-Reset when nothing remains. ok is false when the answer
// names no time. The time is not bounded (see Bound).
func RetryAt(h http.Header, now time.Time) (at time.Time, ok bool) {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
		return now.Add(time.Duration(s) * time.Second), true
	}
	if t, err := http.ParseTime(ra); err == nil {
		return ServerToLocal(h, now, t), true
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return ServerToLocal(h, now, time.Unix(reset, 0)), true
		}
	}
	return time.Time{}, false
}

// Bound keeps a retry time between a minute and MaxRetryWait from now:
// a time in the past (or none) means GitHub's "wait a minute"; a time
// further off comes from a skewed clock or a broken header.
func Bound(at, now time.Time) time.Time {
	switch {
	case !at.After(now):
		return now.Add(minRetryWait)
	case at.After(now.Add(MaxRetryWait)):
		return now.Add(MaxRetryWait)
	}
	return at
}

// ServerToLocal moves a time on the server's clock onto the local one,
// using the response's Date header. Date has a one-second resolution and
// arrives after the network delay, so only a skew over a minute is
// corrected.
func ServerToLocal(h http.Header, now, t time.Time) time.Time {
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return t
	}
	if skew := now.Sub(date); skew.Abs() > time.Minute {
		return t.Add(skew)
	}
	return t
}
