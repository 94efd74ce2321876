// Package compute creates a project's instances: the bastion (SSH jump
// host) and the workers with their roles, security groups, encrypted data
// volumes, the Systems Manager agent's policy and the SSH audit log group
// with its alarms. It also says which researcher accounts and keys an
// instance accepts.
package compute

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Network is what the instances need from the project's network.
type Network struct {
	// VpcID is the project VPC.
	VpcID pulumi.StringInput
	// InternetGateway is what the bastion's Elastic IP waits for.
	InternetGateway pulumi.Resource
	// PublicSubnet is where the bastion runs (the first public subnet).
	PublicSubnet *ec2.Subnet
	// PublicRoute is the public default route the bastion boots with.
	PublicRoute pulumi.Resource
	// PrivateSubnets are the workers' subnets, zone order.
	PrivateSubnets []*ec2.Subnet
	// PrivateCidrs are the private subnets' CIDR blocks, zone order.
	PrivateCidrs []string
	// Zones are the availability zones of the private subnets, in order.
	Zones []string
	// PrivateRoute is the private default route (nil while suspended).
	PrivateRoute pulumi.Resource
	// EgressFirewall is the DNS Firewall's association with the VPC (nil
	// unless egress is allowlist): workers start after it, so that their
	// first lookups are already filtered.
	EgressFirewall pulumi.Resource
	// S3Endpoint is the project's S3 gateway endpoint.
	S3Endpoint *ec2.VpcEndpoint
	// AllowedSSHCidrs are the client networks SSH may come from.
	AllowedSSHCidrs []string
}

// Workers configure the workers.
type Workers struct {
	// Count is how many workers run.
	Count int
	// InstanceType is the workers' instance type.
	InstanceType string
	// DataVolumeSizeGiB, DataVolumeIOPS and DataVolumeThroughput size each
	// worker's gp3 data volume.
	DataVolumeSizeGiB, DataVolumeIOPS, DataVolumeThroughput int
}

// Args are the inputs of Build.
type Args struct {
	// KeyArn is the project key that encrypts volumes and logs.
	KeyArn pulumi.StringOutput
	// AlertTopicArn is the topic the SSH alarms notify.
	AlertTopicArn pulumi.StringInput
	// LogRetentionDays is how long the SSH log group keeps events.
	LogRetentionDays int
	// Net is the project network.
	Net Network
	// AmiID pins the image; "" looks up the current Amazon Linux 2023.
	AmiID string
	// Bastion says whether the project has a bastion (sce:access bastion);
	// without one, SSH reaches the workers through Session Manager.
	Bastion bool
	// BastionType is the bastion's instance type.
	BastionType string
	// SecurityKeysOnly limits sshd on every instance to FIDO2 security keys
	// with verification at every login.
	SecurityKeysOnly bool
	// Workers configure the workers.
	Workers Workers
	// Users are the researchers' accounts on every instance.
	Users []cloudinit.User
	// DataInBucketArn and OutputBucketArn are the buckets workers read and write.
	DataInBucketArn, OutputBucketArn string
	// PrivateTags returns the tags of a resource in the private subnet.
	PrivateTags func(name string) pulumi.StringMap
}

// Result holds the instances other concerns and outputs refer to.
type Result struct {
	// Bastion is the jump host; nil without one.
	Bastion *ec2.Instance
	// BastionEip is the bastion's Elastic IP; nil without a bastion.
	BastionEip *ec2.Eip
	// BastionSG and WorkerSG are the hosts' security groups (BastionSG nil
	// without a bastion).
	BastionSG, WorkerSG *ec2.SecurityGroup
	// Workers are the workers, worker 1 first.
	Workers []*ec2.Instance
	// WorkerRole is the workers' IAM role: policies other concerns attach
	// to it name it by this resource's name output, so that they follow a
	// renamed role instead of silently naming one that no longer exists.
	WorkerRole *iam.Role
	// Volumes are the workers' data volumes, worker 1 first.
	Volumes []*ebs.Volume
}

