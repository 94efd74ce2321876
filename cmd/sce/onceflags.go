package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// onceFlags makes every single-value flag of cmd and of its subcommands
// refuse a second value. pflag keeps the last value of a flag given twice,
// so `sce audit --pit a --pit b` would have reported on b alone, and
// `--format table --format json` printed JSON. Flags that take a list keep
// taking one value per use.
func onceFlags(cmd *cobra.Command) {
	wrap := func(f *pflag.Flag) {
		if _, done := f.Value.(*onceValue); done {
			return
		}
		if _, list := f.Value.(pflag.SliceValue); list || f.Value.Type() == "count" {
			return
		}
		f.Value = &onceValue{Value: f.Value}
	}
	cmd.Flags().VisitAll(wrap)
	cmd.PersistentFlags().VisitAll(wrap)
	for _, c := range cmd.Commands() {
		onceFlags(c)
	}
}

// onceValue is a flag value that can be set once.
type onceValue struct {
	pflag.Value
	first string
	set   bool
}

// Set sets the value, or refuses a second one.
func (o *onceValue) Set(s string) error {
	if o.set {
		return fmt.Errorf("given twice (%q, then %q): give it once", o.first, s)
	}
	o.first, o.set = s, true
	return o.Value.Set(s)
}
