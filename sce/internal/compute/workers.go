package compute

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// buildWorkers creates the workers, spread over the private subnets, each
// with its own protected, encrypted data volume.
func (b *builder) buildWorkers(img image, sshLogs string) error {
	sg, rules, err := SecurityGroup(b.Scope, b.a.Net.VpcID, cloudinit.Worker, b.workerSGDescription(), b.workerRules(b.res.BastionSG))
	if err != nil {
		return err
	}
	b.res.WorkerSG = sg
	policy := b.a.KeyArn.ApplyT(func(arn string) (string, error) {
		return workerPolicy(b.Names, b.a.DataInBucketArn, b.a.OutputBucketArn, arn)
	}).(pulumi.StringOutput)
	role, profile, err := b.instanceRole(cloudinit.Worker, policy)
	if err != nil {
		return err
	}
	b.res.WorkerRole = role
	zones := b.a.Net.Zones
	for i := range b.a.Workers.Count {
		zone := i % len(zones)
		if err := b.worker(i+1, zones[zone], b.a.Net.PrivateSubnets[zone], sg, rules, profile.Name, img, sshLogs); err != nil {
			return err
		}
	}
	return nil
}

// worker creates worker n: its data volume first (protected: replacing the
// instance never loses /data), then the instance, whose cloud-init mounts
// the volume by ID, then the attachment. A replaced worker's attachment is
// deleted before the new one is made: a volume attaches to one instance.
func (b *builder) worker(n int, zone string, subnet *ec2.Subnet, sg *ec2.SecurityGroup, rules []pulumi.Resource,
	profile pulumi.StringInput, img image, sshLogs string) error {
	name := b.Names.Logical("worker", n)
	w := b.a.Workers
	volName := name + "-data"
	vol, err := ebs.NewVolume(b.Ctx, volName, &ebs.VolumeArgs{
		AvailabilityZone: pulumi.String(zone), Type: pulumi.String("gp3"), Size: pulumi.Int(w.DataVolumeSizeGiB),
		Iops: pulumi.Int(w.DataVolumeIOPS), Throughput: pulumi.Int(w.DataVolumeThroughput),
		Encrypted: pulumi.Bool(true), KmsKeyId: b.a.KeyArn, Tags: b.a.PrivateTags(volName),
	}, b.Opts(pulumi.Protect(true))...)
	if err != nil {
		return fmt.Errorf("data volume %s: %w", volName, err)
	}
	userData := vol.ID().ToStringOutput().ApplyT(func(id string) (string, error) {
		return cloudinit.Render(cloudinit.Host{Role: cloudinit.Worker, PIT: b.Names.PIT, Users: b.a.Users, SSHLogGroup: sshLogs, DataVolumeID: id,
			SecurityKeysOnly: b.a.SecurityKeysOnly})
	}).(pulumi.StringOutput)
	after := slices.Concat(rules, []pulumi.Resource{b.a.Net.S3Endpoint})
	if b.a.Net.EgressFirewall != nil {
		after = append(after, b.a.Net.EgressFirewall)
	}
	if b.a.Net.PrivateRoute != nil {
		after = append(after, b.a.Net.PrivateRoute)
	}
	inst, err := b.instance(hostSpec{name: name, instanceType: w.InstanceType, subnet: subnet,
		sg: sg, profile: profile, userData: userData, after: after}, img)
	if err != nil {
		return err
	}
	if _, err := ec2.NewVolumeAttachment(b.Ctx, volName+"-attachment", &ec2.VolumeAttachmentArgs{
		DeviceName: pulumi.String(dataDevice), VolumeId: vol.ID(), InstanceId: inst.ID(),
		StopInstanceBeforeDetaching: pulumi.Bool(true),
	}, b.Opts(pulumi.DeleteBeforeReplace(true))...); err != nil {
		return fmt.Errorf("data volume attachment %s: %w", volName, err)
	}
	b.res.Workers = append(b.res.Workers, inst)
	b.res.Volumes = append(b.res.Volumes, vol)
	return nil
}

// workerSGDescription says where the workers' SSH comes from.
func (b *builder) workerSGDescription() string {
	if b.a.Bastion {
		return "Workers of project " + b.Names.PIT + ": SSH in from the bastion only"
	}
	return "Workers of project " + b.Names.PIT + ": nothing in; SSH arrives through Session Manager"
}
