package closeout

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestReportCountsAgreeInNumber: the archive section of the close-out
// report words its counts in number, at one and at two of each.
func TestReportCountsAgreeInNumber(t *testing.T) {
	section := func(n int) string {
		cold := make([]string, n)
		for i := range cold {
			cold[i] = "k" + string(rune('a'+i))
		}
		rep := &Report{Archive: ArchiveSummary{Objects: n, Bytes: int64(n), Superseded: n, Rejected: n}, Storage: Storage{Cold: cold}}
		var b strings.Builder
		rep.markdownArchive(&b)
		return b.String()
	}
	one := section(1)
	assert.Contains(t, one, "\n1 object, 1 byte, in s3://")
	assert.Contains(t, one, "\n1 earlier copy of the same keys (the source changed between runs, or a log group was exported again before the destroy) is kept as noncurrent versions; the manifest lists it under superseded.\n")
	assert.Contains(t, one, "\n1 copy failed verification on the way and was copied again.\n")
	assert.Contains(t, one, "\n1 current copy is in a cold tier and must be restored before it can be read: ka.\n")
	two := section(2)
	assert.Contains(t, two, "\n2 objects, 2 bytes, in s3://")
	assert.Contains(t, two, "\n2 earlier copies of the same keys (the source changed between runs, or a log group was exported again before the destroy) are kept as noncurrent versions; the manifest lists them under superseded.\n")
	assert.Contains(t, two, "\n2 copies failed verification on the way and were copied again.\n")
	assert.Contains(t, two, "\n2 current copies are in a cold tier and must be restored before they can be read: ka, kb.\n")
}
