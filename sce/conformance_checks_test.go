package sce_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// Type tokens the checks need. The snapshot permission is one sce never
// creates (a rule is about it): written here, in a test, so that the check
// notices when it does.
const (
	tBackupVaultPolicy   = awstype.BackupVaultPolicy
	tBucketReplication   = awstype.S3BucketReplicationConfig
	tSnapshotPermission  = "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission"
	tRedshiftCluster     = awstype.RedshiftCluster
	tRedshiftParamGroup  = awstype.RedshiftParameterGroup
	tRedshiftLogging     = awstype.RedshiftLogging
	tBackupPlanResource  = awstype.BackupPlan
	tBackupSelectionType = awstype.BackupSelection
)

// bucketCheck fails every bucket judge answers for.
func bucketCheck(judge func(p *plan.Plan, r plan.Resource) string) packCheck {
	return func(plans []*plan.Plan, _ map[string]string) []failure { return each(plans, tBucket, judge) }
}

// needsSub fails every bucket without a sub-resource of type typ named
// after it with suffix.
func needsSub(typ, suffix, why string) packCheck {
	return bucketCheck(func(p *plan.Plan, r plan.Resource) string {
		if _, ok := sub(p, r, typ, suffix); !ok {
			return why
		}
		return ""
	})
}

func bucketChecks() map[string]packCheck {
	publicAccessBlocked := bucketCheck(func(p *plan.Plan, r plan.Resource) string {
		pab, ok := sub(p, r, tPAB, "-public-access-block")
		if !ok {
			return "no public access block"
		}
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if pab.Inputs[flag] != true {
				return flag + " is not set"
			}
		}
		return ""
	})
	return map[string]packCheck{
		"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED": needsSub(tSSE, "-encryption", "no default encryption"),
		"S3_DEFAULT_ENCRYPTION_KMS": bucketCheck(func(p *plan.Plan, r plan.Resource) string {
			sse, ok := sub(p, r, tSSE, "-encryption")
			if !ok {
				return "no default encryption"
			}
			rules, _ := sse.Inputs["rules"].([]any)
			if len(rules) == 0 {
				return "no default encryption rule"
			}
			by, _ := rules[0].(map[string]any)["applyServerSideEncryptionByDefault"].(map[string]any)
			if by["sseAlgorithm"] != "aws:kms" {
				return fmt.Sprintf("default encryption is %v, not aws:kms", by["sseAlgorithm"])
			}
			return ""
		}),
		"S3_BUCKET_LOGGING_ENABLED": needsSub(tLogging, "-logging", "no server access logging"),
		"S3_BUCKET_SSL_REQUESTS_ONLY": bucketCheck(func(p *plan.Plan, r plan.Resource) string {
			pol, ok := sub(p, r, tPolicy, "-policy")
			if !ok {
				return "no bucket policy"
			}
			for _, s := range policyStatements(pol.Inputs["policy"]) {
				cond, _ := s["Condition"].(map[string]any)
				b, _ := cond["Bool"].(map[string]any)
				if s["Effect"] == "Deny" && b["aws:SecureTransport"] == "false" {
					return ""
				}
			}
			return "the policy does not deny requests without TLS"
		}),
		"S3_BUCKET_VERSIONING_ENABLED": bucketCheck(func(p *plan.Plan, r plan.Resource) string {
			v, ok := sub(p, r, tVersioning, "-versioning")
			if !ok {
				return "no versioning"
			}
			if cfg, _ := v.Inputs["versioningConfiguration"].(map[string]any); cfg["status"] != "Enabled" {
				return "versioning is not enabled"
			}
			return ""
		}),
		"S3_VERSION_LIFECYCLE_POLICY_CHECK": needsSub(tLifecycle, "-lifecycle", "no lifecycle configuration"),
		"S3_BUCKET_ACL_PROHIBITED": bucketCheck(func(p *plan.Plan, r plan.Resource) string {
			o, ok := sub(p, r, tOwnership, "-ownership")
			if rule, _ := o.Inputs["rule"].(map[string]any); !ok || rule["objectOwnership"] != "BucketOwnerEnforced" {
				return "ACLs are not disabled"
			}
			return ""
		}),
		"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED": publicAccessBlocked,
		"S3_BUCKET_PUBLIC_READ_PROHIBITED":         publicAccessBlocked,
		"S3_BUCKET_PUBLIC_WRITE_PROHIBITED":        publicAccessBlocked,
		"S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC": func(plans []*plan.Plan, params map[string]string) []failure {
			pab := plans[0].Find(tAccountPAB)
			if len(pab) != 1 {
				return []failure{{plans[0].Stack, "account", "no account public access block"}}
			}
			for param, flag := range map[string]string{"BlockPublicAcls": "blockPublicAcls", "BlockPublicPolicy": "blockPublicPolicy",
				"IgnorePublicAcls": "ignorePublicAcls", "RestrictPublicBuckets": "restrictPublicBuckets"} {
				if params[param] == "true" && pab[0].Inputs[flag] != true {
					return []failure{{plans[0].Stack, pab[0].Name, flag + " is not set"}}
				}
			}
			return nil
		},
		"S3_BUCKET_DEFAULT_LOCK_ENABLED": func(plans []*plan.Plan, params map[string]string) []failure {
			return each(plans, tBucket, func(p *plan.Plan, r plan.Resource) string { return objectLockFailure(p, r, params["mode"]) })
		},
		"S3_BUCKET_REPLICATION_ENABLED": bucketCheck(replicationFailure),
		"S3_EVENT_NOTIFICATIONS_ENABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tBucket, notificationFailure)
		},
	}
}

