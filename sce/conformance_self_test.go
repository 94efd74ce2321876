package sce_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/sce/internal/conformance"
)

// The AWS HIPAA Quick Start fails its own conformance rules; sce must not.
// Each managed rule of the pack is checked here against the plans of every
// shipped stack, as far as a plan can show it; a rule about a service sce
// never creates is checked by asserting that no plan creates it.

// packCheck checks one managed rule against the shipped plans.
type packCheck func(t *testing.T, plans []*plan.Plan, params map[string]string)

// every calls check on each resource of type typ in plans.
func every(plans []*plan.Plan, typ string, check func(p *plan.Plan, r plan.Resource)) {
	for _, p := range plans {
		for _, r := range p.Find(typ) {
			check(p, r)
		}
	}
}

// none asserts that no plan creates a resource of a service sce does not use.
func none(prefixes ...string) packCheck {
	return func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
		for _, p := range plans {
			for _, r := range p.Resources {
				for _, prefix := range prefixes {
					assert.False(t, strings.HasPrefix(r.Type, prefix), "%s %s: the rule now applies to sce: check it", p.Stack, r.Name)
				}
			}
		}
	}
}

// hasSub asserts that each resource of type typ has a sub-resource named
// its name plus suffix in the same plan, and returns it for further checks.
func hasSub(t *testing.T, p *plan.Plan, r plan.Resource, typ, suffix string) plan.Resource {
	t.Helper()
	return res(t, p, typ, r.Name+suffix)
}

func bucketChecks() map[string]packCheck {
	return map[string]packCheck{
		"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) { hasSub(t, p, r, tSSE, "-encryption") })
		},
		"S3_DEFAULT_ENCRYPTION_KMS": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) {
				if _, scoped := r.Inputs["tags"].(map[string]any)[sce.TagDataBucket]; scoped {
					rule := hasSub(t, p, r, tSSE, "-encryption").Inputs["rules"].([]any)[0].(map[string]any)
					assert.Equal(t, "aws:kms", rule["applyServerSideEncryptionByDefault"].(map[string]any)["sseAlgorithm"], r.Name)
				}
			})
		},
		"S3_BUCKET_LOGGING_ENABLED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) {
				if _, scoped := r.Inputs["tags"].(map[string]any)[sce.TagDataBucket]; scoped {
					hasSub(t, p, r, tLogging, "-logging")
				}
			})
		},
		"S3_BUCKET_SSL_REQUESTS_ONLY": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) {
				st := statements(t, doc(t, hasSub(t, p, r, tPolicy, "-policy").Inputs["policy"]))
				assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, st["DenyInsecureTransport"]["Condition"], r.Name)
			})
		},
		"S3_BUCKET_VERSIONING_ENABLED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) {
				assert.Equal(t, map[string]any{"status": "Enabled"}, hasSub(t, p, r, tVersioning, "-versioning").Inputs["versioningConfiguration"])
			})
		},
		"S3_VERSION_LIFECYCLE_POLICY_CHECK": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) { hasSub(t, p, r, tLifecycle, "-lifecycle") })
		},
		"S3_BUCKET_ACL_PROHIBITED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tBucket, func(p *plan.Plan, r plan.Resource) {
				assert.Equal(t, map[string]any{"objectOwnership": "BucketOwnerEnforced"}, hasSub(t, p, r, tOwnership, "-ownership").Inputs["rule"])
			})
		},
		"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED": publicAccessBlocked,
		"S3_BUCKET_PUBLIC_READ_PROHIBITED":         publicAccessBlocked,
		"S3_BUCKET_PUBLIC_WRITE_PROHIBITED":        publicAccessBlocked,
		"S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			pab := plans[0].Find(tAccountPAB)
			require.Len(t, pab, 1)
			for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				assert.Equal(t, true, pab[0].Inputs[flag], flag)
			}
		},
	}
}

func publicAccessBlocked(t *testing.T, plans []*plan.Plan, _ map[string]string) {
	every(plans, tBucket, func(p *plan.Plan, r plan.Resource) {
		pab := hasSub(t, p, r, tPAB, "-public-access-block")
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			assert.Equal(t, true, pab.Inputs[flag], "%s %s", r.Name, flag)
		}
	})
}

