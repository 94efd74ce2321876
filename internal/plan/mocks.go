package plan

import (
	"fmt"
	"maps"
	"strings"
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
		alertMocks(), identityMocks(), otherMocks(), baselineMocks(),
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
		"aws:ec2/vpc:Vpc":                         ec2Type("vpc-", "vpc", vpcOutputs),
		"aws:ec2/subnet:Subnet":                   ec2Type("subnet-", "subnet", owned),
		"aws:ec2/internetGateway:InternetGateway": ec2Type("igw-", "internet-gateway", owned),
		"aws:ec2/natGateway:NatGateway":           ec2Type("nat-", "", natOutputs),
		"aws:ec2/eip:Eip":                         ec2Type("eipalloc-", "elastic-ip", eipOutputs),
		"aws:ec2/eipAssociation:EipAssociation":   ec2Type("eipassoc-", "", nil),

		"aws:ec2/routeTable:RouteTable":                               ec2Type("rtb-", "route-table", owned),
		"aws:ec2/defaultRouteTable:DefaultRouteTable":                 ec2Type("rtb-", "route-table", owned),
		"aws:ec2/route:Route":                                         ec2Type("r-", "", nil),
		"aws:ec2/routeTableAssociation:RouteTableAssociation":         ec2Type("rtbassoc-", "", nil),
		"aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": ec2Type("rtbassoc-", "", nil),

		"aws:ec2/networkAcl:NetworkAcl":                       ec2Type("acl-", "network-acl", owned),
		"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl":         ec2Type("acl-", "network-acl", owned),
		"aws:ec2/networkAclRule:NetworkAclRule":               ec2Type("nacl-", "", nil),
		"aws:ec2/networkAclAssociation:NetworkAclAssociation": ec2Type("aclassoc-", "", nil),

		"aws:ec2/securityGroup:SecurityGroup":               sg,
		"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2Type("sg-", "security-group", owned),
		"aws:ec2/securityGroupRule:SecurityGroupRule":       ec2Type("sgrule-", "", nil),
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2Type("sgr-", "security-group-rule",
			sgRuleOutputs),
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2Type("sgr-", "security-group-rule",
			sgRuleOutputs),

		"aws:ec2/vpcEndpoint:VpcEndpoint":           ec2Type("vpce-", "vpc-endpoint", endpointOutputs),
		"aws:ec2/flowLog:FlowLog":                   ec2Type("fl-", "vpc-flow-log", nil),
		"aws:ec2/networkInterface:NetworkInterface": ec2Type("eni-", "network-interface", eniOutputs),

		"aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": ec2Type("a-vpce-", "", nil),
	}
}

func computeMocks() map[string]typeMock {
	lt := ec2Type("lt-", "launch-template", launchTemplateOutputs)
	lt.nameKey = "name"
	return map[string]typeMock{
		"aws:ec2/instance:Instance":                 ec2Type("i-", "instance", instanceOutputs),
		"aws:ebs/volume:Volume":                     ec2Type("vol-", "volume", nil),
		"aws:ec2/volumeAttachment:VolumeAttachment": ec2Type("vai-", "", nil),
		"aws:ec2/launchTemplate:LaunchTemplate":     lt,
		"aws:ec2/keyPair:KeyPair": {
			nameKey: "keyName",
			arn:     func(f *fake) string { return f.arn("ec2", "key-pair/"+f.physical) },
			extra:   func(f *fake) map[string]any { return map[string]any{"keyPairId": f.ec2ID("key-")} },
		},
	}
}

func keyMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:kms/key:Key": {
			id:    func(f *fake) string { return f.uuid("key") },
			arn:   func(f *fake) string { return f.arn("kms", "key/"+f.id) },
			extra: func(f *fake) map[string]any { return map[string]any{"keyId": f.id} },
		},
		"aws:kms/alias:Alias": {
			nameKey:     "name",
			defaultName: func(f *fake) string { return "alias/" + f.name },
			arn:         func(f *fake) string { return f.arn("kms", f.physical) },
			extra:       kmsAliasOutputs,
		},
		"aws:kms/keyPolicy:KeyPolicy": {id: input("keyId")},
	}
}

func storageMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:s3/bucketV2:BucketV2":                                 bucketMock(),
		"aws:s3/bucket:Bucket":                                     bucketMock(),
		"aws:s3/bucketObjectv2:BucketObjectv2":                     {id: input("key")},
		"aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": {id: constant(Account)},
	}
}

func auditMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:cloudtrail/trail:Trail": {
			nameKey: "name", idIsARN: true,
			arn:   func(f *fake) string { return f.arn("cloudtrail", "trail/"+f.physical) },
			extra: func(f *fake) map[string]any { return map[string]any{"homeRegion": f.region} },
		},
		"aws:cfg/rule:Rule": {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("config", "config-rule/"+configRuleID(f)) },
			extra:   func(f *fake) map[string]any { return map[string]any{"ruleId": configRuleID(f)} },
		},
		"aws:cfg/recorder:Recorder":               {nameKey: "name", defaultName: constant("default")},
		"aws:cfg/deliveryChannel:DeliveryChannel": {nameKey: "name", defaultName: constant("default")},
		"aws:cfg/recorderStatus:RecorderStatus":   {nameKey: "name", defaultName: constant("default")},
	}
}

func alertMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:sns/topic:Topic": {
			nameKey: "name", idIsARN: true,
			arn:   func(f *fake) string { return f.arn("sns", f.physical) },
			extra: func(*fake) map[string]any { return map[string]any{"owner": Account} },
		},
		"aws:sns/topicSubscription:TopicSubscription": {
			idIsARN: true,
			arn:     func(f *fake) string { return f.str("topic") + ":" + f.uuid("subscription") },
			extra:   subscriptionOutputs,
		},
		"aws:sns/topicPolicy:TopicPolicy": {id: input("arn")},
		"aws:cloudwatch/metricAlarm:MetricAlarm": {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("cloudwatch", "alarm:"+f.physical) },
		},
		"aws:cloudwatch/logMetricFilter:LogMetricFilter": {nameKey: "name"},
		"aws:cloudwatch/eventRule:EventRule": {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("events", "rule/"+f.physical) },
		},
		"aws:cloudwatch/eventTarget:EventTarget": {
			nameKey: "targetId",
			id:      func(f *fake) string { return f.str("rule") + "-" + f.physical },
		},
		// The provider's log group ARN has no ":*" suffix.
		"aws:cloudwatch/logGroup:LogGroup": {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("logs", "log-group:"+f.physical) },
		},
	}
}

func identityMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:iam/role:Role": {
			nameKey: "name", arn: iamARN("role"), extra: uniqueID("AROA"),
		},
		"aws:iam/policy:Policy": {
			nameKey: "name", idIsARN: true, arn: iamARN("policy"),
			extra: func(f *fake) map[string]any { return map[string]any{"policyId": "ANPA" + f.upper("unique", 17)} },
		},
		"aws:iam/instanceProfile:InstanceProfile": {
			nameKey: "name", arn: iamARN("instance-profile"), extra: uniqueID("AIPA"),
		},
		"aws:iam/user:User": {nameKey: "name", arn: iamARN("user"), extra: uniqueID("AIDA")},
		"aws:iam/rolePolicy:RolePolicy": {
			nameKey: "name",
			id:      func(f *fake) string { return f.str("role") + ":" + f.physical },
		},
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
			id: func(f *fake) string { return f.str("role") + "-" + f.hex("attachment", 8) },
		},
	}
}