// notificationFailure says why bucket r fails s3-event-notifications-enabled
// with its default parameters (eventTypes and destinationArn unset): the
// rule asks for an event notification to an SNS topic, SQS queue or Lambda
// function, so the bucket's notification configuration must send at least
// one event to a topic of its own stack (delivery to EventBridge alone is
// not a certain pass, and sce uses no queue or function).
func notificationFailure(p *plan.Plan, r plan.Resource) string {
	var topics []string
	for _, t := range p.Find(tTopic) {
		topics = append(topics, t.URN)
	}
	for _, n := range p.Find(tNotify) {
		if !dependsOn(n, "bucket", r.URN) {
			continue
		}
		for _, c := range asList(n.Inputs["topics"]) {
			cfg, _ := c.(map[string]any)
			arn, _ := cfg["topicArn"].(string)
			if len(asList(cfg["events"])) > 0 && strings.HasPrefix(arn, "arn:aws:sns:") && slices.ContainsFunc(topics, func(u string) bool {
				return dependsOn(n, "topics", u)
			}) {
				return ""
			}
		}
		return "its event notification sends no event to a topic of the stack"
	}
	return "no event notifications"
}

// asList is v as a list, or nil.
func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// replicationFailure says why bucket r fails s3-bucket-replication-enabled
// as AWS Config evaluates it with ReplicationType unset: the bucket has a
// replication configuration with at least one enabled rule, to any
// destination (same region or another).
func replicationFailure(p *plan.Plan, r plan.Resource) string {
	found := false
	for _, c := range p.Find(tBucketReplication) {
		if !dependsOn(c, "bucket", r.URN) {
			continue
		}
		found = true
		rules, _ := c.Inputs["rules"].([]any)
		for _, rule := range rules {
			if m, _ := rule.(map[string]any); m["status"] == "Enabled" {
				return ""
			}
		}
	}
	if found {
		return "no enabled replication rule"
	}
	return "no replication configuration"
}

// objectLockFailure says why bucket r fails s3-bucket-default-lock-enabled,
// as AWS Config sees the bucket once deployed: Object Lock is enabled when
// the bucket was created with it or when a lock configuration enabled it
// (on a versioned bucket, new or existing); with the rule's mode parameter,
// the default retention must have that mode.
func objectLockFailure(p *plan.Plan, r plan.Resource, mode string) string {
	var lock *plan.Resource
	for _, l := range p.Find(tObjectLock) {
		if dependsOn(l, "bucket", r.URN) {
			lock = &l
		}
	}
	enabled := r.Inputs["objectLockEnabled"] == true
	if lock != nil && lock.Inputs["objectLockEnabled"] == "Enabled" {
		enabled = true
	}
	if !enabled {
		return "Object Lock is not enabled"
	}
	if mode == "" {
		return ""
	}
	var got any
	if lock != nil {
		rule, _ := lock.Inputs["rule"].(map[string]any)
		retention, _ := rule["defaultRetention"].(map[string]any)
		got = retention["mode"]
	}
	if got != mode {
		return fmt.Sprintf("default retention mode is %v, not %s", got, mode)
	}
	return ""
}