func encryptionChecks() map[string]packCheck {
	return map[string]packCheck{
		"CLOUDWATCH_LOG_GROUP_ENCRYPTED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tLogGroup, func(_ *plan.Plan, r plan.Resource) { assert.NotEmpty(t, r.Inputs["kmsKeyId"], r.Name) })
		},
		"CMK_BACKING_KEY_ROTATION_ENABLED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tKey, func(_ *plan.Plan, r plan.Resource) { assert.Equal(t, true, r.Inputs["enableKeyRotation"], r.Name) })
		},
		"KMS_CMK_NOT_SCHEDULED_FOR_DELETION": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tKey, func(_ *plan.Plan, r plan.Resource) {
				assert.True(t, r.Options.Protect, "%s cannot be destroyed", r.Name)
			})
		},
		"EC2_EBS_ENCRYPTION_BY_DEFAULT": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			assert.Equal(t, map[string]any{"enabled": true}, res(t, plans[0], tEBSDefault, "account-ebs-encryption-by-default").Inputs)
		},
		"ENCRYPTED_VOLUMES": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tVolume, func(_ *plan.Plan, r plan.Resource) { assert.Equal(t, true, r.Inputs["encrypted"], r.Name) })
			every(plans, tInstance, func(_ *plan.Plan, r plan.Resource) {
				assert.Equal(t, true, r.Inputs["rootBlockDevice"].(map[string]any)["encrypted"], r.Name)
			})
		},
		"SNS_ENCRYPTED_KMS": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tTopic, func(_ *plan.Plan, r plan.Resource) { assert.NotEmpty(t, r.Inputs["kmsMasterKeyId"], r.Name) })
		},
	}
}

func trailChecks() map[string]packCheck {
	trails := func(check func(t *testing.T, r plan.Resource)) packCheck {
		return func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tTrail, func(_ *plan.Plan, r plan.Resource) { check(t, r) })
		}
	}
	securityTrail := func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
		tr := res(t, plans[0], tTrail, "account-trail").Inputs
		for _, k := range []string{"isMultiRegionTrail", "includeGlobalServiceEvents", "enableLogFileValidation", "enableLogging"} {
			assert.Equal(t, true, tr[k], k)
		}
		assert.NotEmpty(t, tr["kmsKeyId"])
		sel := tr["eventSelectors"].([]any)[0].(map[string]any)
		assert.Equal(t, "All", sel["readWriteType"])
		assert.Equal(t, true, sel["includeManagementEvents"])
	}
	return map[string]packCheck{
		"CLOUD_TRAIL_ENCRYPTION_ENABLED": trails(func(t *testing.T, r plan.Resource) { assert.NotEmpty(t, r.Inputs["kmsKeyId"], r.Name) }),
		"CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED": trails(func(t *testing.T, r plan.Resource) {
			assert.Equal(t, true, r.Inputs["enableLogFileValidation"], r.Name)
		}),
		"CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED": trails(func(t *testing.T, r plan.Resource) {
			assert.NotEmpty(t, r.Inputs["cloudWatchLogsGroupArn"], r.Name)
		}),
		"CLOUD_TRAIL_ENABLED":               securityTrail,
		"MULTI_REGION_CLOUD_TRAIL_ENABLED":  securityTrail,
		"CLOUDTRAIL_SECURITY_TRAIL_ENABLED": securityTrail,
		"CW_LOGGROUP_RETENTION_PERIOD_CHECK": func(t *testing.T, plans []*plan.Plan, params map[string]string) {
			least, err := strconv.Atoi(params["MinRetentionTime"])
			require.NoError(t, err)
			every(plans, tLogGroup, func(_ *plan.Plan, r plan.Resource) {
				assert.GreaterOrEqual(t, r.Inputs["retentionInDays"], float64(least), r.Name)
			})
		},
		"VPC_FLOW_LOGS_ENABLED": func(t *testing.T, plans []*plan.Plan, params map[string]string) {
			every(plans, tVpc, func(p *plan.Plan, vpc plan.Resource) {
				var types []any
				for _, fl := range p.Find(tFlowLog) {
					if fl.PropertyDependencies["vpcId"][0] == vpc.URN {
						types = append(types, fl.Inputs["trafficType"])
					}
				}
				assert.Contains(t, types, params["trafficType"], vpc.Name)
			})
		},
	}
}

