package request

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckPIT(t *testing.T) {
	const rule = "must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'"
	tests := []struct {
		pit, want string
	}{
		{"vitals", ""},
		{"omop2", ""},
		{"study-7b", ""},
		{"x/y", `--pit: "x/y" ` + rule},
		{"../etc", `--pit: "../etc" ` + rule},
		{"Vitals", `--pit: "Vitals" ` + rule},
		{"7days", `--pit: "7days" ` + rule},
		{"vitals-", `--pit: "vitals-" ` + rule},
		{"vi_tals", `--pit: "vi_tals" ` + rule},
		{"a--b", `--pit: "a--b" must not contain '--' (S3 reserves it in bucket names)`},
	}
	for _, tt := range tests {
		t.Run(tt.pit, func(t *testing.T) {
			err := CheckPIT(tt.pit)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestMissingInputFilesAreProblemsOnTheirPath(t *testing.T) {
	opts := options(t, validSite)
	missing := filepath.Join(t.TempDir(), "my-request.yaml")
	_, err := Validate(context.Background(), missing, opts)
	assert.Equal(t, []string{missing + ": no such request file: check the path; examples/requests/vitals-study.yaml shows what a request holds"}, lines(err))

	opts.SitePath = filepath.Join(t.TempDir(), "site.yaml")
	_, err = Approve(context.Background(), missing, "vitals", opts, true)
	assert.Equal(t, []string{
		missing + ": no such request file: check the path; examples/requests/vitals-study.yaml shows what a request holds",
		opts.SitePath + `: no such site settings file: pass --site, or create stacks/site.yaml as docs/lifecycle.md shows`,
	}, lines(err))
}