func encryptionChecks() map[string]packCheck {
	return map[string]packCheck{
		"CLOUDWATCH_LOG_GROUP_ENCRYPTED": inputSet(tLogGroup, "kmsKeyId", "not encrypted with a KMS key"),
		"CMK_BACKING_KEY_ROTATION_ENABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tKey, func(_ *plan.Plan, r plan.Resource) string {
				if r.Inputs["enableKeyRotation"] != true {
					return "key rotation is off"
				}
				return ""
			})
		},
		"KMS_CMK_NOT_SCHEDULED_FOR_DELETION": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tKey, func(_ *plan.Plan, r plan.Resource) string {
				if !r.Options.Protect {
					return "not protected: a destroy would schedule its deletion"
				}
				return ""
			})
		},
		"EC2_EBS_ENCRYPTION_BY_DEFAULT": func(plans []*plan.Plan, _ map[string]string) []failure {
			for _, r := range plans[0].Find(tEBSDefault) {
				if r.Inputs["enabled"] == true {
					return nil
				}
			}
			return []failure{{plans[0].Stack, "account", "EBS encryption by default is not enabled"}}
		},
		"ENCRYPTED_VOLUMES": func(plans []*plan.Plan, _ map[string]string) []failure {
			out := each(plans, tVolume, func(_ *plan.Plan, r plan.Resource) string {
				if r.Inputs["encrypted"] != true {
					return "not encrypted"
				}
				return ""
			})
			return append(out, each(plans, tInstance, func(_ *plan.Plan, r plan.Resource) string {
				if root, _ := r.Inputs["rootBlockDevice"].(map[string]any); root["encrypted"] != true {
					return "root volume not encrypted"
				}
				return ""
			})...)
		},
		"SNS_ENCRYPTED_KMS":              inputSet(tTopic, "kmsMasterKeyId", "not encrypted with a KMS key"),
		"CLOUD_TRAIL_ENCRYPTION_ENABLED": inputSet(tTrail, "kmsKeyId", "log files not encrypted with a KMS key"),
	}
}

// inputSet fails every resource of type typ whose input key is empty.
func inputSet(typ, key, why string) packCheck {
	return func(plans []*plan.Plan, _ map[string]string) []failure {
		return each(plans, typ, func(_ *plan.Plan, r plan.Resource) string {
			if v, _ := r.Inputs[key].(string); v == "" {
				return why
			}
			return ""
		})
	}
}

func trailChecks() map[string]packCheck {
	securityTrail := func(plans []*plan.Plan, _ map[string]string) []failure {
		for _, tr := range plans[0].Find(tTrail) {
			in := tr.Inputs
			sel, _ := in["eventSelectors"].([]any)
			if in["isMultiRegionTrail"] == true && in["enableLogFileValidation"] == true && in["enableLogging"] == true &&
				in["kmsKeyId"] != nil && len(sel) > 0 && sel[0].(map[string]any)["readWriteType"] == "All" &&
				sel[0].(map[string]any)["includeManagementEvents"] == true {
				return nil
			}
		}
		return []failure{{plans[0].Stack, "account", "no multi-region trail with all management events, KMS and validation"}}
	}
	return map[string]packCheck{
		"CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tTrail, func(_ *plan.Plan, r plan.Resource) string {
				if r.Inputs["enableLogFileValidation"] != true {
					return "no log file validation"
				}
				return ""
			})
		},
		"CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED": inputSet(tTrail, "cloudWatchLogsGroupArn", "not delivered to CloudWatch Logs"),
		"CLOUD_TRAIL_ENABLED":                  securityTrail,
		"MULTI_REGION_CLOUD_TRAIL_ENABLED":     securityTrail,
		"CLOUDTRAIL_SECURITY_TRAIL_ENABLED":    securityTrail,
		"CLOUDTRAIL_S3_DATAEVENTS_ENABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			var out []failure
			for _, p := range plans {
				for _, tr := range p.Find(tTrail) {
					if allBucketDataEvents(tr) {
						return nil
					}
					out = append(out, failure{p.Stack, tr.Name, "records S3 data events of some buckets only"})
				}
			}
			return out
		},
		"CW_LOGGROUP_RETENTION_PERIOD_CHECK": func(plans []*plan.Plan, params map[string]string) []failure {
			least, _ := strconv.Atoi(params["MinRetentionTime"])
			return each(plans, tLogGroup, func(_ *plan.Plan, r plan.Resource) string {
				if days, _ := r.Inputs["retentionInDays"].(float64); days < float64(least) {
					return fmt.Sprintf("keeps events %v days, less than %d", days, least)
				}
				return ""
			})
		},
		"VPC_FLOW_LOGS_ENABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tVpc, func(p *plan.Plan, vpc plan.Resource) string {
				for _, fl := range p.Find(tFlowLog) {
					if dependsOn(fl, "vpcId", vpc.URN) {
						return ""
					}
				}
				return "no flow log"
			})
		},
	}
}

