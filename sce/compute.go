package sce

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// compute holds the instances other concerns and outputs refer to.
type compute struct {
	bastion    *ec2.Instance
	bastionEip *ec2.Eip
	workers    []*ec2.Instance
	volumes    []*ebs.Volume
	// ssmAgent is the Systems Manager agent's policy every instance role attaches.
	ssmAgent *iam.Policy
}

// image is the AMI instances boot from and whether it was pinned.
type image struct {
	id     string
	pinned bool
}

// al2023NamePattern matches the current Amazon Linux 2023 x86-64 images.
const al2023NamePattern = "al2023-ami-2023.*-kernel-*-x86_64"

// dataDevice is where each worker's data volume is attached.
const dataDevice = "/dev/sdf"

// buildCompute creates the bastion and the workers with their roles,
// security groups, data volumes and SSH audit logging.
func (b *builder) buildCompute() error {
	img, err := b.image()
	if err != nil {
		return err
	}
	sshLogs, err := b.sshLogging()
	if err != nil {
		return err
	}
	if err := b.buildSSMAgentPolicy(); err != nil {
		return err
	}
	if err := b.buildBastion(img, sshLogs); err != nil {
		return err
	}
	return b.buildWorkers(img, sshLogs)
}

// image returns the pinned AMI or looks up the current Amazon Linux 2023.
func (b *builder) image() (image, error) {
	if b.args.AmiID != "" {
		return image{id: b.args.AmiID, pinned: true}, nil
	}
	mostRecent := true
	res, err := ec2.LookupAmi(b.Ctx, &ec2.LookupAmiArgs{
		MostRecent: &mostRecent,
		Owners:     []string{"amazon"},
		Filters: []ec2.GetAmiFilter{
			{Name: "name", Values: []string{al2023NamePattern}},
			{Name: "architecture", Values: []string{"x86_64"}},
			{Name: "virtualization-type", Values: []string{"hvm"}},
			{Name: "state", Values: []string{"available"}},
		},
	}, pulumi.Parent(b.Parent))
	if err != nil {
		return image{}, fmt.Errorf("look up the Amazon Linux 2023 image: %w", err)
	}
	return image{id: res.Id}, nil
}

// instanceOptions protect instances from replacement when a newer image is
// published: a looked-up AMI is ignored by later updates (docs/deployment-facts.md#12).
func (b *builder) instanceOptions(img image, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	if !img.pinned {
		extra = append(extra, pulumi.IgnoreChanges([]string{"ami"}))
	}
	return b.Opts(extra...)
}

// hostSpec is what differs between the bastion and a worker.
type hostSpec struct {
	name         string
	instanceType string
	subnet       *ec2.Subnet
	public       bool
	sg           *ec2.SecurityGroup
	profile      pulumi.StringInput
	userData     pulumi.StringInput
	// after are what must exist before the instance boots: its security
	// group rules and its way out (route, endpoint), so cloud-init can
	// install packages.
	after []pulumi.Resource
}

// instance creates one dedicated instance: IMDSv2 only (hop limit 1), root
// volume encrypted with the project key, detailed monitoring, "stop" when
// shut down from inside, no termination protection (close-out must work).
// A change of its user data (a researcher added or removed) replaces it:
// cloud-init creates accounts only on an instance's first boot, so a
// replacement is the only way the change reaches the host. Research data
// lives on the separate data volume, which is re-attached.
func (b *builder) instance(h hostSpec, img image) (*ec2.Instance, error) {
	inst, err := ec2.NewInstance(b.Ctx, h.name, &ec2.InstanceArgs{
		Ami:                               pulumi.String(img.id),
		InstanceType:                      pulumi.String(h.instanceType),
		Tenancy:                           pulumi.String("dedicated"),
		SubnetId:                          h.subnet.ID(),
		AssociatePublicIpAddress:          pulumi.Bool(false),
		VpcSecurityGroupIds:               pulumi.StringArray{h.sg.ID()},
		IamInstanceProfile:                h.profile,
		Monitoring:                        pulumi.Bool(true),
		DisableApiTermination:             pulumi.Bool(false),
		InstanceInitiatedShutdownBehavior: pulumi.String("stop"),
		MetadataOptions: &ec2.InstanceMetadataOptionsArgs{
			HttpEndpoint: pulumi.String("enabled"), HttpTokens: pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1), InstanceMetadataTags: pulumi.String("disabled"),
		},
		RootBlockDevice: &ec2.InstanceRootBlockDeviceArgs{
			VolumeType: pulumi.String("gp3"), VolumeSize: pulumi.Int(rootVolumeSizeGiB),
			Encrypted: pulumi.Bool(true), KmsKeyId: b.key.Arn, DeleteOnTermination: pulumi.Bool(true),
			Tags: b.tierTags(h.name+"-root", !h.public),
		},
		UserData:                h.userData,
		UserDataReplaceOnChange: pulumi.Bool(true),
		Tags:                    b.tierTags(h.name, !h.public),
	}, b.instanceOptions(img, pulumi.DependsOn(h.after))...)
	if err != nil {
		return nil, fmt.Errorf("instance %s: %w", h.name, err)
	}
	return inst, nil
}

// buildBastion creates the jump host in the first public subnet with an
// Elastic IP, so researchers' SSH config keeps working across restarts. The
// instance itself asks for no public IP: its one public address is the
// Elastic IP, associated once the instance runs. Until then it installs its
// packages from the Amazon Linux repositories through the S3 gateway
// endpoint, which is on the public route table too, so it waits for it.
func (b *builder) buildBastion(img image, sshLogs string) error {
	sg, rules, err := b.securityGroup(cloudinit.Bastion, "SSH jump host of project "+b.pit+": SSH in from allowed networks only", b.bastionRules())
	if err != nil {
		return err
	}
	policy, err := bastionPolicy(b.Names)
	if err != nil {
		return fmt.Errorf("bastion policy: %w", err)
	}
	profile, err := b.instanceRole(cloudinit.Bastion, pulumi.String(policy))
	if err != nil {
		return err
	}
	userData, err := cloudinit.Render(cloudinit.Host{Role: cloudinit.Bastion, PIT: b.pit, Users: b.users(), SSHLogGroup: sshLogs})
	if err != nil {
		return err
	}
	name := b.Names.Logical("bastion")
	inst, err := b.instance(hostSpec{name: name, instanceType: b.args.Bastion.InstanceType,
		subnet: b.net.Public[0], public: true, sg: sg, profile: profile.Name, userData: pulumi.String(userData),
		after: slices.Concat(rules, []pulumi.Resource{b.net.PublicRoute, b.net.S3Endpoint})}, img)
	if err != nil {
		return err
	}
	eipName := b.Names.Logical("bastion-eip")
	eip, err := ec2.NewEip(b.Ctx, eipName, &ec2.EipArgs{Domain: pulumi.String("vpc"), Instance: inst.ID(), Tags: b.Tags(eipName)},
		b.Opts(pulumi.DependsOn([]pulumi.Resource{b.net.Igw}))...)
	if err != nil {
		return fmt.Errorf("bastion eip: %w", err)
	}
	b.compute.bastion, b.compute.bastionEip, b.bastionSG = inst, eip, sg
	return nil
}
