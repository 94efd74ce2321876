package operations

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// InstanceState sets the instances' running state: stopped while the
// project is suspended; running otherwise, unless a schedule decides
// (scheduled: an `up` after hours must not start scheduled instances).
func InstanceState(s scope.Scope, in Instances, suspended, scheduled bool) error {
	state := "running"
	switch {
	case suspended:
		state = "stopped"
	case scheduled:
		return nil
	}
	hosts := map[string]*ec2.Instance{}
	if in.Bastion != nil {
		hosts[s.Names.Logical("bastion")] = in.Bastion
	}
	for i, w := range in.Workers {
		hosts[s.Names.Logical("worker", i+1)] = w
	}
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		if _, err := ec2transitgateway.NewInstanceState(s.Ctx, name+"-state", &ec2transitgateway.InstanceStateArgs{
			InstanceId: hosts[name].ID(), State: pulumi.String(state),
		}, s.Opts()...); err != nil {
			return fmt.Errorf("instance state %s: %w", name, err)
		}
	}
	return nil
}