// allBucketDataEvents reports whether a trail records S3 data events of
// every bucket (the data resource "arn:aws:s3" or "arn:aws:s3:::").
func allBucketDataEvents(tr plan.Resource) bool {
	sels, _ := tr.Inputs["eventSelectors"].([]any)
	for _, s := range sels {
		res, _ := s.(map[string]any)["dataResources"].([]any)
		for _, d := range res {
			dr := d.(map[string]any)
			if dr["type"] == "AWS::S3::Object" && slices.ContainsFunc(strs(dr["values"]), func(v string) bool {
				return v == "arn:aws:s3" || v == "arn:aws:s3:::"
			}) {
				return true
			}
		}
	}
	return false
}

func monitoringChecks() map[string]packCheck {
	return map[string]packCheck{
		"GUARDDUTY_ENABLED_CENTRALIZED": func(plans []*plan.Plan, _ map[string]string) []failure {
			for _, d := range plans[0].Find(tDetector) {
				if d.Inputs["enable"] == true {
					return nil
				}
			}
			return []failure{{plans[0].Stack, "account", "GuardDuty is not enabled"}}
		},
		"SECURITYHUB_ENABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			if len(plans[0].Find(tHub)) == 1 {
				return nil
			}
			return []failure{{plans[0].Stack, "account", "Security Hub is not enabled"}}
		},
		"CLOUDWATCH_ALARM_ACTION_CHECK": func(plans []*plan.Plan, params map[string]string) []failure {
			return each(plans, tAlarm, func(_ *plan.Plan, r plan.Resource) string {
				var missing []string
				for param, input := range map[string]string{"alarmActionRequired": "alarmActions",
					"insufficientDataActionRequired": "insufficientDataActions", "okActionRequired": "okActions"} {
					if actions, _ := r.Inputs[input].([]any); strings.EqualFold(params[param], "true") && len(actions) == 0 {
						missing = append(missing, input)
					}
				}
				slices.Sort(missing)
				if len(missing) > 0 {
					return "no " + strings.Join(missing, ", ")
				}
				return ""
			})
		},
		"EC2_INSTANCE_MANAGED_BY_SSM": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tInstance, func(p *plan.Plan, r plan.Resource) string {
				if !instanceRoleAllows(p, r, "ssm:UpdateInstanceInformation") {
					return "the instance role does not let the SSM agent register"
				}
				return ""
			})
		},
	}
}

// instanceRoleAllows reports whether the role of instance r's profile has
// a customer-managed policy attached that allows action.
func instanceRoleAllows(p *plan.Plan, r plan.Resource, action string) bool {
	for _, prof := range p.Find(tProfile) {
		if !dependsOn(r, "iamInstanceProfile", prof.URN) {
			continue
		}
		for _, att := range p.Find(tAttach) {
			if !sameDeps(att.PropertyDependencies["role"], prof.PropertyDependencies["role"]) {
				continue
			}
			for _, pol := range p.Find(tIAMPolicy) {
				if dependsOn(att, "policyArn", pol.URN) && allows(pol, action) {
					return true
				}
			}
		}
	}
	return false
}

