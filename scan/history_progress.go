package scan

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws one self-overwriting status line on a terminal: blobs and
// bytes done with rate and ETA while blobs are read, then commits done
// while provenance is traced. Only numbers are printed (no path, nothing
// from the repository), so it needs no redaction. A nil *progress does
// nothing; the caller creates one only when stderr is a terminal.
type progress struct {
	w                 io.Writer
	mu                sync.Mutex
	phase             string
	unit              string
	total, totalBytes int64
	done, doneBytes   atomic.Int64
	start             time.Time
	stop              chan struct{}
	stopped           sync.WaitGroup
	lastLen           int
}

func newProgress(w io.Writer) *progress {
	if w == nil {
		return nil
	}
	p := &progress{w: w, stop: make(chan struct{})}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// begin starts a phase of total units (and totalBytes bytes, 0: untracked).
func (p *progress) begin(phase, unit string, total, totalBytes int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.phase, p.unit, p.total, p.totalBytes = phase, unit, total, totalBytes
	p.done.Store(0)
	p.doneBytes.Store(0)
	p.start = time.Now()
	p.mu.Unlock()
}

func (p *progress) add(units, bytes int64) {
	if p == nil {
		return
	}
	p.done.Add(units)
	p.doneBytes.Add(bytes)
}

func (p *progress) set(units int64) {
	if p == nil {
		return
	}
	p.done.Store(units)
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.phase == "" {
		return
	}
	el := time.Since(p.start).Seconds()
	done, bytes := p.done.Load(), p.doneBytes.Load()
	line := fmt.Sprintf("ghpat-ls: %s %d/%d %s", p.phase, done, p.total, p.unit)
	var rate, eta string
	if p.totalBytes > 0 {
		line += fmt.Sprintf(", %.0f/%.0f MB", float64(bytes)/1e6, float64(p.totalBytes)/1e6)
		if el > 0 && bytes > 0 {
			bps := float64(bytes) / el
			rate = fmt.Sprintf("%.0f MB/s", bps/1e6)
			eta = (time.Duration(float64(p.totalBytes-bytes)/bps) * time.Second).Round(time.Second).String()
		}
	} else if el > 0 && done > 0 {
		ups := float64(done) / el
		rate = fmt.Sprintf("%.0f %s/s", ups, p.unit)
		eta = (time.Duration(float64(p.total-done)/ups) * time.Second).Round(time.Second).String()
	}
	if rate != "" {
		line += ", " + rate + ", ETA " + eta
	}
	pad := max(0, p.lastLen-len(line))
	p.lastLen = len(line)
	fmt.Fprintf(p.w, "\r%s%*s", line, pad, "")
}

// finish stops drawing and clears the line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.stopped.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastLen > 0 {
		fmt.Fprintf(p.w, "\r%*s\r", p.lastLen, "")
	}
}