// builder carries one Build call.
type builder struct {
	scope.Scope
	a        Args
	ssmAgent *iam.Policy
	res      Result
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

// rootVolumeSizeGiB is the encrypted root volume of every instance.
const rootVolumeSizeGiB = 30

// anywhere is the IPv4 "any address" block.
const anywhere = "0.0.0.0/0"

// Build creates the bastion and the workers with their roles, security
// groups, data volumes and SSH audit logging.
func Build(s scope.Scope, a Args) (Result, error) {
	b := &builder{Scope: s, a: a}
	img, err := b.image()
	if err != nil {
		return Result{}, err
	}
	sshLogs, err := b.sshLogging()
	if err != nil {
		return Result{}, err
	}
	if err := b.buildSSMAgentPolicy(); err != nil {
		return Result{}, err
	}
	if a.Bastion {
		if err := b.buildBastion(img, sshLogs); err != nil {
			return Result{}, err
		}
	}
	if err := b.buildWorkers(img, sshLogs); err != nil {
		return Result{}, err
	}
	return b.res, nil
}

// image returns the pinned AMI or looks up the current Amazon Linux 2023.
func (b *builder) image() (image, error) {
	if b.a.AmiID != "" {
		return image{id: b.a.AmiID, pinned: true}, nil
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

// tierTags returns the private tags for a private resource, tags otherwise.
func (b *builder) tierTags(name string, private bool) pulumi.StringMap {
	if private {
		return b.a.PrivateTags(name)
	}
	return b.Tags(name)
}

// PatchGroupTag is the tag whose value (the PIT) puts an instance in the
// project's Systems Manager patch group.
const PatchGroupTag = "Patch Group"

// instanceTags are an instance's tags: its tier's, plus its patch group.
func (b *builder) instanceTags(name string, private bool) pulumi.StringMap {
	tags := pulumi.StringMap{PatchGroupTag: pulumi.String(b.Names.PIT)}
	for k, v := range b.tierTags(name, private) {
		tags[k] = v
	}
	return tags
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
			Encrypted: pulumi.Bool(true), KmsKeyId: b.a.KeyArn, DeleteOnTermination: pulumi.Bool(true),
			Tags: b.tierTags(h.name+"-root", !h.public),
		},
		UserData:                h.userData,
		UserDataReplaceOnChange: pulumi.Bool(true),
		Tags:                    b.instanceTags(h.name, !h.public),
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
	pit := b.Names.PIT
	sg, rules, err := SecurityGroup(b.Scope, b.a.Net.VpcID, cloudinit.Bastion, "SSH jump host of project "+pit+": SSH in from allowed networks only", b.bastionRules())
	if err != nil {
		return err
	}
	policy, err := bastionPolicy(b.Names)
	if err != nil {
		return fmt.Errorf("bastion policy: %w", err)
	}
	_, profile, err := b.instanceRole(cloudinit.Bastion, pulumi.String(policy))
	if err != nil {
		return err
	}
	userData, err := cloudinit.Render(cloudinit.Host{Role: cloudinit.Bastion, PIT: pit, Users: b.a.Users, SSHLogGroup: sshLogs,
		SecurityKeysOnly: b.a.SecurityKeysOnly})
	if err != nil {
		return err
	}
	name := b.Names.Logical("bastion")
	inst, err := b.instance(hostSpec{name: name, instanceType: b.a.BastionType,
		subnet: b.a.Net.PublicSubnet, public: true, sg: sg, profile: profile.Name, userData: pulumi.String(userData),
		after: slices.Concat(rules, []pulumi.Resource{b.a.Net.PublicRoute, b.a.Net.S3Endpoint})}, img)
	if err != nil {
		return err
	}
	eipName := b.Names.Logical("bastion-eip")
	eip, err := ec2.NewEip(b.Ctx, eipName, &ec2.EipArgs{Domain: pulumi.String("vpc"), Instance: inst.ID(), Tags: b.Tags(eipName)},
		b.Opts(pulumi.DependsOn([]pulumi.Resource{b.a.Net.InternetGateway}))...)
	if err != nil {
		return fmt.Errorf("bastion eip: %w", err)
	}
	b.res.Bastion, b.res.BastionEip, b.res.BastionSG = inst, eip, sg
	return nil
}