// sameDeps reports whether two dependency lists name the same one resource.
func sameDeps(a, b []string) bool { return len(a) == 1 && len(b) == 1 && a[0] == b[0] }

// allows reports whether policy resource pol has an Allow statement with action.
func allows(pol plan.Resource, action string) bool {
	for _, s := range policyStatements(pol.Inputs["policy"]) {
		if s["Effect"] == "Allow" && slices.Contains(strs(s["Action"]), action) {
			return true
		}
	}
	return false
}

func networkChecks() map[string]packCheck {
	noWorldIngress := func(plans []*plan.Plan, _ map[string]string) []failure {
		out := each(plans, tSGIn, func(_ *plan.Plan, r plan.Resource) string {
			if r.Inputs["cidrIpv4"] == "0.0.0.0/0" || r.Inputs["cidrIpv6"] == "::/0" {
				return "admits the whole internet"
			}
			return ""
		})
		out = append(out, each(plans, tSG, func(_ *plan.Plan, r plan.Resource) string {
			if _, inline := r.Inputs["ingress"]; inline {
				return "inline ingress rules: sce keeps rules as separate resources"
			}
			return ""
		})...)
		return append(out, noneOf("aws:ec2/securityGroupRule:")(plans, nil)...)
	}
	instanceCheck := func(judge func(p *plan.Plan, r plan.Resource) string) packCheck {
		return func(plans []*plan.Plan, _ map[string]string) []failure { return each(plans, tInstance, judge) }
	}
	return map[string]packCheck{
		"INCOMING_SSH_DISABLED":                noWorldIngress,
		"RESTRICTED_INCOMING_TRAFFIC":          noWorldIngress,
		"VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS": noWorldIngress,
		"VPC_DEFAULT_SECURITY_GROUP_CLOSED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tVpc, func(p *plan.Plan, vpc plan.Resource) string {
				for _, sg := range p.Find(tDefaultSG) {
					_, in := sg.Inputs["ingress"]
					_, eg := sg.Inputs["egress"]
					if dependsOn(sg, "vpcId", vpc.URN) && !in && !eg {
						return ""
					}
				}
				return "the default security group is not managed closed"
			})
		},
		"INSTANCES_IN_VPC": instanceCheck(func(_ *plan.Plan, r plan.Resource) string {
			if s, _ := r.Inputs["subnetId"].(string); s == "" {
				return "not in a VPC subnet"
			}
			return ""
		}),
		"EC2_IMDSV2_CHECK": instanceCheck(func(_ *plan.Plan, r plan.Resource) string {
			if md, _ := r.Inputs["metadataOptions"].(map[string]any); md["httpTokens"] != "required" {
				return "IMDSv2 not required"
			}
			return ""
		}),
		"EC2_INSTANCE_NO_PUBLIC_IP": instanceCheck(func(p *plan.Plan, r plan.Resource) string {
			if r.Inputs["associatePublicIpAddress"] == true {
				return "gets a public IP address at launch"
			}
			for _, typ := range []string{tEip, awstype.EC2EipAssociation} {
				for _, e := range p.Find(typ) {
					if dependsOn(e, "instance", r.URN) || dependsOn(e, "instanceId", r.URN) {
						return "holds Elastic IP " + e.Name
					}
				}
			}
			return ""
		}),
		"SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tSubnet, func(_ *plan.Plan, r plan.Resource) string {
				if r.Inputs["mapPublicIpOnLaunch"] == true || r.Inputs["assignIpv6AddressOnCreation"] == true {
					return "assigns public addresses"
				}
				return ""
			})
		},
		"NO_UNRESTRICTED_ROUTE_TO_IGW": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tRouteTable, func(p *plan.Plan, rt plan.Resource) string {
				for _, route := range p.Find(tRoute) {
					dest := route.Inputs["destinationCidrBlock"] == "0.0.0.0/0" || route.Inputs["destinationIpv6CidrBlock"] == "::/0"
					if dependsOn(route, "routeTableId", rt.URN) && dest && toIGW(p, route) {
						return "route " + route.Name + " sends the internet to the internet gateway"
					}
				}
				if routes, _ := rt.Inputs["routes"].([]any); len(routes) > 0 {
					return "inline routes: sce keeps routes as separate resources"
				}
				return ""
			})
		},
		"INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY": func(plans []*plan.Plan, params map[string]string) []failure {
			return each(plans, tIgw, func(_ *plan.Plan, r plan.Resource) string {
				if vpc, _ := r.Inputs["vpcId"].(string); vpc != "" && !strings.Contains(params["AuthorizedVpcIds"], vpc) {
					return "attached to a VPC the pack does not authorize"
				}
				return ""
			})
		},
		"EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK": noneOf(tSnapshotPermission),
	}
}

