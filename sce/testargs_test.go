package sce_test

import "github.com/sce-dev/sce/sce"

// The library's tests build their arguments here, in Go, so that editing an
// example stack file never changes what a library test checks. They mirror
// the shipped example stacks (hipaa, omop, account) value for value, which
// keeps the plans the tests read the ones `sce plan` shows for those stacks.

// Names of the example project and baseline, also the stacks they plan in.
const (
	hipaaPIT      = "hipaa"
	omopPIT       = "omop"
	baselineStack = "account"
)

// Researchers' public keys (made for the tests; no private key exists anywhere).
const (
	kresearcherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlW9/6wmkNBOaNo0qnLerscqzVQGZCQR0ZMjF9y0Goq kresearcher@laptop"
	jdoeKey        = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM6LVb62UeK4McGjg1LUGddQMczMUftf2skGP01AmeKT jdoe@laptop"
	analystKey     = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPlN5av0/Zm06MuEYKmTm1KjMIbPXxCWHBsr3GPn8iUTH29Z08oXqbSgk12qLalWglNfoktcZEItcuF5LDFuaqk= analyst@workstation"
)

// hipaaArgs are the arguments of the first project (proof of concept A:
// synthetic vitals data, one bastion, one worker, a working-hours schedule
// that also starts the instances).
func hipaaArgs() sce.EnvironmentArgs {
	return sce.EnvironmentArgs{
		Region: region,
		Project: sce.ProjectInfo{
			Title:                 "POC A: synthetic vitals time series",
			PrincipalInvestigator: "Dr. K. Researcher",
			Owner:                 "k.researcher@example.edu",
			IRBProtocol:           "STUDY00012345",
			StudyEndDate:          "2027-06-30",
			DataClass:             sce.DataClassPHI,
		},
		Network: sce.NetworkArgs{
			VpcCidr:          "10.20.0.0/16",
			AvailabilityZone: "us-west-2a",
			AllowedSSHCidrs:  []string{"198.51.100.0/24", "203.0.113.0/25"},
		},
		AlertEmails:      []string{"sce-security@example.edu", "k.researcher@example.edu"},
		LogRetentionDays: 365,
		AuditLockDays:    365,
		AdminRoleArn:     adminRole,
		Bastion:          sce.BastionArgs{InstanceType: "m5.large"},
		Workers:          sce.WorkerArgs{Count: 1, InstanceType: "m5.xlarge", DataVolumeSizeGiB: 100},
		Researchers: []sce.Researcher{
			{Username: "kresearcher", Email: "k.researcher@example.edu", Admin: true, PublicKey: kresearcherKey},
			{Username: "jdoe", Email: "j.doe@example.edu", PublicKey: jdoeKey},
		},
		Schedule: &sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Start: "08:00", Stop: "19:00", AutoStart: true},
		Budget:   sce.BudgetArgs{MonthlyUSD: 3000},
	}
}

// omopArgs are the arguments of the second project (proof of concept B: the
// OMOP SynPUF data set): a limited data set, two zones, two larger workers,
// a schedule that only stops the instances.
func omopArgs() sce.EnvironmentArgs {
	return sce.EnvironmentArgs{
		Region: region,
		Project: sce.ProjectInfo{
			Title:                 "POC B: OMOP CDM on SynPUF",
			PrincipalInvestigator: "Dr. K. Researcher",
			Owner:                 "k.researcher@example.edu",
			IRBProtocol:           "STUDY00012399",
			StudyEndDate:          "2028-01-31",
			DataClass:             sce.DataClassLimited,
		},
		Network: sce.NetworkArgs{
			VpcCidr:                "10.21.0.0/16",
			AvailabilityZone:       "us-west-2b",
			SecondAvailabilityZone: "us-west-2c",
			AllowedSSHCidrs:        []string{"198.51.100.0/24"},
		},
		AlertEmails:           []string{"sce-security@example.edu"},
		LogRetentionDays:      731,
		AuditLockDays:         730,
		NoncurrentVersionDays: 30,
		AdminRoleArn:          adminRole,
		Workers: sce.WorkerArgs{Count: 2, InstanceType: "r5.2xlarge", DataVolumeSizeGiB: 500,
			DataVolumeIOPS: 6000, DataVolumeThroughput: 250},
		Researchers: []sce.Researcher{
			{Username: "kresearcher", Admin: true, PublicKey: kresearcherKey},
			{Username: "analyst", PublicKey: analystKey},
		},
		Schedule: &sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Stop: "20:00"},
		Budget:   sce.BudgetArgs{MonthlyUSD: 6000},
	}
}

// accountArgs are the arguments of the account baseline: the controls that
// exist once per account and region, and the close-out archive.
func accountArgs() sce.BaselineArgs {
	return sce.BaselineArgs{
		Region:                region,
		Owner:                 baselineOwner,
		AlertEmails:           []string{"sce-security@example.edu"},
		AdminRoleArn:          adminRole,
		AdoptExistingRecorder: false,
		ArchiveRetentionYears: 6,
		LogRetentionDays:      365,
		AuditLockDays:         365,
	}
}

// usernames are the researchers' Linux account names, in order.
func usernames(rs []sce.Researcher) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Username
	}
	return out
}
