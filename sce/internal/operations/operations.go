// Package operations creates what runs a project day to day: the working-
// hours schedule that stops and starts its instances, their running state
// while the project is suspended, its monthly cost budget and its backups.
package operations

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Instances are the project's instances the schedule and the running state
// act on.
type Instances struct {
	// Bastion is the project's bastion host; nil without one.
	Bastion *ec2.Instance
	// Workers are the project's workers, worker 1 first.
	Workers []*ec2.Instance
}

// IDs are the bastion's and the workers' instance IDs, bastion first.
func (in Instances) IDs() pulumi.StringArrayOutput {
	ids := pulumi.StringArray{}
	if in.Bastion != nil {
		ids = append(ids, in.Bastion.ID().ToStringOutput())
	}
	for _, w := range in.Workers {
		ids = append(ids, w.ID().ToStringOutput())
	}
	return ids.ToStringArrayOutput()
}