// toIGW reports whether route targets an internet gateway of p.
func toIGW(p *plan.Plan, route plan.Resource) bool {
	for _, igw := range p.Find(tIgw) {
		if dependsOn(route, "gatewayId", igw.URN) {
			return true
		}
	}
	return false
}

// iamChecks: sce creates no IAM users, groups or access keys, so the user
// rules have nothing of sce's to flag (AWS evaluates the account's own).
func iamChecks() map[string]packCheck {
	noUsers := noneOf("aws:iam/user", "aws:iam/group", "aws:iam/accessKey:", "aws:iam/userLoginProfile:")
	policyCheck := func(bad func(s map[string]any) string) packCheck {
		return func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tIAMPolicy, func(_ *plan.Plan, r plan.Resource) string {
				for _, s := range policyStatements(r.Inputs["policy"]) {
					if s["Effect"] == "Allow" {
						if why := bad(s); why != "" {
							return fmt.Sprintf("statement %v %s", s["Sid"], why)
						}
					}
				}
				return ""
			})
		}
	}
	noInline := func(plans []*plan.Plan, _ map[string]string) []failure {
		out := noneOf(tRolePolicy, "aws:iam/userPolicy:", "aws:iam/groupPolicy:")(plans, nil)
		return append(out, each(plans, tRole, func(_ *plan.Plan, r plan.Resource) string {
			if inline, _ := r.Inputs["inlinePolicies"].([]any); len(inline) > 0 {
				return "has inline policies"
			}
			return ""
		})...)
	}
	return map[string]packCheck{
		"MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS": noUsers,
		"IAM_USER_MFA_ENABLED":               noUsers,
		"ACCESS_KEYS_ROTATED":                noUsers,
		"IAM_USER_UNUSED_CREDENTIALS_CHECK":  noUsers,
		"IAM_USER_NO_POLICIES_CHECK":         noUsers,
		"IAM_PASSWORD_POLICY":                passwordPolicyCheck,
		"EC2_INSTANCE_PROFILE_ATTACHED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return inputSet(tInstance, "iamInstanceProfile", "no instance profile")(plans, nil)
		},
		"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS": policyCheck(func(s map[string]any) string {
			if slices.Contains(strs(s["Action"]), "*") && slices.Contains(strs(s["Resource"]), "*") {
				return "allows every action on every resource"
			}
			return ""
		}),
		"IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS": policyCheck(func(s map[string]any) string {
			for _, a := range strs(s["Action"]) {
				if a == "*" || strings.HasSuffix(a, ":*") {
					return "allows " + a
				}
			}
			return ""
		}),
		"IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS": func(plans []*plan.Plan, params map[string]string) []failure {
			blocked := strings.Split(strings.ReplaceAll(params["blockedActionsPatterns"], " ", ""), ",")
			return policyCheck(func(s map[string]any) string {
				if !slices.Contains(strs(s["Resource"]), "*") {
					return ""
				}
				for _, a := range strs(s["Action"]) {
					for _, b := range blocked {
						if a == b || (strings.HasSuffix(b, "*") && strings.HasPrefix(a, strings.TrimSuffix(b, "*"))) {
							return "allows " + a + " on every KMS key"
						}
					}
				}
				return ""
			})(plans, params)
		},
		"IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS": noInline,
		"IAM_NO_INLINE_POLICY_CHECK":            noInline,
		"SSM_DOCUMENT_NOT_PUBLIC": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, awstype.SSMDocument, func(_ *plan.Plan, r plan.Resource) string {
				if perms, _ := r.Inputs["permissions"].(map[string]any); perms["accountIds"] == "All" {
					return "shared with everyone"
				}
				return ""
			})
		},
	}
}

