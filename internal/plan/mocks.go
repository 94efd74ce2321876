package plan

import (
	"fmt"
	"maps"
	"strings"

	"github.com/sce-dev/sce/internal/awstype"
)

// This file is the one table of what the offline plan fakes: per resource
// type, the ID shape, the physical name, the ARN and the computed outputs a
// program may read; and per invoke token, the result. A type that is not in
// the table gets ID "<name>-<hash8>" and its inputs as outputs; an invoke
// that is not in the table fails with a message that points here.

// typeMock describes how one resource type is faked.
type typeMock struct {
	// prefix makes an EC2-style ID: prefix and 17 hex digits.
	prefix string
	// nameKey is the input that holds the physical name; when it is empty
	// the physical name is defaultName, or the logical name, and is added to
	// the outputs.
	nameKey string
	// defaultName, when set, replaces the logical name as default physical name.
	defaultName func(f *fake) string
	// id, when set, computes the ID (after the physical name).
	id func(f *fake) string
	// arn, when set, computes the arn output (after the ID).
	arn func(f *fake) string
	// idIsARN makes the ARN the ID, for types whose provider ID is the ARN
	// (their ARN must not depend on the ID).
	idIsARN bool
	// extra adds computed outputs (after the ARN).
	extra func(f *fake) map[string]any
}

// typeMocks is the per-type table, keyed by type token, one part per concern.
func typeMocks() map[string]typeMock {
	table := map[string]typeMock{}
	for _, part := range []map[string]typeMock{
		networkMocks(), computeMocks(), keyMocks(), storageMocks(), auditMocks(),
		alertMocks(), identityMocks(), otherMocks(), baselineMocks(), warehouseMocks(),
	} {
		maps.Copy(table, part)
	}
	return table
}

// ec2Type is an EC2-style resource: prefixed ID and, when kind is not
// empty, an ARN arn:aws:ec2:<region>:<account>:<kind>/<id>.
func ec2Type(prefix, kind string, extra func(f *fake) map[string]any) typeMock {
	tm := typeMock{prefix: prefix, extra: extra}
	if kind != "" {
		tm.arn = func(f *fake) string { return f.arn("ec2", kind+"/"+f.id) }
	}
	return tm
}

func networkMocks() map[string]typeMock {
	sg := ec2Type("sg-", "security-group", owned)
	sg.nameKey = "name"
	return map[string]typeMock{
		awstype.EC2Vpc:             ec2Type("vpc-", "vpc", vpcOutputs),
		awstype.EC2Subnet:          ec2Type("subnet-", "subnet", owned),
		awstype.EC2InternetGateway: ec2Type("igw-", "internet-gateway", owned),
		awstype.EC2NatGateway:      ec2Type("nat-", "", natOutputs),
		awstype.EC2Eip:             ec2Type("eipalloc-", "elastic-ip", eipOutputs),
		awstype.EC2EipAssociation:  ec2Type("eipassoc-", "", nil),

		awstype.EC2RouteTable:                ec2Type("rtb-", "route-table", owned),
		awstype.EC2DefaultRouteTable:         ec2Type("rtb-", "route-table", owned),
		awstype.EC2Route:                     ec2Type("r-", "", nil),
		awstype.EC2RouteTableAssociation:     ec2Type("rtbassoc-", "", nil),
		awstype.EC2MainRouteTableAssociation: ec2Type("rtbassoc-", "", nil),

		awstype.EC2NetworkAcl:            ec2Type("acl-", "network-acl", owned),
		awstype.EC2DefaultNetworkAcl:     ec2Type("acl-", "network-acl", owned),
		awstype.EC2NetworkAclRule:        ec2Type("nacl-", "", nil),
		awstype.EC2NetworkAclAssociation: ec2Type("aclassoc-", "", nil),

		awstype.EC2SecurityGroup:        sg,
		awstype.EC2DefaultSecurityGroup: ec2Type("sg-", "security-group", owned),
		awstype.EC2SecurityGroupRule:    ec2Type("sgrule-", "", nil),
		awstype.VPCSecurityGroupIngressRule: ec2Type("sgr-", "security-group-rule",
			sgRuleOutputs),
		awstype.VPCSecurityGroupEgressRule: ec2Type("sgr-", "security-group-rule",
			sgRuleOutputs),

		awstype.EC2VpcEndpoint:      ec2Type("vpce-", "vpc-endpoint", endpointOutputs),
		awstype.EC2FlowLog:          ec2Type("fl-", "vpc-flow-log", nil),
		awstype.EC2NetworkInterface: ec2Type("eni-", "network-interface", eniOutputs),

		awstype.EC2VpcEndpointRouteTableAssociation: ec2Type("a-vpce-", "", nil),
	}
}

