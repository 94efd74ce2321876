package stacks

import "github.com/sce-dev/sce/sce"

// environmentArgs are the arguments of a project's sce.Environment.
func (c Config) environmentArgs() sce.EnvironmentArgs {
	return sce.EnvironmentArgs{
		Region: c.Region,
		Project: sce.ProjectInfo{
			Title:                 c.Title,
			PrincipalInvestigator: c.PrincipalInvestigator,
			Owner:                 c.Owner,
			IRBProtocol:           c.IRBProtocol,
			StudyEndDate:          c.StudyEndDate,
			DataClass:             c.DataClass,
		},
		Network: sce.NetworkArgs{
			VpcCidr:                c.VpcCidr,
			AvailabilityZone:       c.AvailabilityZone,
			SecondAvailabilityZone: c.SecondAvailabilityZone,
			PublicSubnetCidr:       c.PublicSubnetCidr,
			PrivateSubnetCidr:      c.PrivateSubnetCidr,
			AllowedSSHCidrs:        c.AllowedSSHCidrs,
		},
		AlertEmails:           c.AlertEmails,
		LogRetentionDays:      c.LogRetentionDays,
		AuditLockDays:         c.AuditLockDays,
		NoncurrentVersionDays: c.NoncurrentVersionDays,
		AdminRoleArn:          c.AdminRoleArn,
		Access:                c.Access,
		RequireSecurityKeys:   c.RequireSecurityKeys,
		Bastion:               c.Bastion,
		Workers:               c.Workers,
		AmiID:                 c.AmiID,
		Researchers:           c.Researchers,
		Schedule:              c.Schedule,
		Suspended:             c.Suspended,
		Egress:                sce.EgressArgs{Mode: c.Egress, Domains: c.EgressDomains},
		Budget:                c.Budget,
		Warehouse:             c.Warehouse,
		Backup:                c.Backup,
		Airlock:               c.Airlock,
		Patching:              c.Patching,
	}
}

// baselineArgs are the arguments of the account's sce.Baseline.
func (c Config) baselineArgs() sce.BaselineArgs {
	return sce.BaselineArgs{
		Region:                c.Region,
		Owner:                 c.Owner,
		AlertEmails:           c.AlertEmails,
		AdminRoleArn:          c.AdminRoleArn,
		AdoptExistingRecorder: c.AdoptExistingRecorder,
		ArchiveRetentionYears: c.ArchiveRetentionYears,
		LogRetentionDays:      c.LogRetentionDays,
		AuditLockDays:         c.AuditLockDays,
		NoncurrentVersionDays: c.NoncurrentVersionDays,
	}
}
