package sce

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/compute"
)

// buildCompute creates the bastion and the workers (sce/internal/compute)
// from the public arguments and the network built so far.
func (b *builder) buildCompute() (err error) {
	w := b.args.Workers
	private := make([]string, len(b.layout.Private))
	for i, p := range b.layout.Private {
		private[i] = p.String()
	}
	b.compute, err = compute.Build(b.Scope, compute.Args{
		KeyArn: b.key.Arn, AlertTopicArn: b.alertTopic.Arn, LogRetentionDays: b.args.LogRetentionDays,
		Net: compute.Network{
			VpcID: b.net.Vpc.ID(), InternetGateway: b.net.Igw, PublicSubnet: b.net.Public[0], PublicRoute: b.net.PublicRoute,
			PrivateSubnets: b.net.Private, PrivateCidrs: private, Zones: b.zones(), PrivateRoute: b.privateRoute(),
			S3Endpoint: b.net.S3Endpoint, AllowedSSHCidrs: b.args.Network.AllowedSSHCidrs, EgressFirewall: b.egressFirewall,
		},
		AmiID: b.args.AmiID, Bastion: b.args.Access.HasBastion(), BastionType: b.args.Bastion.InstanceType,
		SecurityKeysOnly: b.args.RequireSecurityKeys,
		Workers: compute.Workers{Count: w.Count, InstanceType: w.InstanceType, DataVolumeSizeGiB: w.DataVolumeSizeGiB,
			DataVolumeIOPS: w.DataVolumeIOPS, DataVolumeThroughput: w.DataVolumeThroughput},
		Users:           researcherUsers(b.args.Researchers),
		DataInBucketArn: b.Names.BucketArn(string(BucketDataIn)), OutputBucketArn: b.Names.BucketArn(string(BucketOutput)),
		PrivateTags: b.privateTags,
	})
	return err
}

// privateRoute is the private default route, nil (not a typed nil) while
// the project is suspended and has none.
func (b *builder) privateRoute() pulumi.Resource {
	if b.net.PrivateRoute == nil {
		return nil
	}
	return b.net.PrivateRoute
}

// researcherUsers are the researchers as accounts on an instance.
func researcherUsers(rs []Researcher) []cloudinit.User {
	users := make([]cloudinit.User, len(rs))
	for i, r := range rs {
		users[i] = cloudinit.User{Username: r.Username, PublicKey: r.PublicKey, Admin: r.Admin}
	}
	return users
}

// usernames are the researchers' Linux account names.
func usernames(rs []Researcher) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Username
	}
	return names
}
