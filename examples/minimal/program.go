package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/sce-dev/sce/sce"
)

// program builds the environment of project "minimal" from this stack's
// config, as any Pulumi program would, and exports what IT hands to the
// researcher.
func program(ctx *pulumi.Context) error {
	outs, err := build(ctx)
	if err != nil {
		return err
	}
	for name, value := range outs {
		ctx.Export(name, value)
	}
	return nil
}

// build creates the environment and returns the stack outputs.
func build(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg := config.New(ctx, "sce-minimal")
	env, err := sce.NewEnvironment(ctx, "minimal", &sce.EnvironmentArgs{
		Region: config.Require(ctx, "aws:region"),
		Project: sce.ProjectInfo{
			Title:                 "Minimal example",
			PrincipalInvestigator: "Dr. K. Researcher",
			Owner:                 cfg.Require("alertEmail"),
			IRBProtocol:           "STUDY00000001",
			StudyEndDate:          "2027-12-31",
		},
		Network: sce.NetworkArgs{
			VpcCidr:          "10.40.0.0/16",
			AvailabilityZone: config.Require(ctx, "aws:region") + "a",
			AllowedSSHCidrs:  []string{cfg.Require("allowedSshCidr")},
		},
		AlertEmails:  []string{cfg.Require("alertEmail")},
		AdminRoleArn: cfg.Require("adminRoleArn"),
		Workers:      sce.WorkerArgs{Count: 1},
		Researchers:  []sce.Researcher{{Username: cfg.Require("researcher"), PublicKey: cfg.Require("researcherKey")}},
		Budget:       sce.BudgetArgs{MonthlyUSD: 1000},
	})
	if err != nil {
		return nil, err
	}
	return pulumi.Map{
		sce.OutputBastionPublicIP:  env.BastionPublicIP,
		sce.OutputWorkerPrivateIPs: env.WorkerPrivateIPs,
		sce.OutputBucketNames:      env.BucketNames,
	}, nil
}