// otherMocks covers services a project stack may add later.
func otherMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:ssm/parameter:Parameter": {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("ssm", "parameter/"+strings.TrimPrefix(f.physical, "/")) },
			extra:   func(*fake) map[string]any { return map[string]any{"version": 1} },
		},
		"aws:ssm/document:Document": {
			nameKey: "name",
			arn:     func(f *fake) string { return f.arn("ssm", "document/"+f.physical) },
		},
		"aws:secretsmanager/secret:Secret": {
			nameKey: "name", idIsARN: true,
			arn: func(f *fake) string { return f.arn("secretsmanager", "secret:"+f.physical+"-"+f.hex("suffix", 6)) },
		},
		"aws:backup/vault:Vault": {
			nameKey: "name", id: func(f *fake) string { return f.physical },
			arn:   func(f *fake) string { return f.arn("backup", "backup-vault:"+f.physical) },
			extra: func(*fake) map[string]any { return map[string]any{"recoveryPoints": 0} },
		},
		"aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
			id: func(f *fake) string { return f.str("backupVaultName") },
		},
		"aws:backup/plan:Plan": {
			nameKey: "name", id: func(f *fake) string { return f.hex("plan", 8) + "-" + f.hex("plan-2", 4) + "-" + f.hex("plan-3", 4) },
			arn:   func(f *fake) string { return f.arn("backup", "backup-plan:"+f.id) },
			extra: func(f *fake) map[string]any { return map[string]any{"version": f.hex("version", 32)} },
		},
		"aws:backup/selection:Selection": {
			nameKey: "name", id: func(f *fake) string { return f.hex("selection", 8) + "-" + f.hex("selection-2", 4) },
		},
		"aws:guardduty/detector:Detector": {
			id:    func(f *fake) string { return f.hex("detector", 32) },
			arn:   func(f *fake) string { return f.arn("guardduty", "detector/"+f.id) },
			extra: func(*fake) map[string]any { return map[string]any{"accountId": Account} },
		},
	}
}

// baselineMocks covers the account baseline's once-per-account services.
func baselineMocks() map[string]typeMock {
	return map[string]typeMock{
		"aws:cfg/conformancePack:ConformancePack": {
			nameKey: "name",
			arn: func(f *fake) string {
				return f.arn("config", "conformance-pack/"+f.physical+"/conformance-pack-"+f.hex("pack", 9))
			},
		},
		"aws:accessanalyzer/analyzer:Analyzer": {
			nameKey: "analyzerName",
			arn:     func(f *fake) string { return f.arn("access-analyzer", "analyzer/"+f.physical) },
		},
		"aws:guardduty/detectorFeature:DetectorFeature": {
			nameKey: "name",
			id:      func(f *fake) string { return f.str("detectorId") + "/" + f.physical },
		},
		"aws:securityhub/account:Account": {
			id:  constant(Account),
			arn: func(f *fake) string { return f.arn("securityhub", "hub/default") },
		},
		// The provider's ID of a subscription is its ARN, in the account.
		"aws:securityhub/standardsSubscription:StandardsSubscription": {
			id: func(f *fake) string {
				return strings.Replace(f.str("standardsArn"), "::standards/", ":"+Account+":subscription/", 1)
			},
		},
		"aws:ebs/encryptionByDefault:EncryptionByDefault": {id: func(f *fake) string { return f.region }},
		"aws:ebs/defaultKmsKey:DefaultKmsKey":             {id: input("keyArn")},
		"aws:iam/accountPasswordPolicy:AccountPasswordPolicy": {
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
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return map[string]any{
			"id": Account, "accountId": Account, "userId": "AIDAOFFLINEPLACEHOLDER",
			"arn": "arn:aws:iam::" + Account + ":user/sce-offline",
		}, nil
	case "aws:index/getPartition:getPartition":
		return map[string]any{
			"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws",
		}, nil
	case "aws:index/getRegion:getRegion":
		return map[string]any{
			"id": region, "name": region, "region": region, "description": "offline placeholder for " + region,
			"endpoint": "ec2." + region + ".amazonaws.com",
		}, nil
	case "aws:ec2/getAmi:getAmi":
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
