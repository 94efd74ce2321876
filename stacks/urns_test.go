package stacks_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

var updateURNs = flag.Bool("update-urns", false, "rewrite stacks/testdata/urns-*.txt from the current plans")

// TestURNsArePinned holds the sorted URN and type of every resource of the
// shipped plans: hipaa, account, omop (with its Redshift warehouse) and vitals. A URN is a resource's identity in a
// deployed stack: a changed one makes `pulumi up` delete the resource and
// create a new one (a PHI bucket, the project key). A rename must keep the
// old URN with pulumi.Aliases; only a deliberate new or removed resource
// updates the list (go test ./stacks -run TestURNsArePinned -update-urns).
func TestURNsArePinned(t *testing.T) {
	for _, stack := range []string{"hipaa", "account", "omop", "vitals"} {
		t.Run(stack, func(t *testing.T) {
			p, err := stackfile.Plan(context.Background(), ".", stack, stacks.Build, stacks.KnownConfigKeys())
			require.NoError(t, err)
			var b strings.Builder
			for _, r := range p.Resources {
				b.WriteString(r.URN + " " + r.Type + "\n")
			}
			path := filepath.Join("testdata", "urns-"+stack+".txt")
			if *updateURNs {
				require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, string(want), b.String(),
				"the URNs of stack %s changed: keep the old URN with pulumi.Aliases, or, for a deliberate new or removed resource, run go test ./stacks -run TestURNsArePinned -update-urns", stack)
		})
	}
}
