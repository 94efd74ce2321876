package progress

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLine(t *testing.T) {
	tests := []struct {
		done, total int64
		detail      string
		want        string
	}{
		{0, 200, "", "copy [........................]   0% 0/200 3s"},
		{90, 200, "1.2 GB", "copy [##########..............]  45% 90/200 1.2 GB 3s"},
		{200, 200, "", "copy [########################] 100% 200/200 3s"},
		{7, 0, "objects", "copy 7 objects 3s"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, line("copy", tt.done, tt.total, tt.detail, 3*time.Second))
	}
}

func TestBarThrottlesAndEnds(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	b := newBar(&out, "read", true, func() time.Time { return now })
	b.Update(1, 10, "")
	now = now.Add(50 * time.Millisecond)
	b.Update(2, 10, "") // too soon: skipped
	now = now.Add(time.Second)
	b.Update(10, 10, "")
	b.Done()
	assert.Equal(t, "\r\x1b[Kread [##......................]  10% 1/10 0s\r\x1b[Kread [########################] 100% 10/10 1s\n", out.String())
}

func TestDisabledBarIsSilent(t *testing.T) {
	var out bytes.Buffer
	b := New(&out, "read", false)
	b.Update(1, 2, "")
	b.Done()
	var nilBar *Bar
	nilBar.Update(1, 2, "")
	nilBar.Done()
	assert.Empty(t, out.String())
	assert.False(t, IsTerminal(&out))
}