func computeMocks() map[string]typeMock {
	lt := ec2Type("lt-", "launch-template", launchTemplateOutputs)
	lt.nameKey = "name"
	return map[string]typeMock{
		awstype.EC2Instance:         ec2Type("i-", "instance", instanceOutputs),
		awstype.EBSVolume:           ec2Type("vol-", "volume", nil),
		awstype.EC2VolumeAttachment: ec2Type("vai-", "", nil),
		awstype.EC2LaunchTemplate:   lt,
		awstype.EC2KeyPair: {
			nameKey: "keyName",
			arn:     func(f *fake) string { return f.arn("ec2", "key-pair/"+f.physical) },
			extra:   func(f *fake) map[string]any { return map[string]any{"keyPairId": f.ec2ID("key-")} },
		},
	}
}

func keyMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.KMSKey: {
			id:    func(f *fake) string { return f.uuid("key") },
			arn:   func(f *fake) string { return f.arn("kms", "key/"+f.id) },
			extra: func(f *fake) map[string]any { return map[string]any{"keyId": f.id} },
		},
		awstype.KMSAlias: {
			nameKey:     "name",
			defaultName: func(f *fake) string { return "alias/" + f.name },
			arn:         func(f *fake) string { return f.arn("kms", f.physical) },
			extra:       kmsAliasOutputs,
		},
		awstype.KMSKeyPolicy: {id: input("keyId")},
	}
}

func storageMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.S3BucketV2:                 bucketMock(),
		awstype.S3Bucket:                   bucketMock(),
		awstype.S3BucketObjectv2:           {id: input("key")},
		awstype.S3AccountPublicAccessBlock: {id: constant(Account)},
	}
}

func auditMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.CloudTrailTrail: {
			nameKey: "name", idIsARN: true,
			arn:   func(f *fake) string { return f.arn("cloudtrail", "trail/"+f.physical) },
			extra: func(f *fake) map[string]any { return map[string]any{"homeRegion": f.region} },
		},
		awstype.ConfigRule: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("config", "config-rule/"+configRuleID(f)) },
			extra:   func(f *fake) map[string]any { return map[string]any{"ruleId": configRuleID(f)} },
		},
		awstype.ConfigRecorder:        {nameKey: "name", defaultName: constant("default")},
		awstype.ConfigDeliveryChannel: {nameKey: "name", defaultName: constant("default")},
		awstype.ConfigRecorderStatus:  {nameKey: "name", defaultName: constant("default")},
	}
}

func alertMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.SNSTopic: {
			nameKey: "name", idIsARN: true,
			arn:   func(f *fake) string { return f.arn("sns", f.physical) },
			extra: func(*fake) map[string]any { return map[string]any{"owner": Account} },
		},
		awstype.SNSTopicSubscription: {
			idIsARN: true,
			arn:     func(f *fake) string { return f.str("topic") + ":" + f.uuid("subscription") },
			extra:   subscriptionOutputs,
		},
		awstype.SNSTopicPolicy: {id: input("arn")},
		awstype.CloudWatchMetricAlarm: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("cloudwatch", "alarm:"+f.physical) },
		},
		awstype.CloudWatchLogMetricFilter: {nameKey: "name"},
		awstype.CloudWatchEventRule: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("events", "rule/"+f.physical) },
		},
		awstype.CloudWatchEventTarget: {
			nameKey: "targetId",
			id:      func(f *fake) string { return f.str("rule") + "-" + f.physical },
		},
		// The provider's log group ARN has no ":*" suffix.
		awstype.CloudWatchLogGroup: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("logs", "log-group:"+f.physical) },
		},
	}
}

func identityMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.IAMRole: {
			nameKey: "name", arn: iamARN("role"), extra: uniqueID("AROA"),
		},
		awstype.IAMPolicy: {
			nameKey: "name", idIsARN: true, arn: iamARN("policy"),
			extra: func(f *fake) map[string]any { return map[string]any{"policyId": "ANPA" + f.upper("unique", 17)} },
		},
		awstype.IAMInstanceProfile: {
			nameKey: "name", arn: iamARN("instance-profile"), extra: uniqueID("AIPA"),
		},
		awstype.IAMUser: {nameKey: "name", arn: iamARN("user"), extra: uniqueID("AIDA")},
		awstype.IAMRolePolicy: {
			nameKey: "name",
			id:      func(f *fake) string { return f.str("role") + ":" + f.physical },
		},
		awstype.IAMRolePolicyAttachment: {
			id: func(f *fake) string { return f.str("role") + "-" + f.hex("attachment", 8) },
		},
	}
}

// otherMocks covers services a project stack may add later.
func otherMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.SSMParameter: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("ssm", "parameter/"+strings.TrimPrefix(f.physical, "/")) },
			extra:   func(*fake) map[string]any { return map[string]any{"version": 1} },
		},
		awstype.SSMDocument: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("ssm", "document/"+f.physical) },
		},
		awstype.SSMPatchBaseline: {
			nameKey: "name", id: func(f *fake) string { return "pb-" + f.hex("baseline", 17) },
			arn: func(f *fake) string { return f.arn("ssm", "patchbaseline/"+f.id) },
		},
		awstype.SSMPatchGroup: {
			id: func(f *fake) string { return f.str("patchGroup") + "," + f.str("baselineId") },
		},
		awstype.SSMMaintenanceWindow: {
			nameKey: "name", id: func(f *fake) string { return "mw-" + f.hex("window", 17) },
		},
		awstype.SSMMaintenanceWindowTarget: {
			nameKey: "name", id: func(f *fake) string {
				return f.hex("target", 8) + "-" + f.hex("target-2", 4) + "-" + f.hex("target-3", 4)
			},
		},
		awstype.SSMMaintenanceWindowTask: {
			nameKey: "name", id: func(f *fake) string { return f.hex("task", 8) + "-" + f.hex("task-2", 4) + "-" + f.hex("task-3", 4) },
		},
		awstype.SSMAssociation: {
			id: func(f *fake) string {
				return f.hex("association", 8) + "-" + f.hex("association-2", 4) + "-" + f.hex("association-3", 4)
			},
			extra: func(f *fake) map[string]any { return map[string]any{"associationId": f.id} },
		},
		awstype.SecretsManagerSecret: {
			nameKey: "name", idIsARN: true,
			arn: func(f *fake) string { return f.arn("secretsmanager", "secret:"+f.physical+"-"+f.hex("suffix", 6)) },
		},
		awstype.BackupVault: {
			nameKey: "name", id: func(f *fake) string { return f.physical },
			arn:   func(f *fake) string { return f.arn("backup", "backup-vault:"+f.physical) },
			extra: func(*fake) map[string]any { return map[string]any{"recoveryPoints": 0} },
		},
		awstype.BackupVaultLockConfiguration: {
			id: func(f *fake) string { return f.str("backupVaultName") },
		},
		awstype.BackupPlan: {
			nameKey: "name", id: func(f *fake) string { return f.hex("plan", 8) + "-" + f.hex("plan-2", 4) + "-" + f.hex("plan-3", 4) },
			arn:   func(f *fake) string { return f.arn("backup", "backup-plan:"+f.id) },
			extra: func(f *fake) map[string]any { return map[string]any{"version": f.hex("version", 32)} },
		},
		awstype.BackupSelection: {
			nameKey: "name", id: func(f *fake) string { return f.hex("selection", 8) + "-" + f.hex("selection-2", 4) },
		},
		awstype.GuardDutyDetector: {
			id:    func(f *fake) string { return f.hex("detector", 32) },
			arn:   func(f *fake) string { return f.arn("guardduty", "detector/"+f.id) },
			extra: func(*fake) map[string]any { return map[string]any{"accountId": Account} },
		},
	}
}

// warehouseMocks covers the Redshift warehouse: the cluster's endpoint,
// ARN and the ARN of the admin secret Redshift creates in Secrets Manager.
func warehouseMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.RedshiftCluster: {
			nameKey: "clusterIdentifier",
			arn:     func(f *fake) string { return f.arn("redshift", "cluster:"+f.physical) },
			extra:   clusterOutputs,
		},
		awstype.RedshiftSubnetGroup: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("redshift", "subnetgroup:"+f.physical) },
		},
		awstype.RedshiftParameterGroup: {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("redshift", "parametergroup:"+f.physical) },
		},
		awstype.RedshiftLogging: {id: input("clusterIdentifier")},
	}
}

