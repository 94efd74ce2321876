package sce

import "cmp"

// ConfigNamespace is the Pulumi config namespace of every sce stack setting.
// Validation errors name keys in this namespace (for example "sce:vpcCidr"),
// and each EnvironmentArgs field documents the key it is read from.
const ConfigNamespace = "sce"

// DataClass is the classification of the data a project holds. It is carried
// in the sce:data-class tag of every resource.
type DataClass string

const (
	// DataClassPHI is protected health information (the default, and the safe choice).
	DataClassPHI DataClass = "phi"
	// DataClassLimited is a HIPAA limited data set (45 CFR 164.514(e)).
	DataClassLimited DataClass = "limited"
	// DataClassDeidentified is de-identified data (45 CFR 164.514(b)).
	DataClassDeidentified DataClass = "deidentified"
)

// DataClasses returns every valid DataClass, in the order the documentation shows them.
func DataClasses() []DataClass {
	return []DataClass{DataClassPHI, DataClassLimited, DataClassDeidentified}
}

// Valid reports whether c is one of DataClasses.
func (c DataClass) Valid() bool {
	for _, v := range DataClasses() {
		if c == v {
			return true
		}
	}
	return false
}

// ProjectInfo is the research project's metadata: who is responsible, under
// which IRB protocol, until when. It feeds tags and the evidence reports.
type ProjectInfo struct {
	// Title is the study title (sce:title).
	Title string
	// PrincipalInvestigator is the PI's name (sce:principalInvestigator).
	PrincipalInvestigator string
	// Owner is the accountable contact, usually the PI's e-mail (sce:owner); tag sce:owner.
	Owner string
	// IRBProtocol is the IRB protocol identifier (sce:irbProtocol); tag sce:irb.
	IRBProtocol string
	// StudyEndDate is the planned end of the study, YYYY-MM-DD (sce:studyEndDate).
	StudyEndDate string
	// DataClass classifies the data (sce:dataClass); the zero value means DataClassPHI.
	DataClass DataClass
}

// NetworkArgs describes the project's VPC.
type NetworkArgs struct {
	// VpcCidr is the VPC's IPv4 block, RFC 1918, /16 to /24 (sce:vpcCidr).
	VpcCidr string
	// AvailabilityZone is the zone of the public and private subnets (sce:availabilityZone).
	AvailabilityZone string
	// SecondAvailabilityZone, when set, adds a second public and private subnet (sce:secondAvailabilityZone).
	SecondAvailabilityZone string
	// PublicSubnetCidr overrides the carved public subnet block (sce:publicSubnetCidr).
	PublicSubnetCidr string
	// PrivateSubnetCidr overrides the carved private subnet block (sce:privateSubnetCidr).
	PrivateSubnetCidr string
	// AllowedSSHCidrs are the client networks that may reach the bastion on port 22
	// (sce:allowedSshCidrs). Required; 0.0.0.0/0 and ::/0 are refused.
	AllowedSSHCidrs []string
}

// EnvironmentArgs are the typed inputs of NewEnvironment. The zero value of
// every optional field is the secure choice; mandatory HIPAA controls have no
// switch at all.
type EnvironmentArgs struct {
	// Region is the AWS region of the stack (aws:region).
	Region string
	// Project is the study metadata.
	Project ProjectInfo
	// Network is the VPC layout.
	Network NetworkArgs
	// AlertEmails receive the project's security alerts (sce:alertEmails). At least one.
	AlertEmails []string
	// LogRetentionDays is the CloudWatch Logs retention (sce:logRetentionDays);
	// zero means DefaultLogRetentionDays.
	LogRetentionDays int
	// AuditLockDays is the Object Lock (GOVERNANCE) default retention of the
	// logs bucket (sce:auditLockDays); zero means DefaultAuditLockDays.
	AuditLockDays int
	// NoncurrentVersionDays is how long noncurrent object versions are kept
	// (sce:noncurrentVersionDays); zero means DefaultNoncurrentVersionDays.
	NoncurrentVersionDays int
	// AdminRoleArn is the IAM role IT assumes to deploy (pulumi up) and to close
	// out the project (sce:adminRoleArn). Required: it is the only principal
	// that may read or list the PHI buckets from outside the project's S3
	// endpoint, and Pulumi needs to list them to refresh their state.
	AdminRoleArn string
	// Access is how researchers reach the instances (sce:access); the zero
	// value means AccessBastion.
	Access AccessMode
	// RequireSecurityKeys limits SSH logins to FIDO2 security keys with the
	// key's PIN or touch verified at every login (sce:requireSecurityKeys).
	RequireSecurityKeys bool
	// Bastion is the SSH jump host (sce:bastion); unused with
	// AccessSessionManager.
	Bastion BastionArgs
	// Workers are the instances researchers work on (sce:workers).
	Workers WorkerArgs
	// AmiID pins the Amazon Linux 2023 image (sce:amiId); empty means the
	// current image, looked up once and then ignored by later updates.
	AmiID string
	// Researchers are the people with an account on the instances
	// (sce:researchers). At least one.
	Researchers []Researcher
	// Schedule stops instances after working hours (sce:schedule); nil means
	// they run until stopped by hand.
	Schedule *ScheduleArgs
	// Suspended removes the NAT gateway and its address and stops every
	// instance, keeping data, volumes, key, trail and logs (sce:suspended).
	Suspended bool
	// Budget is the project's monthly cost budget (sce:budget). Required.
	Budget BudgetArgs
	// Warehouse adds an Amazon Redshift warehouse in the private subnets
	// (sce:warehouse); nil means none.
	Warehouse *WarehouseArgs
	// Egress is how far the private subnet reaches out (sce:egress,
	// sce:egressDomains); the zero value is the DNS allowlist.
	Egress EgressArgs
	// Backup is the retention of the project's AWS Backup plan (sce:backup);
	// the zero value keeps the defaults. Backups cannot be switched off.
	Backup BackupArgs
	// Airlock configures the airlock results leave by (sce:airlock); the
	// zero value keeps the defaults. The airlock cannot be switched off.
	Airlock AirlockArgs
	// Patching is how the instances are patched (sce:patching); the zero
	// value keeps the defaults. Patching cannot be switched off.
	Patching PatchingArgs
}

// Defaults applied by NewEnvironment to zero-valued optional fields.
const (
	DefaultLogRetentionDays      = 365
	DefaultAuditLockDays         = 365
	DefaultNoncurrentVersionDays = 90
)

// withDefaults returns a copy of a with every zero-valued optional field set
// to its documented default. The caller's value is not modified.
func (a EnvironmentArgs) withDefaults() EnvironmentArgs {
	a.Project.DataClass = cmp.Or(a.Project.DataClass, DataClassPHI)
	a.Access = cmp.Or(a.Access, AccessBastion)
	a.LogRetentionDays = cmp.Or(a.LogRetentionDays, DefaultLogRetentionDays)
	a.AuditLockDays = cmp.Or(a.AuditLockDays, DefaultAuditLockDays)
	a.NoncurrentVersionDays = cmp.Or(a.NoncurrentVersionDays, DefaultNoncurrentVersionDays)
	a.Warehouse = a.Warehouse.withDefaults()
	a.Backup = a.Backup.withDefaults()
	a.Egress = a.Egress.withDefaults()
	a.Airlock = a.Airlock.withDefaults(a.AdminRoleArn)
	a.Patching = a.Patching.withDefaults()
	return a.withComputeDefaults()
}
