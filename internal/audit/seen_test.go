package audit

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// TestAPrincipalOrPrefixMatchingNothingIsSaid: a --principal or --prefix
// that matches no event on the searched buckets in the window is a
// warning, with what was seen there, the closest first.
func TestAPrincipalOrPrefixMatchingNothingIsSaid(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	among := " among the 4 S3 data events on the searched buckets in the window; "
	tests := []struct {
		name     string
		filter   Filter
		events   int
		warnings []string
	}{
		{"a mistyped principal", Filter{PIT: "hipaa", Principal: "alcie"}, 0,
			[]string{`no event matched --principal "alcie"` + among + "principals seen, the closest first: " + alice + ", " + mallory + ", " + bob}},
		{"a mistyped prefix", Filter{PIT: "hipaa", KeyPrefix: "cohrt/"}, 0,
			[]string{`no event matched --prefix "cohrt/"` + among + "top-level prefixes seen, the closest first: cohort/, results/"}},
		{"both", Filter{PIT: "hipaa", Principal: "mallroy", KeyPrefix: "result/"}, 0, []string{
			`no event matched --principal "mallroy"` + among + "principals seen, the closest first: " + mallory + ", " + alice + ", " + bob,
			`no event matched --prefix "result/"` + among + "top-level prefixes seen, the closest first: results/, cohort/"}},
		{"each matches, not together", Filter{PIT: "hipaa", Principal: "bob", KeyPrefix: "results/"}, 0, nil},
		{"a principal that matches", Filter{PIT: "hipaa", Principal: "ALICE"}, 2, nil},
		{"nothing in the window", Filter{PIT: "hipaa", Principal: "alcie", Since: at(600)}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter})
			assert.Equal(t, tt.events, rep.Len())
			assert.Equal(t, tt.warnings, rep.FilterWarnings)
			assert.Nil(t, rep.BucketsNotFound)
			var buf bytes.Buffer
			require.NoError(t, rep.Write(&buf, "table"))
			for _, w := range tt.warnings {
				assert.Contains(t, buf.String(), "\nwarning: "+w+"\n")
			}
		})
	}
}
