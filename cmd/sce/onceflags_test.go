package main

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
)

// TestFlagGivenTwiceIsRefused: a single-value flag given twice is refused
// (pflag would keep the last value silently), on every command.
func TestFlagGivenTwiceIsRefused(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"plan", "hipaa", "--format", "table", "--format", "json"},
			"sce: invalid argument \"json\" for \"-f, --format\" flag: given twice (\"table\", then \"json\"): give it once\n"},
		{[]string{"audit", "trail", "--pit", "hipaa", "--pit", "omop"},
			"sce: invalid argument \"omop\" for \"--pit\" flag: given twice (\"hipaa\", then \"omop\"): give it once\n"},
		{[]string{"plan", "--all", "--all"},
			"sce: invalid argument \"true\" for \"--all\" flag: given twice (\"true\", then \"true\"): give it once\n"},
	}
	for _, tt := range tests {
		t.Run(tt.args[0], func(t *testing.T) {
			stdout, stderr, code := execute(t, tt.args...)
			assert.Equal(t, 2, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}

// TestListFlagsStayRepeatable: a flag that takes a list keeps a value per
// use, and every other flag of every command is wrapped.
func TestListFlagsStayRepeatable(t *testing.T) {
	root := newRootCmd(testApp())
	audit, _, err := root.Find([]string{"audit"})
	assert.NoError(t, err)
	f := audit.Flags().Lookup("bucket")
	assert.NoError(t, f.Value.Set("a"))
	assert.NoError(t, f.Value.Set("b"))
	assert.Equal(t, []string{"a", "b"}, f.Value.(pflag.SliceValue).GetSlice())
	n := 0
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		for _, flags := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			flags.VisitAll(func(fl *pflag.Flag) {
				_, once := fl.Value.(*onceValue)
				_, list := fl.Value.(pflag.SliceValue)
				assert.True(t, once || list, "%s --%s", c.CommandPath(), fl.Name)
				n++
			})
		}
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
	assert.Greater(t, n, 50, "the walk reaches the subcommands' flags")
}
