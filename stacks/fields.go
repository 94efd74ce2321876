package stacks

import (
	"strconv"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// field is one config key (or one field of a structured key): where its
// value goes, and what the configuration reference says about it.
type field struct {
	// key is the full config key ("sce:vpcCidr"), or the field's name
	// within its structured key ("count").
	key   string
	value value
	// readBy are the stacks that read a top-level key; the other kind of
	// stack refuses it.
	readBy readBy
	// required says when the stacks that read the key must set it: "" for
	// never, "yes", or a condition.
	required string
	// def is the default, as the reference shows it.
	def string
	// meaning says what the key does and what it accepts.
	meaning string
	// hipaa is the HIPAA section (45 CFR Part 164) the key serves, if any.
	hipaa string
}

// refusesEmpty reports whether an empty value of the key (null, "" or an
// empty list) is refused: the key is optional and its default is something
// rather than nothing, so an empty value would silently become it. A
// required key's empty value is reported as missing by the validation.
func (f field) refusesEmpty() bool {
	return f.required == "" && f.def != "" && !strings.HasPrefix(f.def, "none")
}

// complete adds to a problem of the key's own value what the decoder
// cannot say: the range, from the key's description, of a number out of
// range.
func (f field) complete(ps problems) problems {
	for i, p := range ps {
		if p.outOfRange && p.path == "" {
			ps[i].message += ": " + f.meaning
		}
	}
	return ps
}

// emptyProblem is the message of an empty value refusesEmpty refuses.
func (f field) emptyProblem() string {
	return "is empty, which would silently become the default, " + f.def +
		": leave the key out for the default, or write the value you mean"
}

// requiredWithBastion marks a key required only in sce:access bastion mode
// (the shipped project stacks' mode).
const requiredWithBastion = "with sce:access bastion"

// readBy are the kinds of stack that read a key.
type readBy int

const (
	everyStack readBy = iota
	projectStacks
	baselineStacks
)

// reads reports whether a stack of this kind reads the key.
func (r readBy) reads(baseline bool) bool {
	return r == everyStack || (r == baselineStacks) == baseline
}

// String names the stacks as the reference does.
func (r readBy) String() string {
	return [...]string{"project, baseline", "project", "baseline"}[r]
}

// The config keys that code of this package outside the field table names
// and no other package does.
const (
	keyBaselineStack = "sce:baselineStack"
	// keyName prefixes a baseline's resource names.
	keyName = "sce:name"
)

// Config keys that other packages name: the request and site files, the
// cost estimate and close-out read or cite them. The field table binds
// each to its value.
const (
	// KeyKind is the kind of stack (sce:kind).
	KeyKind = "sce:kind"
	// KeyPIT is the Project Identifier Tag.
	KeyPIT = "sce:pit"
	// KeyRegion is the AWS region of the stack.
	KeyRegion = "aws:region"
	// KeyVpcCidr is the project VPC's block.
	KeyVpcCidr = "sce:vpcCidr"
	// KeyIRBProtocol is the IRB protocol the study runs under.
	KeyIRBProtocol = "sce:irbProtocol"
	// KeyTitle is the study's title.
	KeyTitle = "sce:title"
	// KeyPrincipalInvestigator is the study's principal investigator.
	KeyPrincipalInvestigator = "sce:principalInvestigator"
	// KeyOwner is the owner's e-mail address.
	KeyOwner = "sce:owner"
	// KeyStudyEndDate is the day the study ends.
	KeyStudyEndDate = "sce:studyEndDate"
	// KeyDataClass is the class of the project's data.
	KeyDataClass = "sce:dataClass"
	// KeyAvailabilityZone is the project's (first) availability zone.
	KeyAvailabilityZone = "sce:availabilityZone"
	// KeyAllowedSSHCidrs are the client networks SSH may come from.
	KeyAllowedSSHCidrs = "sce:allowedSshCidrs"
	// KeyAlertEmails are the addresses alerts go to.
	KeyAlertEmails = "sce:alertEmails"
	// KeyAdminRoleArn is the role that deploys the stack, in the project's account.
	KeyAdminRoleArn = "sce:adminRoleArn"
	// KeyResearchers are the researchers' accounts.
	KeyResearchers = "sce:researchers"
	// KeyWorkers configures the workers.
	KeyWorkers = "sce:workers"
	// KeySchedule is the working-hours schedule (an object).
	KeySchedule = "sce:schedule"
	// KeyScheduleAutoStart is the field of KeySchedule that also starts
	// the instances at the start time.
	KeyScheduleAutoStart = KeySchedule + "." + scheduleAutoStart
	// scheduleAutoStart is the field of KeySchedule that starts instances.
	scheduleAutoStart = "autoStart"
	// KeySuspended suspends the project.
	KeySuspended = "sce:suspended"
	// KeyEgress is the project's egress mode.
	KeyEgress = "sce:egress"
	// KeyUsage are the usage figures the cost estimate prices (an object;
	// UsageKey names one figure).
	KeyUsage = "sce:usage"
)

// Config keys that other packages name (in messages and to locate a
// value's line in the stack file).
const (
	// KeyBudget is the project's cost budget (an object).
	KeyBudget = "sce:budget"
	// KeyBudgetMonthlyUSD is the monthly amount within KeyBudget.
	KeyBudgetMonthlyUSD = KeyBudget + "." + budgetMonthlyUSD
	// budgetMonthlyUSD is the field of KeyBudget that holds the amount.
	budgetMonthlyUSD = "monthlyUsd"
)

// fields lists every config key, bound to c: the one place that names a
// key, its type and its documentation.
func (c *Config) fields() []field {
	return append(append(c.projectFields(), c.operationsFields()...), c.baselineFields()...)
}

// projectFields are the keys of the project's identity, network, logs and compute.
func (c *Config) projectFields() []field {
	return []field{
		{key: KeyRegion, value: text(&c.Region), required: "yes",
			meaning: "AWS region of the stack, for example us-west-2, from sce's dated region table (sce/validate_regions.go); " +
				"a project's region is its baseline's: a baseline's regional controls cover it, its trail every region"},
		{key: KeyKind, value: text(&c.Kind), def: string(KindEnvironment),
			meaning: "environment (a research project) or baseline (the controls that exist once per account and region)"},
		{key: KeyPIT, value: text(&c.PIT), readBy: projectStacks, def: "the stack name",
			meaning: "Project Identifier Tag: names and tags every resource; a lowercase letter first, then a-z, 0-9 and '-', " +
				"short enough that the longest bucket name fits 63 characters, and no other stack's in the stacks directory, " +
				"nor, with the baseline's sce:name, one stack's followed by a word that names a resource alike (p and p-access: " +
				"p-access-logs-... is a bucket of each)"},
		{key: KeyTitle, value: text(&c.Title), readBy: projectStacks, required: "yes", meaning: "the study's title"},
		{key: KeyPrincipalInvestigator, value: text(&c.PrincipalInvestigator), readBy: projectStacks, required: "yes",
			meaning: "the principal investigator's name"},
		{key: KeyOwner, value: text(&c.Owner), required: "yes",
			meaning: "the accountable contact, usually an e-mail address (tag sce:owner); tag characters only",
			hipaa:   "164.308(a)(2) assigned security responsibility"},
		{key: KeyIRBProtocol, value: text(&c.IRBProtocol), readBy: projectStacks, required: "yes",
			meaning: "the IRB protocol the study runs under (tag sce:irb); sce plan warns when another stack runs under it too", hipaa: "164.512(i) research use approved by an IRB"},
		{key: KeyStudyEndDate, value: text(&c.StudyEndDate), readBy: projectStacks, required: "yes",
			meaning: "the planned end of the study, YYYY-MM-DD; close-out refuses to run before it unless forced"},
		{key: KeyDataClass, value: text(&c.DataClass), readBy: projectStacks, def: string(sce.DataClassPHI),
			meaning: "phi, limited (a limited data set) or deidentified (tag sce:data-class)",
			hipaa:   "164.514(e) limited data set; 164.514(b) de-identification"},
		{key: KeyVpcCidr, value: text(&c.VpcCidr), readBy: projectStacks, required: "yes",
			meaning: "the VPC's IPv4 block: private (RFC 1918), /16 to /24, overlapping no other project's in the stacks directory"},
		{key: KeyAvailabilityZone, value: text(&c.AvailabilityZone), readBy: projectStacks, required: "yes",
			meaning: "the zone of the subnets, one of aws:region's in sce's region table, for example us-west-2a"},
		{key: "sce:secondAvailabilityZone", value: text(&c.SecondAvailabilityZone), readBy: projectStacks, def: "none",
			meaning: "adds a public and a private subnet in a second zone (one NAT gateway still serves both)"},
		{key: "sce:publicSubnetCidr", value: text(&c.PublicSubnetCidr), readBy: projectStacks, def: "carved from sce:vpcCidr",
			meaning: "overrides the first zone's public subnet; otherwise equal subnets are carved in the order public-a, private-a, public-b, private-b: /24s from a /16 to /22 VPC, a quarter of a smaller one (/25s from a /23, /26s from a /24)"},
		{key: "sce:privateSubnetCidr", value: text(&c.PrivateSubnetCidr), readBy: projectStacks, def: "carved from sce:vpcCidr",
			meaning: "overrides the first zone's private subnet, where the workers and the data live"},
		{key: KeyAllowedSSHCidrs, value: texts(&c.AllowedSSHCidrs), readBy: projectStacks, required: requiredWithBastion,
			meaning: "the client networks that may reach the bastion on port 22: at most " + strconv.Itoa(sce.MaxSSHCidrs) + " IPv4 blocks, each /" + strconv.Itoa(sce.MinSSHCidrBits) +
				" or narrower and together at most two /8s' worth of addresses (0.0.0.0/0, ::/0 and 0.0.0.0/1 are refused); " +
				"refused with sce:access session-manager",
			hipaa: "164.312(a)(1) access control; 164.312(e)(1) transmission security"},
		{key: KeyAlertEmails, value: texts(&c.AlertEmails), required: "yes",
			meaning: "the addresses subscribed to the alert topic (and to the project's budget alerts): 1 to 10",
			hipaa:   "164.308(a)(6)(ii) security incident response and reporting"},
		{key: "sce:logRetentionDays", value: nonZero(&c.LogRetentionDays, sce.DefaultLogRetentionDays, "days"), def: strconv.Itoa(sce.DefaultLogRetentionDays),
			meaning: "how long CloudWatch Logs keep the trail, flow and SSH logs: a value CloudWatch accepts, at least 90",
			hipaa:   "164.312(b) audit controls"},
		{key: "sce:auditLockDays", value: nonZero(&c.AuditLockDays, sce.DefaultAuditLockDays, "days"), def: strconv.Itoa(sce.DefaultAuditLockDays),
			meaning: "Object Lock (GOVERNANCE) default retention of the logs bucket, 1 to 36500 days",
			hipaa:   "164.312(c)(1) integrity"},
		{key: "sce:noncurrentVersionDays", value: nonZero(&c.NoncurrentVersionDays, sce.DefaultNoncurrentVersionDays, "days"), def: strconv.Itoa(sce.DefaultNoncurrentVersionDays),
			meaning: "noncurrent object versions expire after this many days (a baseline's archive keeps every version)",
			hipaa:   "164.308(a)(7)(ii)(A) data backup plan"},
		{key: KeyAdminRoleArn, value: text(&c.AdminRoleArn), required: "yes",
			meaning: "the IAM role IT deploys and closes out with: the only principal that reads the PHI buckets " +
				"from outside the project's S3 endpoint, and that reads or writes the archive",
			hipaa: "164.312(a)(1) access control"},
		{key: "sce:access", value: text(&c.Access), readBy: projectStacks, def: string(sce.AccessBastion),
			meaning: "how researchers reach the instances over SSH: bastion (a jump host with an Elastic IP, port 22 open to " +
				"sce:allowedSshCidrs) or session-manager (no public host and no open port: SSH travels through AWS Systems Manager " +
				"Session Manager, so researchers also need AWS credentials allowed by the project's session policy and the Session " +
				"Manager plugin; every session is logged, encrypted with the project key)",
			hipaa: "164.312(a)(1) access control; 164.312(b) audit controls; 164.312(e)(1) transmission security"},
		{key: "sce:requireSecurityKeys", value: boolean(&c.RequireSecurityKeys), readBy: projectStacks, def: "false",
			meaning: "true accepts only FIDO2 security-key SSH keys (ssh-keygen -t ed25519-sk) and makes sshd verify the key's PIN " +
				"or touch at every login: a second factor",
			hipaa: "164.312(d) person or entity authentication"},
		{key: "sce:bastion", value: object(&c.Bastion, bastionFields), readBy: projectStacks,
			meaning: "the SSH jump host in the public subnet (sce:access bastion only)"},
		{key: KeyWorkers, value: object(&c.Workers, workerFields), readBy: projectStacks,
			meaning: "the instances researchers work on, in the private subnet"},
		{key: "sce:amiId", value: text(&c.AmiID), readBy: projectStacks,
			def:     "the current Amazon Linux 2023 image, looked up once",
			meaning: "pins the image; unpinned, later updates ignore newer images, so no instance is replaced by surprise"},
		{key: KeyResearchers, value: objects(&c.Researchers, researcherFields), readBy: projectStacks, required: "yes",
			meaning: "the people who work in the environment, each with an own Linux account reachable only with an own key",
			hipaa:   "164.312(a)(2)(i) unique user identification; 164.312(d) person or entity authentication"},
	}
}

// operationsFields are the keys of the project's running cost.
func (c *Config) operationsFields() []field {
	return []field{
		{key: KeySchedule, value: optional(&c.Schedule, scheduleFields), readBy: projectStacks, def: "none: instances run until stopped",
			meaning: "stops the instances (and pauses a warehouse) after working hours and, with autoStart, starts them (and resumes it) again"},
		{key: KeySuspended, value: boolean(&c.Suspended), readBy: projectStacks, def: "false",
			meaning: "true removes the NAT gateway and its address, stops every instance and keeps a warehouse paused, keeping data, volumes, key, trail and logs"},
		{key: KeyEgress, value: text(&c.Egress), readBy: projectStacks, def: string(sce.EgressAllowlist),
			meaning: "how far the private subnet reaches out: allowlist (DNS Firewall resolves only the OS repositories, the region's AWS endpoints and sce:egressDomains, and logs every query), " +
				"open (any HTTPS host through the NAT gateway; sce plan warns) or none (no NAT gateway, no route to the internet: S3 and the OS repositories through the S3 endpoint only; the DNS Firewall and its query logs as in allowlist, with the base list and, with sce:warehouse, the region's Redshift names); see docs/egress.md",
			hipaa: "164.312(e)(1) transmission security; 164.312(b) audit controls"},
		{key: "sce:egressDomains", value: texts(&c.EgressDomains), readBy: projectStacks, def: "none",
			meaning: "the project's additions to the egress allowlist, lowercase domain names, a leading \"*.\" for every subdomain (e.g. cran.r-project.org, *.pythonhosted.org): at most 100, only with sce:egress allowlist; " +
				"a wildcard over a public suffix (*.co.uk, *.github.io) or any name under amazonaws.com (s3.eu-west-1.amazonaws.com, *.s3.amazonaws.com: every account's buckets; " +
				"sce allows the AWS endpoints a project needs itself) is refused"},
		{key: KeyBudget, value: object(&c.Budget, budgetFields), readBy: projectStacks, required: "yes",
			meaning: "the project's AWS Budgets cost budget: alerts at 80% forecast and 100% actual go to sce:alertEmails"},
		{key: "sce:warehouse", value: optional(&c.Warehouse, warehouseFields), readBy: projectStacks, def: "none",
			meaning: "an Amazon Redshift warehouse in the private subnets, reachable from the workers only on port 5439: " +
				"encrypted with the project key, TLS only, audit logs, snapshots, its admin password kept by Secrets Manager, " +
				"COPY from data-in and UNLOAD to output through an IAM role. Redshift refuses dedicated-tenancy VPCs, so with a " +
				"warehouse the VPC's default tenancy is default and each instance asks for dedicated tenancy itself",
			hipaa: "164.312(a)(2)(iv) encryption; 164.312(b) audit controls; 164.312(e)(1) transmission security"},
		{key: "sce:backup", value: object(&c.Backup, backupFields), readBy: projectStacks,
			meaning: "the retention of the project's AWS Backup plan: every EC2 instance and EBS volume tagged with the PIT is " +
				"backed up daily and monthly into a vault encrypted with the project key and locked for minRetentionDays",
			hipaa: "164.308(a)(7)(ii)(A) data backup plan; 164.308(a)(7)(ii)(B) disaster recovery plan"},
		{key: "sce:airlock", value: object(&c.Airlock, airlockFields), readBy: projectStacks,
			meaning: "the airlock results leave by (sce egress): the egress bucket approved results are copied to (project key, " +
				"TLS only, versioned, objects expiring), readable by the recipients only, and the approver role that alone copies " +
				"into it, assumable by the reviewers only",
			hipaa: "164.312(b) audit controls; 164.312(c)(1) integrity; 164.308(a)(4) information access management"},
		{key: "sce:patching", value: object(&c.Patching, patchingFields), readBy: projectStacks,
			meaning: "how Systems Manager patches the instances: a patch baseline of security and bug-fix updates for the " +
				"patch group <pit>, installed weekly in a maintenance window inside the working hours of sce:schedule on its first " +
				"working day (opening 30 minutes after the start with autoStart, else closing an hour before the stop) or Sunday " +
				"04:00 UTC without a schedule, with a daily scan, a software inventory and an alert on patch non-compliance (docs/patching.md)",
			hipaa: "164.308(a)(5)(ii)(B) protection from malicious software"},
		{key: KeyUsage, value: object(&c.Usage, usageFields),
			meaning: "monthly usage figures for `sce cost`, which no plan can know; no resource depends on them"},
		{key: keyBaselineStack, value: text(&c.BaselineStack), readBy: projectStacks, required: "yes",
			meaning: "the account's baseline stack (stack, org/stack or org/project/stack): the account trail, AWS Config " +
				"recorder and archive live there, so deploy it before any project",
			hipaa: "164.308(a)(8) evaluation: the project's Config rules need the account's recorder"},
	}
}

// baselineFields are the keys only the account baseline reads.
func (c *Config) baselineFields() []field {
	return []field{
		{key: keyName, value: text(&c.Name), readBy: baselineStacks, def: "the stack name",
			meaning: "prefixes the baseline's resource names; the same rules as sce:pit"},
		{key: "sce:adoptExistingRecorder", value: boolean(&c.AdoptExistingRecorder), readBy: baselineStacks, def: "false",
			meaning: "true when the account already has an AWS Config recorder: none is created and the stack prints the " +
				"`pulumi import` commands that bring it under the stack",
			hipaa: "164.308(a)(8) evaluation"},
		{key: "sce:archiveRetentionYears", value: nonZero(&c.ArchiveRetentionYears, sce.DefaultArchiveRetentionYears, "years"), readBy: baselineStacks,
			def:     strconv.Itoa(sce.DefaultArchiveRetentionYears),
			meaning: "Object Lock (COMPLIANCE) retention of the archive that keeps what projects leave at close-out, 6 to 100",
			hipaa:   "164.316(b)(2)(i) documentation kept six years"},
	}
}

func bastionFields(b *sce.BastionArgs) []field {
	return []field{
		{key: "instanceType", value: text(&b.InstanceType), def: sce.DefaultBastionType,
			meaning: "a current (Nitro) x86-64 type AWS offers as a dedicated instance; T-family, Graviton, Mac, u-* " +
				"and Xen families such as m4 are refused"},
	}
}

func workerFields(w *sce.WorkerArgs) []field {
	return []field{
		{key: "count", value: whole(&w.Count), def: "0", meaning: "how many workers run, 0 to " + strconv.Itoa(sce.MaxWorkers)},
		{key: "instanceType", value: text(&w.InstanceType), def: sce.DefaultWorkerType, meaning: "the workers' type, as for the bastion"},
		{key: "dataVolumeSizeGiB", value: nonZero(&w.DataVolumeSizeGiB, sce.DefaultDataVolumeSizeGiB, "GiB"), def: strconv.Itoa(sce.DefaultDataVolumeSizeGiB),
			meaning: "each worker's gp3 data volume, mounted at /data, 1 to 16384 GiB", hipaa: "164.312(a)(2)(iv) encryption: the project key"},
		{key: "dataVolumeIops", value: nonZero(&w.DataVolumeIOPS, sce.DefaultDataVolumeIOPS, "IOPS"), def: strconv.Itoa(sce.DefaultDataVolumeIOPS),
			meaning: "the volume's IOPS, 3000 to min(16000, 500 per GiB)"},
		{key: "dataVolumeThroughput", value: nonZero(&w.DataVolumeThroughput, sce.DefaultDataVolumeMiBps, "MiB/s"), def: strconv.Itoa(sce.DefaultDataVolumeMiBps),
			meaning: "the volume's throughput in MiB/s, 125 to min(1000, IOPS/4)"},
	}
}

func researcherFields(r *sce.Researcher) []field {
	return []field{
		{key: "username", value: text(&r.Username), required: "yes",
			meaning: "the Linux account name; not root, ec2-user or another system account"},
		{key: "publicKey", value: text(&r.PublicKey), required: "yes",
			meaning: "one OpenSSH public key line: ed25519, ECDSA, or RSA of 3072 bits or more"},
		{key: "email", value: text(&r.Email), meaning: "how to reach the researcher"},
		{key: "admin", value: boolean(&r.Admin), def: "false", meaning: "true grants sudo on the workers (never on the bastion)",
			hipaa: "164.308(a)(4) information access management"},
	}
}

func scheduleFields(s *sce.ScheduleArgs) []field {
	return []field{
		{key: "timeZone", value: text(&s.TimeZone), required: "yes", meaning: "the IANA time zone of start and stop, for example America/Los_Angeles (not Local, which names the zone of whichever machine reads it)"},
		{key: "days", value: text(&s.Days), required: "yes", meaning: "the working days: MON-FRI, or a list of days and ranges such as MON,WED-FRI"},
		{key: "start", value: text(&s.Start), required: "with autoStart", meaning: "when the instances start on working days, HH:MM (24-hour)"},
		{key: "stop", value: text(&s.Stop), required: "yes", meaning: "when the instances stop on working days, HH:MM (24-hour)"},
		{key: scheduleAutoStart, value: boolean(&s.AutoStart), def: "false", meaning: "true also starts the instances at start"},
	}
}

func warehouseFields(w *sce.WarehouseArgs) []field {
	return []field{
		{key: "nodeType", value: text(&w.NodeType), def: sce.DefaultWarehouseNodeType,
			meaning: "the cluster's node type: ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge, dc2.large or dc2.8xlarge"},
		{key: "nodeCount", value: nonZero(&w.NodeCount, sce.DefaultWarehouseNodeCount, "nodes"), def: strconv.Itoa(sce.DefaultWarehouseNodeCount),
			meaning: "the cluster's nodes, 1 to 32 (1 makes a single-node cluster)"},
		{key: "databaseName", value: text(&w.DatabaseName), def: sce.DefaultWarehouseDatabase,
			meaning: "the database created with the warehouse: a lowercase letter, then a-z, 0-9 and '_', at most 64 characters, and not a Redshift reserved word such as select"},
		{key: "snapshotRetentionDays", value: nonZero(&w.SnapshotRetentionDays, sce.DefaultWarehouseSnapshotRetentionDays, "days"), def: strconv.Itoa(sce.DefaultWarehouseSnapshotRetentionDays),
			meaning: "how long automated snapshots are kept, 7 to 35 days", hipaa: "164.308(a)(7)(ii)(A) data backup plan"},
	}
}

func backupFields(b *sce.BackupArgs) []field {
	return []field{
		{key: "minRetentionDays", value: nonZero(&b.MinRetentionDays, sce.DefaultBackupMinRetentionDays, "days"), def: strconv.Itoa(sce.DefaultBackupMinRetentionDays),
			meaning: "how long daily recovery points are kept, and the vault lock's minimum retention (compliance mode, " +
				"immutable 3 days after the first deployment): 35 to 36500"},
		{key: "monthlyRetentionDays", value: nonZero(&b.MonthlyRetentionDays, sce.DefaultBackupMonthlyRetentionDays, "days"), def: strconv.Itoa(sce.DefaultBackupMonthlyRetentionDays),
			meaning: "how long the recovery points of the first of each month are kept: at least minRetentionDays"},
	}
}

func airlockFields(a *sce.AirlockArgs) []field {
	return []field{
		{key: "expireDays", value: nonZero(&a.ExpireDays, sce.DefaultAirlockExpireDays, "days"), def: strconv.Itoa(sce.DefaultAirlockExpireDays),
			meaning: "how long a released copy stays in the egress bucket, 1 to 365 days"},
		{key: "reviewers", value: texts(&a.Reviewers), def: "the admin role",
			meaning: "the IAM role or user ARNs (IT reviewers) that may assume the approver role <pit>-egress-approver; " +
				"never a project instance role, the approver role itself, or an identity a researcher can use: the four-eyes " +
				"check compares principals, so whoever can act both as a requester and as a reviewer can approve their own request"},
		{key: "recipients", value: texts(&a.Recipients), def: "none",
			meaning: "the IAM role or user ARNs, in the project's account (the account of adminRoleArn; another account is " +
				"refused), that may read released results from the egress " +
				"bucket; the bucket policy refuses everyone else, and each recipient's own IAM policy must allow s3:GetObject " +
				"on the bucket's objects and kms:Decrypt on the project key"},
	}
}

func patchingFields(p *sce.PatchingArgs) []field {
	return []field{
		{key: "approveAfterDays", value: nonZero(&p.ApproveAfterDays, sce.DefaultPatchApproveAfterDays, "days"), def: strconv.Itoa(sce.DefaultPatchApproveAfterDays),
			meaning: "how many days after its release a security or bug-fix update is approved for install: 1 to 360"},
	}
}

func budgetFields(b *sce.BudgetArgs) []field {
	return []field{
		{key: budgetMonthlyUSD, value: number(&b.MonthlyUSD), required: "yes", meaning: "the monthly budget in US dollars, more than 0, for example 2000"},
	}
}
