package sce_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/cputime"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// BenchmarkPlanHipaa measures one offline plan of the first project's
// Environment, built from hipaaArgs, to the sorted plan (the stack file's
// share is measured in package stacks).
func BenchmarkPlanHipaa(b *testing.B) {
	start := cputime.Used()
	for b.Loop() {
		_, err := runEnvironment(hipaaPIT, hipaaArgs())
		require.NoError(b, err)
	}
	cputime.Report(b, start)
}

// BenchmarkPlanMany measures one offline run that builds 20 environments,
// as an account with 20 projects would hold.
func BenchmarkPlanMany(b *testing.B) {
	const projects = 20
	program := func(ctx *pulumi.Context) (pulumi.Map, error) {
		for i := range projects {
			args := benchArgs(i)
			if _, err := sce.NewEnvironment(ctx, fmt.Sprintf("proj%02d", i), &args); err != nil {
				return nil, err
			}
		}
		return pulumi.Map{}, nil
	}
	start := cputime.Used()
	for b.Loop() {
		p, err := plan.Run(context.Background(), plan.RunOptions{Stack: "many", Config: map[string]string{"aws:region": region}, Program: program})
		require.NoError(b, err)
		require.Len(b, p.Find(sce.EnvironmentType), projects)
	}
	cputime.Report(b, start)
}

// benchArgs are valid arguments of project i, each with its own /16.
func benchArgs(i int) sce.EnvironmentArgs {
	return sce.EnvironmentArgs{
		Region: region,
		Project: sce.ProjectInfo{Title: "bench", PrincipalInvestigator: "PI", Owner: "pi@example.edu",
			IRBProtocol: fmt.Sprintf("STUDY%03d", i), StudyEndDate: "2027-06-30"},
		Network: sce.NetworkArgs{VpcCidr: fmt.Sprintf("10.%d.0.0/16", 100+i), AvailabilityZone: "us-west-2a",
			AllowedSSHCidrs: []string{"198.51.100.0/24"}},
		AlertEmails:  []string{"security@example.edu"},
		AdminRoleArn: "arn:aws:iam::123456789012:role/sce-admin",
		Workers:      sce.WorkerArgs{Count: 1},
		Budget:       sce.BudgetArgs{MonthlyUSD: 1000},
		Researchers: []sce.Researcher{{Username: "jdoe",
			PublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM6LVb62UeK4McGjg1LUGddQMczMUftf2skGP01AmeKT jdoe@laptop"}},
	}
}
