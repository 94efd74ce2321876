package audit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestFormatsGolden(t *testing.T) {
	goldenDir, err := filepath.Abs("testdata")
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	tr := trailtest.NewTrail(t, "trail", logsBkt)
	logs, _ := studyTrail(tr)
	cut(t, tr.Path(logs[2]), 30)
	rep := run(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa"}, Verify: true})
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, rep.Write(&buf, format))
			path := filepath.Join(goldenDir, "report."+format)
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), buf.String())
		})
	}
}