// clusterOutputs are a Redshift cluster's computed outputs.
func clusterOutputs(f *fake) map[string]any {
	host := fmt.Sprintf("%s.c%s.%s.redshift.amazonaws.com", f.physical, f.hex("endpoint", 11), f.region)
	return map[string]any{
		"endpoint": host + ":5439", "dnsName": host, "port": 5439,
		"clusterNamespaceArn":     f.arn("redshift", "namespace:"+f.uuid("namespace")),
		"masterPasswordSecretArn": f.arn("secretsmanager", "secret:redshift!"+f.physical+"-"+f.str("masterUsername")+"-"+f.hex("secret", 6)),
	}
}

// baselineMocks covers the account baseline's once-per-account services.
func baselineMocks() map[string]typeMock {
	return map[string]typeMock{
		awstype.ConfigConformancePack: {
			nameKey: "name",
			arn: func(f *fake) string {
				return f.arn("config", "conformance-pack/"+f.physical+"/conformance-pack-"+f.hex("pack", 9))
			},
		},
		awstype.AccessAnalyzerAnalyzer: {
			nameKey: "analyzerName",
			arn:     func(f *fake) string { return f.arn("access-analyzer", "analyzer/"+f.physical) },
		},
		awstype.GuardDutyDetectorFeature: {
			nameKey: "name",
			id:      func(f *fake) string { return f.str("detectorId") + "/" + f.physical },
		},
		awstype.SecurityHubAccount: {
			id:  constant(Account),
			arn: func(f *fake) string { return f.arn("securityhub", "hub/default") },
		},
		// The provider's ID of a subscription is its ARN, in the account.
		awstype.SecurityHubStandardsSubscription: {
			id: func(f *fake) string {
				return strings.Replace(f.str("standardsArn"), "::standards/", ":"+Account+":subscription/", 1)
			},
		},
		awstype.EBSEncryptionByDefault: {id: func(f *fake) string { return f.region }},
		awstype.EBSDefaultKmsKey:       {id: input("keyArn")},
		awstype.IAMAccountPasswordPolicy: {
			id: constant("iam-account-password-policy"),
			extra: func(f *fake) map[string]any {
				age := f.inputs["maxPasswordAge"]
				return map[string]any{"expirePasswords": age.IsNumber() && age.NumberValue() > 0}
			},
		},
	}
}

// moduleMock is the fallback for a type that is not in the table.
func moduleMock(typ string) typeMock {
	if strings.HasPrefix(typ, "aws:s3/") {
		// Bucket sub-resources (policy, versioning, encryption, ...) use the bucket name as ID.
		return typeMock{id: input("bucket")}
	}
	return typeMock{}
}

func bucketMock() typeMock {
	return typeMock{
		nameKey: "bucket",
		arn:     func(f *fake) string { return "arn:aws:s3:::" + f.physical },
		extra: func(f *fake) map[string]any {
			return map[string]any{
				"bucketDomainName":         f.physical + ".s3.amazonaws.com",
				"bucketRegionalDomainName": f.physical + ".s3." + f.region + ".amazonaws.com",
				"region":                   f.region,
			}
		},
	}
}

func iamARN(kind string) func(f *fake) string { return func(f *fake) string { return f.iamARN(kind) } }

func input(key string) func(f *fake) string { return func(f *fake) string { return f.str(key) } }

func constant(s string) func(f *fake) string { return func(*fake) string { return s } }

func owned(*fake) map[string]any { return map[string]any{"ownerId": Account} }

func uniqueID(prefix string) func(f *fake) map[string]any {
	return func(f *fake) map[string]any {
		return map[string]any{"uniqueId": prefix + f.upper("unique", 17)}
	}
}

func configRuleID(f *fake) string { return "config-rule-" + f.hex("rule", 6) }

func vpcOutputs(f *fake) map[string]any {
	rtb := f.ec2ID("rtb-")
	return map[string]any{
		"ownerId":                Account,
		"defaultNetworkAclId":    f.ec2ID("acl-"),
		"defaultRouteTableId":    rtb,
		"mainRouteTableId":       rtb,
		"defaultSecurityGroupId": f.ec2ID("sg-"),
		"dhcpOptionsId":          f.ec2ID("dopt-"),
	}
}