func monitoringChecks() map[string]packCheck {
	return map[string]packCheck{
		"GUARDDUTY_ENABLED_CENTRALIZED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			assert.Equal(t, true, res(t, plans[0], tDetector, "account-guardduty").Inputs["enable"])
		},
		"SECURITYHUB_ENABLED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			assert.Len(t, plans[0].Find(tHub), 1)
		},
		"CLOUDWATCH_ALARM_ACTION_CHECK": func(t *testing.T, plans []*plan.Plan, params map[string]string) {
			require.Equal(t, "TRUE", params["alarmActionRequired"])
			every(plans, tAlarm, func(_ *plan.Plan, r plan.Resource) { assert.NotEmpty(t, r.Inputs["alarmActions"], r.Name) })
		},
		"IAM_PASSWORD_POLICY": func(t *testing.T, plans []*plan.Plan, params map[string]string) {
			in := res(t, plans[0], tPassword, "account-password-policy").Inputs
			for param, input := range map[string]string{"MinimumPasswordLength": "minimumPasswordLength",
				"PasswordReusePrevention": "passwordReusePrevention", "MaxPasswordAge": "maxPasswordAge"} {
				assert.Equal(t, params[param], strconv.Itoa(int(in[input].(float64))), param)
			}
			for _, k := range []string{"requireUppercaseCharacters", "requireLowercaseCharacters", "requireSymbols", "requireNumbers"} {
				assert.Equal(t, true, in[k], k)
			}
		},
	}
}

func networkChecks() map[string]packCheck {
	noWorldIngress := func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
		every(plans, awstype.VPCSecurityGroupIngressRule, func(_ *plan.Plan, r plan.Resource) {
			assert.NotEqual(t, "0.0.0.0/0", r.Inputs["cidrIpv4"], r.Name)
			assert.NotEqual(t, "::/0", r.Inputs["cidrIpv6"], r.Name)
		})
		every(plans, awstype.EC2SecurityGroup, func(_ *plan.Plan, r plan.Resource) {
			assert.NotContains(t, r.Inputs, "ingress", "%s: rules are separate resources", r.Name)
		})
		none("aws:ec2/securityGroupRule:")(t, plans, nil)
	}
	return map[string]packCheck{
		"INCOMING_SSH_DISABLED":                noWorldIngress,
		"RESTRICTED_INCOMING_TRAFFIC":          noWorldIngress,
		"VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS": noWorldIngress,
		"VPC_DEFAULT_SECURITY_GROUP_CLOSED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tVpc, func(p *plan.Plan, vpc plan.Resource) {
				sgs := p.Find(tDefaultSG)
				require.Len(t, sgs, 1, vpc.Name)
				assert.NotContains(t, sgs[0].Inputs, "ingress")
				assert.NotContains(t, sgs[0].Inputs, "egress")
			})
		},
		"INSTANCES_IN_VPC": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tInstance, func(_ *plan.Plan, r plan.Resource) { assert.NotEmpty(t, r.Inputs["subnetId"], r.Name) })
		},
		"EC2_IMDSV2_CHECK": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, tInstance, func(_ *plan.Plan, r plan.Resource) {
				assert.Equal(t, "required", r.Inputs["metadataOptions"].(map[string]any)["httpTokens"], r.Name)
			})
		},
	}
}

// iamChecks: sce creates no IAM users or groups and no customer-managed
// policy allowing everything, so the user rules have nothing of sce's to
// flag; the root user's MFA and keys are the account owner's (docs/known-limits.md).
func iamChecks() map[string]packCheck {
	noUsers := none("aws:iam/user", "aws:iam/group", "aws:iam/accessKey:")
	return map[string]packCheck{
		"MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS": noUsers,
		"IAM_USER_MFA_ENABLED":               noUsers,
		"ACCESS_KEYS_ROTATED":                noUsers,
		"IAM_USER_UNUSED_CREDENTIALS_CHECK":  noUsers,
		"IAM_USER_NO_POLICIES_CHECK":         noUsers,
		"IAM_GROUP_HAS_USERS_CHECK":          noUsers,
		"IAM_ROOT_ACCESS_KEY_CHECK":          func(*testing.T, []*plan.Plan, map[string]string) {},
		"ROOT_ACCOUNT_MFA_ENABLED":           func(*testing.T, []*plan.Plan, map[string]string) {},
		"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			for _, typ := range []string{awstype.IAMPolicy, tRolePolicy} {
				every(plans, typ, func(_ *plan.Plan, r plan.Resource) {
					for sid, s := range statements(t, doc(t, r.Inputs["policy"])) {
						adminAction := s["Action"] == "*" || s["Action"] == "*:*"
						assert.False(t, s["Effect"] == "Allow" && adminAction && s["Resource"] == "*", "%s %s", r.Name, sid)
					}
				})
			}
		},
	}
}

