package sce

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// buildInstanceState sets the instances' running state: stopped while the
// project is suspended; running otherwise, unless a schedule decides (an
// `up` after hours must not start scheduled instances).
func (b *builder) buildInstanceState() error {
	state := "running"
	switch {
	case b.args.Suspended:
		state = "stopped"
	case b.args.Schedule != nil:
		return nil
	}
	hosts := map[string]*ec2.Instance{b.Names.Logical("bastion"): b.compute.bastion}
	for i, w := range b.compute.workers {
		hosts[b.Names.Logical("worker", i+1)] = w
	}
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		if _, err := ec2transitgateway.NewInstanceState(b.Ctx, name+"-state", &ec2transitgateway.InstanceStateArgs{
			InstanceId: hosts[name].ID(), State: pulumi.String(state),
		}, b.Opts()...); err != nil {
			return fmt.Errorf("instance state %s: %w", name, err)
		}
	}
	return nil
}