// passwordPolicyCheck compares the baseline's password policy with the rule's parameters.
func passwordPolicyCheck(plans []*plan.Plan, params map[string]string) []failure {
	pol := plans[0].Find(tPassword)
	if len(pol) != 1 {
		return []failure{{plans[0].Stack, "account", "no account password policy"}}
	}
	in := pol[0].Inputs
	var wrong []string
	for param, input := range map[string]string{"MinimumPasswordLength": "minimumPasswordLength",
		"PasswordReusePrevention": "passwordReusePrevention", "MaxPasswordAge": "maxPasswordAge"} {
		want, _ := strconv.Atoi(params[param])
		got, _ := in[input].(float64)
		if (param == "MaxPasswordAge" && (got == 0 || int(got) > want)) || (param != "MaxPasswordAge" && int(got) < want) {
			wrong = append(wrong, fmt.Sprintf("%s %v", input, got))
		}
	}
	for param, input := range map[string]string{"RequireUppercaseCharacters": "requireUppercaseCharacters",
		"RequireLowercaseCharacters": "requireLowercaseCharacters", "RequireSymbols": "requireSymbols", "RequireNumbers": "requireNumbers"} {
		if params[param] == "true" && in[input] != true {
			wrong = append(wrong, input+" off")
		}
	}
	if len(wrong) > 0 {
		slices.Sort(wrong)
		return []failure{{plans[0].Stack, pol[0].Name, strings.Join(wrong, ", ")}}
	}
	return nil
}

// backupChecks: the managed rules' own defaults, where AWS's pack passes
// no parameter: at least daily, kept at least 35 days.
func backupChecks() map[string]packCheck {
	const minRetentionDays = 35
	selected := func(typ, arnPart string) packCheck {
		return func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, typ, func(p *plan.Plan, r plan.Resource) string {
				for _, sel := range p.Find(tBackupSelectionType) {
					if selects(sel, r, arnPart) {
						return ""
					}
				}
				return "no backup selection covers it"
			})
		}
	}
	return map[string]packCheck{
		"BACKUP_RECOVERY_POINT_ENCRYPTED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, awstype.BackupVault, func(_ *plan.Plan, r plan.Resource) string {
				deps := r.PropertyDependencies["kmsKeyArn"]
				if len(deps) != 1 || !strings.Contains(deps[0], "$"+tKey+"::") {
					return "not encrypted with a key of the stack"
				}
				return ""
			})
		},
		"BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, awstype.BackupVault, func(p *plan.Plan, r plan.Resource) string {
				for _, pol := range p.Find(tBackupVaultPolicy) {
					if dependsOn(pol, "backupVaultName", r.URN) && deniesDeletion(pol) {
						return ""
					}
				}
				return "no vault access policy denies deleting recovery points"
			})
		},
		"BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK": func(plans []*plan.Plan, _ map[string]string) []failure {
			return each(plans, tBackupPlanResource, func(_ *plan.Plan, r plan.Resource) string {
				rules, _ := r.Inputs["rules"].([]any)
				for _, x := range rules {
					rule := x.(map[string]any)
					lc, _ := rule["lifecycle"].(map[string]any)
					if keep, _ := lc["deleteAfter"].(float64); dailyCron(rule["schedule"]) && keep >= minRetentionDays {
						return ""
					}
				}
				return fmt.Sprintf("no rule runs at least daily and keeps recovery points %d days", minRetentionDays)
			})
		},
		"EBS_IN_BACKUP_PLAN":                     selected(tVolume, ":volume/"),
		"EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN": selected(tInstance, ":instance/"),
	}
}

// selects reports whether backup selection sel covers resource r: its
// resources name r's kind and its conditions match r's project tag.
func selects(sel, r plan.Resource, arnPart string) bool {
	kinds, _ := sel.Inputs["resources"].([]any)
	if !slices.ContainsFunc(strs(kinds), func(a string) bool { return a == "*" || strings.Contains(a, arnPart) }) {
		return false
	}
	conds, _ := sel.Inputs["conditions"].([]any)
	for _, c := range conds {
		eq, _ := c.(map[string]any)["stringEquals"].([]any)
		for _, e := range eq {
			kv := e.(map[string]any)
			key, _ := kv["key"].(string)
			if tag, ok := strings.CutPrefix(key, "aws:ResourceTag/"); ok && tagOf(r, tag) != kv["value"] {
				return false
			}
		}
	}
	return true
}

