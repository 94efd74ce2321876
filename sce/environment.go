// Package sce provisions HIPAA-aligned Secure Computing Environments (SCEs)
// on AWS with Pulumi: one Environment per research project, named and tagged
// by its Project Identifier Tag (PIT).
package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/audit"
	"github.com/sce-dev/sce/sce/internal/compute"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/network"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/warehouse"
)

// EnvironmentType is the Pulumi type token of the component.
const EnvironmentType = "sce:index:Environment"

// Environment is one project's SCE: network, key, buckets, audit trail and
// alerts. Its fields are the component's outputs.
type Environment struct {
	pulumi.ResourceState

	// VpcID is the project VPC.
	VpcID pulumi.StringOutput
	// PublicSubnetIDs are the public subnets (bastion, NAT gateway), zone order.
	PublicSubnetIDs pulumi.StringArrayOutput
	// PrivateSubnetIDs are the private subnets (PHI work), zone order.
	PrivateSubnetIDs pulumi.StringArrayOutput
	// BucketNames maps each BucketRole to its bucket name.
	BucketNames pulumi.StringMapOutput
	// KmsKeyArn is the project's customer-managed key.
	KmsKeyArn pulumi.StringOutput
	// TrailArn is the project's CloudTrail trail.
	TrailArn pulumi.StringOutput
	// AlertTopicArn is the SNS topic every alarm notifies.
	AlertTopicArn pulumi.StringOutput
	// NatPublicIP is the NAT gateway's address: what outside services see
	// ("" while the project is suspended).
	NatPublicIP pulumi.StringOutput
	// BastionPublicIP is the bastion's Elastic IP: the one SSH entry point
	// ("" with AccessSessionManager, which has no bastion).
	BastionPublicIP pulumi.StringOutput
	// BastionInstanceID is the bastion instance ("" with AccessSessionManager).
	BastionInstanceID pulumi.StringOutput
	// WorkerPrivateIPs are the workers' addresses, worker 1 first.
	WorkerPrivateIPs pulumi.StringArrayOutput
	// WorkerInstanceIDs are the worker instances, worker 1 first.
	WorkerInstanceIDs pulumi.StringArrayOutput
	// DataVolumeIDs are the workers' /data volumes, worker 1 first.
	DataVolumeIDs pulumi.StringArrayOutput
	// WarehouseEndpoint is the warehouse's host:port ("" without one).
	WarehouseEndpoint pulumi.StringOutput
	// WarehouseDatabase is the warehouse's database ("" without one).
	WarehouseDatabase pulumi.StringOutput
	// WarehouseRoleArn is the role COPY and UNLOAD name ("" without one).
	WarehouseRoleArn pulumi.StringOutput
	// WarehouseAdminSecretArn is the Secrets Manager secret holding the
	// admin password ("" without one).
	WarehouseAdminSecretArn pulumi.StringOutput
}

// builder carries what the concern builders share while one Environment is
// being built: its context, arguments, names and the resources made so far.
type builder struct {
	scope.Scope
	pit    string
	args   EnvironmentArgs
	layout network.Layout

	key     *kms.Key
	net     *network.Network
	buckets map[BucketRole]*Bucket
	// replication is the role that replicates every bucket to its replica.
	replication replicationRole
	trail       audit.Trail
	alertTopic  alerts.Topic
	compute     compute.Result
	warehouse   *warehouse.Warehouse
	// egressFirewall is the DNS Firewall's association with the VPC (nil
	// unless sce:egress is allowlist); workers start after it.
	egressFirewall pulumi.Resource
}

// NewEnvironment builds the SCE of project pit. Arguments are defaulted and
// validated first: invalid arguments return ValidationErrors naming every
// bad config key, before any resource is registered.
func NewEnvironment(ctx *pulumi.Context, pit string, args *EnvironmentArgs, opts ...pulumi.ResourceOption) (*Environment, error) {
	if args == nil {
		args = &EnvironmentArgs{}
	}
	a := args.withDefaults()
	if err := Validate(pit, a); err != nil {
		return nil, err
	}
	layout, err := a.Network.layout()
	if err != nil {
		return nil, fmt.Errorf("subnet layout: %w", err)
	}
	env := &Environment{}
	if err := ctx.RegisterComponentResource(EnvironmentType, pit, env, opts...); err != nil {
		return nil, fmt.Errorf("register %s %s: %w", EnvironmentType, pit, err)
	}
	identity, err := providerAccount(ctx, env, a.Region)
	if err != nil {
		return nil, err
	}
	sc := scope.Scope{Ctx: ctx, Parent: env, Names: naming.New(pit, identity.AccountId, a.Region),
		Tagger: func(name string) pulumi.StringMap { return projectTags(a, pit).Of(name, nil) }}
	b := &builder{Scope: sc, pit: pit, args: a, layout: layout, buckets: map[BucketRole]*Bucket{}}
	if err := b.build(); err != nil {
		return nil, err
	}
	env.setOutputs(b)
	if err := ctx.RegisterResourceOutputs(env, env.Outputs()); err != nil {
		return nil, fmt.Errorf("register outputs of %s: %w", pit, err)
	}
	return env, nil
}

