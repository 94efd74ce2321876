package main

import (
	"time"

	"github.com/spf13/cobra"
)

// lifecycle is what the project lifecycle commands (request, audit,
// closeout) need from outside: the clock and the AWS-backed services.
// Tests bring their own.
type lifecycle struct {
	now      func() time.Time
	audit    auditServices
	closeout closeoutServices
}

// defaultLifecycle uses the system clock and real AWS.
func defaultLifecycle() lifecycle {
	return lifecycle{now: time.Now, audit: awsAuditServices{}, closeout: awsCloseoutServices{}}
}

// lifecycleCommands are sce request, sce audit and sce closeout.
func lifecycleCommands(a app) []*cobra.Command { return newLifecycleCommands(a, defaultLifecycle()) }

func newLifecycleCommands(a app, l lifecycle) []*cobra.Command {
	return []*cobra.Command{newRequestCmd(a, l), newAuditCmd(l), newCloseoutCmd(l)}
}