func natOutputs(f *fake) map[string]any {
	ip := f.privateIP()
	return map[string]any{
		"networkInterfaceId": f.ec2ID("eni-"),
		"privateIp":          ip,
		"publicIp":           f.publicIP("publicIp"),
	}
}

func eipOutputs(f *fake) map[string]any {
	ip := f.publicIP("publicIp")
	return map[string]any{
		"allocationId": f.id,
		"domain":       "vpc",
		"publicIp":     ip,
		"publicDns":    "ec2-" + hostIP(ip) + "." + f.region + ".compute.amazonaws.com",
	}
}

func sgRuleOutputs(f *fake) map[string]any { return map[string]any{"securityGroupRuleId": f.id} }

func endpointOutputs(f *fake) map[string]any {
	return map[string]any{
		"ownerId":      Account,
		"prefixListId": f.ec2ID("pl-"),
		"state":        "available",
	}
}

func eniOutputs(f *fake) map[string]any {
	return map[string]any{"privateIp": f.privateIP(), "ownerId": Account}
}

func instanceOutputs(f *fake) map[string]any {
	ip := f.str("privateIp")
	if ip == "" {
		ip = f.privateIP()
	}
	out := map[string]any{
		"privateIp":                 ip,
		"privateDns":                "ip-" + hostIP(ip) + "." + f.region + ".compute.internal",
		"primaryNetworkInterfaceId": f.ec2ID("eni-"),
		"instanceState":             "running",
	}
	if v := f.inputs["associatePublicIpAddress"]; v.IsBool() && v.BoolValue() {
		pub := f.publicIP("publicIp")
		out["publicIp"] = pub
		out["publicDns"] = "ec2-" + hostIP(pub) + "." + f.region + ".compute.amazonaws.com"
	}
	return out
}

func launchTemplateOutputs(*fake) map[string]any {
	return map[string]any{"latestVersion": 1, "defaultVersion": 1}
}

// kmsAliasOutputs resolves the target key's ARN from a key ID or ARN input.
func kmsAliasOutputs(f *fake) map[string]any {
	target := f.str("targetKeyId")
	if target != "" && !strings.HasPrefix(target, "arn:") {
		target = f.arn("kms", "key/"+target)
	}
	return map[string]any{"targetKeyArn": target}
}

func subscriptionOutputs(f *fake) map[string]any {
	protocol := f.str("protocol")
	return map[string]any{
		"ownerId":                      Account,
		"confirmationWasAuthenticated": protocol != "email" && protocol != "email-json",
		"pendingConfirmation":          protocol == "email" || protocol == "email-json",
	}
}

// invoke answers one invoke (data source) call, or says which mock is missing.
func invoke(token, region string) (map[string]any, error) {
	switch token {
	case awstype.InvokeGetCallerIdentity:
		return map[string]any{
			"id": Account, "accountId": Account, "userId": "AIDAOFFLINEPLACEHOLDER",
			"arn": "arn:aws:iam::" + Account + ":user/sce-offline",
		}, nil
	case awstype.InvokeGetPartition:
		return map[string]any{
			"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws",
		}, nil
	case awstype.InvokeGetRegion:
		return map[string]any{
			"id": region, "name": region, "region": region, "description": "offline placeholder for " + region,
			"endpoint": "ec2." + region + ".amazonaws.com",
		}, nil
	case awstype.InvokeEC2GetAmi:
		return amiResult(region), nil
	}
	return nil, fmt.Errorf("offline plan has no mock for invoke %s: add one in internal/plan/mocks.go", token)
}

func amiResult(region string) map[string]any {
	const id = "ami-0123456789abcdef0"
	return map[string]any{
		"id": id, "imageId": id, "name": "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
		"architecture": "x86_64", "arn": "arn:aws:ec2:" + region + "::image/" + id,
		"ownerId": "137112412989", "imageOwnerAlias": "amazon", "creationDate": "2024-12-12T00:00:00.000Z",
		"rootDeviceName": "/dev/xvda", "rootDeviceType": "ebs", "virtualizationType": "hvm",
		"state": "available", "public": true, "enaSupport": true, "bootMode": "uefi-preferred",
		"imdsSupport": "v2.0", "platformDetails": "Linux/UNIX",
	}
}
