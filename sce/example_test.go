package sce_test

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// vitals is the Pulumi program of the README's example: one research
// project's environment, built from typed arguments. A user's main.go calls
// pulumi.Run(vitals); keep the two texts the same.
func vitals(ctx *pulumi.Context) error {
	env, err := sce.NewEnvironment(ctx, "vitals", &sce.EnvironmentArgs{
		Region: "us-west-2",
		Project: sce.ProjectInfo{
			Title:                 "Vital signs of a synthetic cohort",
			PrincipalInvestigator: "Dr. K. Researcher",
			Owner:                 "k.researcher@example.edu",
			IRBProtocol:           "STUDY00012345",
			StudyEndDate:          "2027-06-30",
		},
		Network: sce.NetworkArgs{
			VpcCidr:          "10.30.0.0/16",
			AvailabilityZone: "us-west-2a",
			AllowedSSHCidrs:  []string{"198.51.100.0/24"},
		},
		AlertEmails:  []string{"sce-security@example.edu"},
		AdminRoleArn: "arn:aws:iam::123456789012:role/sce-admin",
		Workers:      sce.WorkerArgs{Count: 1},
		Researchers: []sce.Researcher{{
			Username:  "kresearcher",
			PublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlW9/6wmkNBOaNo0qnLerscqzVQGZCQR0ZMjF9y0Goq kresearcher@laptop",
		}},
		Budget: sce.BudgetArgs{MonthlyUSD: 1500},
	})
	if err != nil {
		return err
	}
	ctx.Export("bastionPublicIp", env.BastionPublicIP)
	return nil
}

// ExampleNewEnvironment runs the program above as `pulumi up -s vitals`
// would, but offline: the plan engine answers the SDK's mocks, so AWS is not
// contacted. The environment is validated before any resource exists; the
// VPC gets dedicated tenancy without asking, and the researcher's account
// lives on the bastion and on the one worker.
func ExampleNewEnvironment() {
	p, err := plan.Run(context.Background(), plan.RunOptions{
		Stack:  "vitals",
		Config: map[string]string{"aws:region": "us-west-2"},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			return nil, vitals(ctx)
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, vpc := range p.Find(awstype.EC2Vpc) {
		fmt.Println(vpc.Name, vpc.Inputs["cidrBlock"], vpc.Inputs["instanceTenancy"])
	}
	for _, instance := range p.Find(awstype.EC2Instance) {
		fmt.Println(instance.Name, instance.Inputs["instanceType"])
	}
	// Output:
	// vitals-vpc 10.30.0.0/16 dedicated
	// vitals-bastion m5.large
	// vitals-worker-1 m5.xlarge
}