// backupChecks: every backup vault is encrypted with a customer-managed key
// of the stack, so every recovery point in it is.
func backupChecks() map[string]packCheck {
	return map[string]packCheck{
		"BACKUP_RECOVERY_POINT_ENCRYPTED": func(t *testing.T, plans []*plan.Plan, _ map[string]string) {
			every(plans, awstype.BackupVault, func(p *plan.Plan, r plan.Resource) {
				deps := r.PropertyDependencies["kmsKeyArn"]
				require.Len(t, deps, 1, "%s %s has no KMS key", p.Stack, r.Name)
				assert.True(t, strings.Contains(deps[0], "$"+tKey+"::"), "%s %s is encrypted with %s", p.Stack, r.Name, deps[0])
			})
		},
	}
}

// absentServiceChecks are the rules about services sce does not create.
func absentServiceChecks() map[string]packCheck {
	return map[string]packCheck{
		"RDS_STORAGE_ENCRYPTED": none("aws:rds/"), "RDS_SNAPSHOT_ENCRYPTED": none("aws:rds/"),
		"RDS_LOGGING_ENABLED": none("aws:rds/"), "RDS_INSTANCE_PUBLIC_ACCESS_CHECK": none("aws:rds/"),
		"RDS_SNAPSHOTS_PUBLIC_PROHIBITED": none("aws:rds/"), "DB_INSTANCE_BACKUP_ENABLED": none("aws:rds/"),
		"RDS_IN_BACKUP_PLAN": none("aws:rds/"), "RDS_INSTANCE_DELETION_PROTECTION_ENABLED": none("aws:rds/"),
		"RDS_MULTI_AZ_SUPPORT": none("aws:rds/"),
		"EFS_ENCRYPTED_CHECK":  none("aws:efs/"), "EFS_IN_BACKUP_PLAN": none("aws:efs/"),
		"DYNAMODB_TABLE_ENCRYPTED_KMS": none("aws:dynamodb/"), "DYNAMODB_PITR_ENABLED": none("aws:dynamodb/"),
		"SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED": none("aws:sagemaker/"),
		"SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS":   none("aws:sagemaker/"),
		"ELB_TLS_HTTPS_LISTENERS_ONLY":                   none("aws:elb/", "aws:lb/", "aws:alb/"),
		"ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK":            none("aws:elb/", "aws:lb/", "aws:alb/"),
		"ELB_LOGGING_ENABLED":                            none("aws:elb/", "aws:lb/", "aws:alb/"),
		"LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED":       none("aws:lambda/"),
		"EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK":           none("aws:ebs/snapshot"),
	}
}

func TestSCEPassesItsOwnConformancePack(t *testing.T) {
	checks := map[string]packCheck{}
	for _, part := range []map[string]packCheck{bucketChecks(), encryptionChecks(), trailChecks(), monitoringChecks(),
		networkChecks(), iamChecks(), absentServiceChecks(), backupChecks()} {
		for id, c := range part {
			checks[id] = c
		}
	}
	rules, err := conformance.Rules()
	require.NoError(t, err)
	plans := shippedPlans(t)
	for _, r := range rules {
		t.Run(r.Name, func(t *testing.T) {
			check, ok := checks[r.Identifier]
			require.True(t, ok, "%s (%s) has no offline check: add one here, or leave the rule out of %s",
				r.Name, r.Identifier, conformance.DataFile)
			check(t, plans, r.Parameters)
		})
	}
	assert.Len(t, checks, len(rules), "every check belongs to a rule of the pack")
}
