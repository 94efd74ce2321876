// Package progress draws a one-line progress bar on a terminal, redrawn at
// most every few tenths of a second; on anything but a terminal it stays
// silent, so logs and pipes get no control characters.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// width is the number of cells of the bar itself.
const width = 24

// interval is the shortest time between redraws.
const interval = 200 * time.Millisecond

// Bar is a progress bar. Its methods are safe for concurrent use; a nil or
// disabled Bar does nothing.
type Bar struct {
	w       io.Writer
	label   string
	now     func() time.Time
	start   time.Time
	last    time.Time
	mu      sync.Mutex
	drawn   bool
	enabled bool
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// New returns a bar labelled label that draws on w when enabled.
func New(w io.Writer, label string, enabled bool) *Bar {
	return newBar(w, label, enabled, time.Now)
}

func newBar(w io.Writer, label string, enabled bool, now func() time.Time) *Bar {
	return &Bar{w: w, label: label, now: now, start: now(), enabled: enabled}
}

// Update shows done out of total (total 0: unknown) and a detail such as
// "1.2 GB" or "45,000 records"; it redraws at most every interval.
func (b *Bar) Update(done, total int64, detail string) {
	if b == nil || !b.enabled {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if b.drawn && now.Sub(b.last) < interval && done != total {
		return
	}
	b.last, b.drawn = now, true
	fmt.Fprintf(b.w, "\r\x1b[K%s", line(b.label, done, total, detail, now.Sub(b.start)))
}

// Done ends the bar's line.
func (b *Bar) Done() {
	if b == nil || !b.enabled {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprintln(b.w)
		b.drawn = false
	}
}

// line renders "label [#####.....]  45% 90/200 detail 12s".
func line(label string, done, total int64, detail string, elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(label)
	if total > 0 {
		filled := int(min(done, total) * width / total)
		fmt.Fprintf(&b, " [%s%s] %3d%% %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done*100/total, done, total)
	} else {
		fmt.Fprintf(&b, " %d", done)
	}
	if detail != "" {
		b.WriteString(" " + detail)
	}
	fmt.Fprintf(&b, " %s", elapsed.Round(time.Second))
	return b.String()
}
