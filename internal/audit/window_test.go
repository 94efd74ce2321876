package audit

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// verifyWindow verifies dir over [since, until) and returns the
// verification and the table report.
func verifyWindow(t *testing.T, dir string, since, until time.Time) (*Verification, string) {
	t.Helper()
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", Since: since, Until: until}, Verify: true})
	require.NotNil(t, rep.Verification)
	var buf bytes.Buffer
	require.NoError(t, rep.Write(&buf, "table"))
	return rep.Verification, buf.String()
}

func gap(from, to time.Time) Gap {
	return Gap{Account: "123456789012", Region: "us-west-2", From: from, To: to}
}

func TestVerifyNeedsDigestsOverTheWholeWindow(t *testing.T) {
	// studyTrail's digests cover 10:00-11:00 and 11:00-12:00; logs[0] and
	// logs[1] were delivered in the first hour, logs[2] in the second.
	tests := []struct {
		name         string
		since, until time.Time
		remove       func(logs, digests []string) []string
		gaps         []Gap
		lines        []string
	}{
		{name: "the whole trail", since: at(0), until: at(120), gaps: []Gap{}},
		{name: "the first digest and its log files deleted", since: at(0), until: at(120),
			remove: func(logs, digests []string) []string { return []string{digests[0], logs[0], logs[1]} },
			gaps:   []Gap{gap(at(0), at(60))},
			lines:  []string{"verify gap: 123456789012 us-west-2: no digest covers 2026-03-02T10:00:00Z to 2026-03-02T11:00:00Z (1 hour)"}},
		{name: "the last hour deleted", since: at(0), until: at(120),
			remove: func(logs, digests []string) []string { return []string{digests[1], logs[2]} },
			gaps:   []Gap{gap(at(60), at(120))},
			lines:  []string{"verify gap: 123456789012 us-west-2: no digest covers 2026-03-02T11:00:00Z to 2026-03-02T12:00:00Z (1 hour)"}},
		{name: "a window wider than the trail", since: at(-180), until: at(150),
			gaps: []Gap{gap(at(-180), at(0)), gap(at(120), at(150))},
			lines: []string{
				"verify window: digests must cover every hour from 2026-03-02T07:00:00Z to 2026-03-02T12:30:00Z",
				"verify gap: 123456789012 us-west-2: no digest covers 2026-03-02T07:00:00Z to 2026-03-02T10:00:00Z (3 hours)",
				"verify gap: 123456789012 us-west-2: no digest covers 2026-03-02T12:00:00Z to 2026-03-02T12:30:00Z (30 minutes)",
			}},
		{name: "no end", since: at(-30),
			gaps: []Gap{gap(at(-30), at(0))},
			lines: []string{
				"verify window: digests must cover every hour from 2026-03-02T09:30:00Z to the last digest read (no --until: the hours after the last digest are not checked)",
				"verify gap: 123456789012 us-west-2: no digest covers 2026-03-02T09:30:00Z to 2026-03-02T10:00:00Z (30 minutes)",
			}},
		{name: "no start, the last hour deleted", until: at(120),
			remove: func(logs, digests []string) []string { return []string{digests[1], logs[2]} },
			gaps:   []Gap{gap(at(60), at(120))},
			lines: []string{
				"verify window: digests must cover every hour from the first digest read to 2026-03-02T12:00:00Z (no --since: the hours before the first digest are not checked)",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tr := trailtest.NewTrail(t, dir, logsBkt)
			logs, digests := studyTrail(tr)
			if tt.remove != nil {
				for _, key := range tt.remove(logs, digests) {
					require.NoError(t, os.Remove(tr.Path(key)))
				}
			}
			v, table := verifyWindow(t, dir, tt.since, tt.until)
			assert.Equal(t, Window{From: tt.since, To: tt.until}, v.Window)
			assert.Equal(t, tt.gaps, v.Gaps)
			assert.Equal(t, len(tt.gaps) == 0, v.OK(), table)
			for _, l := range tt.lines {
				assert.Contains(t, table, "\n"+l+"\n")
			}
		})
	}
}

func TestVerifyFindsAnHourMissingInsideTheWindow(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	studyTrail(tr)
	// Nothing is delivered for 12:00-13:00; the digest of 13:00-14:00 still
	// names the digest of 11:00-12:00 as the one before it.
	tr.WriteLog(at(190), []map[string]any{})
	tr.WriteDigest(at(240))
	v, table := verifyWindow(t, dir, at(0), at(240))
	assert.False(t, v.OK(), table)
	assert.Empty(t, v.Chain)
	assert.Equal(t, []Gap{gap(at(120), at(180))}, v.Gaps)
	assert.Contains(t, table, "verify FAILED: 4 of 4 listed log files verified (SHA-256) against 3 digest files; 0 missing, 0 altered, 0 unlisted, "+
		"0 not yet digested, 0 digest-chain problems, 1 gap in the window\n")
}

func TestVerifyFindsARegionWithoutDigests(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	east := trailtest.NewTrail(t, dir, logsBkt)
	east.Region = "us-east-1"
	east.WriteLog(at(30), []map[string]any{})
	v, _ := verifyWindow(t, dir, at(0), at(120))
	assert.Equal(t, []Gap{{Account: "123456789012", Region: "us-east-1", From: at(0), To: at(120)}}, v.Gaps)
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "1 hour", 3 * time.Hour: "3 hours", time.Minute: "1 minute", 30 * time.Minute: "30 minutes",
		25*time.Hour + time.Minute: "25 hours 1 minute", time.Second: "less than a minute",
	} {
		assert.Equal(t, want, span(d))
	}
}

func TestVerifyRefusesADigestWithoutAStartTime(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	_, digests := studyTrail(tr)
	path := tr.Path(digests[1])
	edited := bytes.Replace(gunzip(t, path), []byte(`"digestStartTime":"2026-03-02T11:00:00Z"`), []byte(`"digestStartTime":"soon"`), 1)
	require.NoError(t, os.WriteFile(path, trailtest.Gzip(edited), 0o644))
	v, _ := verifyWindow(t, dir, at(0), at(120))
	assert.Equal(t, []Finding{{File: path, Detail: `digest has no valid digestStartTime ("soon") before its digestEndTime`}}, v.Chain)
	assert.Equal(t, []Gap{gap(at(60), at(120))}, v.Gaps, "a digest that cannot be read covers nothing")
}
