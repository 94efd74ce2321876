package awsconfig

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/pulumicmd"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// ImportMessage says how to bring the account's existing recorder under
// the stack stack of project project, whose baseline component of type
// componentType is named name: the warning a baseline that adopts the
// recorder logs, and its import output.
func ImportMessage(stack, project, componentType, name string) string {
	return fmt.Sprintf("sce:adoptExistingRecorder is true: this stack leaves the account's AWS Config recorder "+
		"and delivery channel alone. To manage them here instead (recording every resource type, delivering "+
		"to the config bucket), import them, then set sce:adoptExistingRecorder to false and run %s:\n%s",
		pulumicmd.Deploy("sce", stack), strings.Join(ImportCommands(stack, project, componentType, name), "\n"))
}

// ImportCommands are the `pulumi import` commands that bring an
// account's existing AWS Config recorder, delivery channel and recorder
// status, named "default", under the baseline component of type
// componentType named name in stack stack of project project, with the
// logical names the baseline gives them.
func ImportCommands(stack, project, componentType, name string) []string {
	parent := fmt.Sprintf("baseline=urn:pulumi:%s::%s::%s::%s", stack, project, componentType, name)
	n := naming.Namer{PIT: name}
	var out []string
	for _, r := range []struct{ typ, logical string }{
		{awstype.ConfigRecorder, n.Logical("config-recorder")},
		{awstype.ConfigDeliveryChannel, n.Logical("config-delivery-channel")},
		{awstype.ConfigRecorderStatus, n.Logical("config-recorder-status")},
	} {
		out = append(out, fmt.Sprintf("pulumi import -s %s --parent '%s' %s %s %s", stack, parent, r.typ, r.logical, recorderName))
	}
	return out
}