// build runs the concern builders in dependency order.
func (b *builder) build() error {
	steps := []func() error{
		b.buildKey, b.buildNetwork, b.buildEndpoints, b.buildAlertTopic, b.buildStorage, b.buildFlowLogs, b.buildAuditTrail, b.buildAlerts, b.buildEgress, b.buildConfigRules,
		b.buildCompute, b.buildSessions, b.buildAirlock, b.buildWarehouse, b.buildInstanceState, b.buildSchedule, b.buildWarehouseSchedule, b.buildBudget, b.buildBackup,
		b.buildPatching,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("environment %s: %w", b.pit, err)
		}
	}
	return nil
}

// privateTags returns the tags of a resource in the private subnet.
func (b *builder) privateTags(name string) pulumi.StringMap {
	return projectTags(b.args, b.pit).Of(name, map[string]string{TagPrivate: b.pit})
}

// tierTags returns privateTags for a private resource, tags otherwise.
func (b *builder) tierTags(name string, private bool) pulumi.StringMap {
	if private {
		return b.privateTags(name)
	}
	return b.Tags(name)
}

// setOutputs fills the component's output fields from the built resources.
func (env *Environment) setOutputs(b *builder) {
	env.VpcID = b.net.Vpc.ID().ToStringOutput()
	env.PublicSubnetIDs = network.SubnetIDs(b.net.Public)
	env.PrivateSubnetIDs = network.SubnetIDs(b.net.Private)
	names := pulumi.StringMap{}
	for role, bk := range b.buckets {
		names[string(role)] = bk.Name
	}
	env.BucketNames = names.ToStringMapOutput()
	env.KmsKeyArn = b.key.Arn
	env.TrailArn = b.trail.Trail.Arn
	env.AlertTopicArn = b.alertTopic.Arn
	env.NatPublicIP = pulumi.String("").ToStringOutput()
	if b.net.NatEip != nil {
		env.NatPublicIP = b.net.NatEip.PublicIp
	}
	env.BastionPublicIP, env.BastionInstanceID = pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
	if b.compute.Bastion != nil {
		env.BastionPublicIP = b.compute.BastionEip.PublicIp
		env.BastionInstanceID = b.compute.Bastion.ID().ToStringOutput()
	}
	ips, ids, vols := pulumi.StringArray{}, pulumi.StringArray{}, pulumi.StringArray{}
	for i, w := range b.compute.Workers {
		ips = append(ips, w.PrivateIp)
		ids = append(ids, w.ID().ToStringOutput())
		vols = append(vols, b.compute.Volumes[i].ID().ToStringOutput())
	}
	env.WorkerPrivateIPs, env.WorkerInstanceIDs, env.DataVolumeIDs = ips.ToStringArrayOutput(), ids.ToStringArrayOutput(), vols.ToStringArrayOutput()
	env.setWarehouseOutputs(b.warehouse)
}

// setWarehouseOutputs fills the warehouse's outputs; empty strings without one.
func (env *Environment) setWarehouseOutputs(w *warehouse.Warehouse) {
	none := pulumi.String("").ToStringOutput()
	env.WarehouseEndpoint, env.WarehouseDatabase, env.WarehouseRoleArn, env.WarehouseAdminSecretArn = none, none, none, none
	if w == nil {
		return
	}
	env.WarehouseEndpoint, env.WarehouseDatabase = w.Cluster.Endpoint, w.Cluster.DatabaseName
	env.WarehouseRoleArn, env.WarehouseAdminSecretArn = w.Role.Arn, w.Cluster.MasterPasswordSecretArn
}

// Outputs returns the component's output fields by their output names, as
// registered with RegisterResourceOutputs; stacks export them.
func (env *Environment) Outputs() pulumi.Map {
	return pulumi.Map{
		OutputVpcID:             env.VpcID,
		OutputPublicSubnetIDs:   env.PublicSubnetIDs,
		OutputPrivateSubnetIDs:  env.PrivateSubnetIDs,
		OutputBucketNames:       env.BucketNames,
		OutputKmsKeyArn:         env.KmsKeyArn,
		OutputTrailArn:          env.TrailArn,
		OutputAlertTopicArn:     env.AlertTopicArn,
		OutputNatPublicIP:       env.NatPublicIP,
		OutputBastionPublicIP:   env.BastionPublicIP,
		OutputBastionInstanceID: env.BastionInstanceID,
		OutputWorkerPrivateIPs:  env.WorkerPrivateIPs,
		OutputWorkerInstanceIDs: env.WorkerInstanceIDs,
		OutputDataVolumeIDs:     env.DataVolumeIDs,

		OutputWarehouseEndpoint:       env.WarehouseEndpoint,
		OutputWarehouseDatabase:       env.WarehouseDatabase,
		OutputWarehouseRoleArn:        env.WarehouseRoleArn,
		OutputWarehouseAdminSecretArn: env.WarehouseAdminSecretArn,
	}
}
