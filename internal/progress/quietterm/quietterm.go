// Package quietterm keeps the terminal library that the Pulumi SDK links into
// sce from querying the terminal while the program starts.
//
// The Pulumi SDK's Go package imports Bubble Tea, whose package initializer
// asks the terminal for its background colour and cursor position
// (ESC]11;? and ESC[6n) and waits up to five seconds for the answer with the
// terminal in raw mode. On a terminal that never answers, every sce command
// would hang for five seconds and swallow what the user types meanwhile,
// such as the stack name at the close-out prompt. sce draws no colours and
// needs no answer, so this package sets TERM=dumb, which makes the library
// skip the query, before that initializer runs, and Restore puts the
// original TERM back for the rest of the run.
//
// Go initializes packages in import-path order among those whose imports are
// ready. This package imports only os, so it runs as soon as os is ready,
// long before Bubble Tea, whose imports (os/exec, regexp, golang.org/x/sys
// and more) come later; cmd/sce's terminal test proves the order holds.
package quietterm

import "os"

// original is TERM as the process received it.
var original, hadTerm = os.LookupEnv("TERM")

func init() {
	if err := os.Setenv("TERM", "dumb"); err != nil {
		panic("quietterm: set TERM: " + err.Error())
	}
}

// Restore sets TERM back to the value the process started with. Call it
// first in main, after every package has been initialized.
func Restore() error {
	if !hadTerm {
		return os.Unsetenv("TERM")
	}
	return os.Setenv("TERM", original)
}
