package main

import (
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// lifecycle is what the project lifecycle commands (request, audit,
// egress, closeout) need from outside: the clock, the AWS-backed services and
// whether the input is a terminal. Tests bring their own.
type lifecycle struct {
	now      func() time.Time
	audit    auditServices
	closeout closeoutServices
	egress   egressServices
	// terminal reports whether the command's input is a terminal a person
	// types into.
	terminal func(io.Reader) bool
}

// defaultLifecycle uses the system clock, real AWS and the real input.
func defaultLifecycle() lifecycle {
	return lifecycle{now: time.Now, audit: awsAuditServices{}, closeout: awsCloseoutServices{}, egress: awsEgressServices{}, terminal: isTerminalInput}
}

// isTerminalInput reports whether r is a terminal.
func isTerminalInput(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// lifecycleCommands are sce request, sce audit, sce egress and sce closeout.
func lifecycleCommands(a app) []*cobra.Command { return newLifecycleCommands(a, defaultLifecycle()) }

func newLifecycleCommands(a app, l lifecycle) []*cobra.Command {
	return []*cobra.Command{newRequestCmd(a, l), newAuditCmd(a, l), newEgressCmd(l), newCloseoutCmd(a, l)}
}