// dailyCron reports whether a backup schedule runs every day (or more often).
func dailyCron(v any) bool {
	s, _ := v.(string)
	fields := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(s, "cron("), ")"))
	anyDay := func(f string) bool { return f == "*" || f == "?" }
	return len(fields) == 6 && anyDay(fields[2]) && anyDay(fields[4])
}

// deniesDeletion reports whether a vault access policy denies deleting
// recovery points, changing their lifecycle and changing the policy.
func deniesDeletion(pol plan.Resource) bool {
	want := []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"}
	for _, s := range policyStatements(pol.Inputs["policy"]) {
		if s["Effect"] == "Deny" {
			acts := strs(s["Action"])
			if !slices.ContainsFunc(want, func(a string) bool { return !slices.Contains(acts, a) }) {
				return true
			}
		}
	}
	return false
}

// warehouseChecks evaluate the Redshift rules, with the parameters of AWS's pack.
func warehouseChecks() map[string]packCheck {
	cluster := func(judge func(p *plan.Plan, r plan.Resource, params map[string]string) string) packCheck {
		return func(plans []*plan.Plan, params map[string]string) []failure {
			return each(plans, tRedshiftCluster, func(p *plan.Plan, r plan.Resource) string { return judge(p, r, params) })
		}
	}
	return map[string]packCheck{
		"REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK": cluster(func(_ *plan.Plan, r plan.Resource, _ map[string]string) string {
			if r.Inputs["publiclyAccessible"] != false {
				return "publicly accessible"
			}
			return ""
		}),
		"REDSHIFT_BACKUP_ENABLED": cluster(func(_ *plan.Plan, r plan.Resource, _ map[string]string) string {
			if days, _ := r.Inputs["automatedSnapshotRetentionPeriod"].(float64); days < 1 {
				return "no automated snapshots"
			}
			return ""
		}),
		"REDSHIFT_CLUSTER_CONFIGURATION_CHECK": cluster(func(p *plan.Plan, r plan.Resource, params map[string]string) string {
			if params["clusterDbEncrypted"] == "true" && r.Inputs["encrypted"] != true {
				return "not encrypted"
			}
			if params["loggingEnabled"] == "true" && !slices.ContainsFunc(p.Find(tRedshiftLogging), func(l plan.Resource) bool {
				return dependsOn(l, "clusterIdentifier", r.URN)
			}) {
				return "no audit logging"
			}
			return ""
		}),
		"REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK": cluster(func(_ *plan.Plan, r plan.Resource, params map[string]string) string {
			if params["allowVersionUpgrade"] == "true" && r.Inputs["allowVersionUpgrade"] == false {
				return "version upgrades are off"
			}
			if days, _ := r.Inputs["automatedSnapshotRetentionPeriod"].(float64); days < 1 {
				return "no automated snapshots"
			}
			return ""
		}),
		"REDSHIFT_REQUIRE_TLS_SSL": cluster(func(p *plan.Plan, r plan.Resource, _ map[string]string) string {
			for _, pg := range p.Find(tRedshiftParamGroup) {
				if !dependsOn(r, "clusterParameterGroupName", pg.URN) {
					continue
				}
				params, _ := pg.Inputs["parameters"].([]any)
				for _, x := range params {
					if kv := x.(map[string]any); kv["name"] == "require_ssl" && kv["value"] == "true" {
						return ""
					}
				}
			}
			return "its parameter group does not require TLS"
		}),
		"SECRETSMANAGER_USING_CMK": cluster(func(_ *plan.Plan, r plan.Resource, _ map[string]string) string {
			deps := r.PropertyDependencies["masterPasswordSecretKmsKeyId"]
			if r.Inputs["manageMasterPassword"] != true || len(deps) != 1 || !strings.Contains(deps[0], "$"+tKey+"::") {
				return "the admin secret is not kept by Secrets Manager under the project key"
			}
			return ""
		}),
	}
}
