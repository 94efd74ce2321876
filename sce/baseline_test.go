package sce_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/sce/internal/awsconfig"
)

// Type tokens of the account baseline's resources.
const (
	tBaseline      = "sce:index:Baseline"
	tRecorder      = awstype.ConfigRecorder
	tChannel       = awstype.ConfigDeliveryChannel
	tRecStatus     = awstype.ConfigRecorderStatus
	tPack          = awstype.ConfigConformancePack
	tAttachment    = awstype.IAMRolePolicyAttachment
	tPassword      = awstype.IAMAccountPasswordPolicy
	tAccountPAB    = awstype.S3AccountPublicAccessBlock
	tEBSDefault    = awstype.EBSEncryptionByDefault
	tEBSKey        = awstype.EBSDefaultKmsKey
	tAnalyzer      = awstype.AccessAnalyzerAnalyzer
	tDetector      = awstype.GuardDutyDetector
	tDetectorFeat  = awstype.GuardDutyDetectorFeature
	tHub           = awstype.SecurityHubAccount
	tStandard      = awstype.SecurityHubStandardsSubscription
	archiveBucket  = "account-archive-123456789012-us-west-2"
	baselineOwner  = "sce-security@example.edu"
	adminRole      = "arn:aws:iam::123456789012:role/sce-admin"
	approverRole   = "arn:aws:iam::123456789012:role/hipaa-egress-approver"
	replRole       = "arn:aws:iam::123456789012:role/hipaa-s3-replication"
	baselinePrefix = "account-"
)

// baselineTags are the tags of the baseline resource named name.
func baselineTags(name string, extra ...string) map[string]any {
	tags := map[string]any{"Name": name, sce.TagBaseline: "account", sce.TagOwner: baselineOwner}
	for i := 0; i+1 < len(extra); i += 2 {
		tags[extra[i]] = extra[i+1]
	}
	return tags
}

func TestBaselineComponentParentsEveryResource(t *testing.T) {
	p := accountPlan(t)
	comps := p.Find(tBaseline)
	require.Len(t, comps, 1)
	assert.Equal(t, "account", comps[0].Name)
	buckets := map[string]bool{}
	for _, b := range p.Find(sce.BucketType) {
		parent := comps[0].URN
		if source, ok := strings.CutSuffix(b.Name, "-replica"); ok {
			parent = strings.Replace(comps[0].URN, "::account", "$"+sce.BucketType+"::"+source, 1)
		}
		assert.Equal(t, parent, b.Parent, "%s: a replica is its source's child", b.Name)
		buckets[b.URN] = true
	}
	assert.Len(t, buckets, 8, "four buckets and their replicas")
	for _, r := range p.Resources {
		switch {
		case !r.Custom:
		case strings.HasPrefix(r.Type, "aws:s3/") && r.Type != tAccountPAB:
			assert.True(t, buckets[r.Parent], "%s %s has parent %s, not a bucket component", r.Type, r.Name, r.Parent)
		default:
			assert.Equal(t, comps[0].URN, r.Parent, r.Name)
		}
	}
	assert.Empty(t, p.Find("sce:index:Environment"), "a baseline stack builds no project")
}

func TestBaselineResourceCounts(t *testing.T) {
	counts := map[string]int{}
	for _, r := range accountPlan(t).Resources {
		counts[r.Type]++
	}
	assert.Equal(t, map[string]int{
		tBaseline: 1, sce.BucketType: 8, tKey: 2, tAlias: 2, tReplConfig: 8,
		tBucket: 8, tVersioning: 8, tLifecycle: 8, tPAB: 8, tOwnership: 8, tSSE: 8, tLogging: 7, tObjectLock: 4, tPolicy: 8, tNotify: 8,
		tRecorder: 1, tChannel: 1, tRecStatus: 1, tPack: 1, tRole: 3, tIAMPolicy: 3, tAttachment: 4,
		tTrail: 1, tLogGroup: 1, tFilter: 6, tAlarm: 6, tTopic: 1, tTopicPol: 1, tSub: 1, tEventRule: 3, tEventTgt: 3,
		tEBSDefault: 1, tEBSKey: 1, tAccountPAB: 1, tPassword: 1, tAnalyzer: 1,
		tDetector: 1, tDetectorFeat: 1, tHub: 1, tStandard: 2,
	}, counts)
}

func TestConfigRecorderDeliveryChannelStatusInOrder(t *testing.T) {
	p := accountPlan(t)
	role := res(t, p, tRole, "account-config-role")
	rec := res(t, p, tRecorder, "account-config-recorder")
	assert.Equal(t, map[string]any{
		"name":           "default",
		"roleArn":        "arn:aws:iam::123456789012:role/account-config-role",
		"recordingGroup": map[string]any{"allSupported": true, "includeGlobalResourceTypes": true},
		"recordingMode":  map[string]any{"recordingFrequency": "CONTINUOUS"},
	}, rec.Inputs)
	assert.Equal(t, []string{role.URN}, rec.PropertyDependencies["roleArn"])
	assert.Subset(t, rec.Dependencies, []string{
		urnOf(t, p, tAttach, "account-config-role-policy-attachment"), urnOf(t, p, tAttachment, "account-config-role-managed-policy"),
	}, "the recorder starts with its permissions in place")

	ch := res(t, p, tChannel, "account-config-delivery-channel")
	assert.Equal(t, map[string]any{
		"name":                       "default",
		"s3BucketName":               "account-config-123456789012-us-west-2",
		"s3KeyPrefix":                "config",
		"s3KmsKeyArn":                p.Outputs["keyArn"],
		"snapshotDeliveryProperties": map[string]any{"deliveryFrequency": "TwentyFour_Hours"},
	}, ch.Inputs)
	assert.Contains(t, ch.Dependencies, rec.URN, "the delivery channel comes after the recorder")
	assert.Contains(t, ch.Dependencies, urnOf(t, p, tPolicy, "account-config-policy"), "and after the bucket lets Config write")

	st := res(t, p, tRecStatus, "account-config-recorder-status")
	assert.Equal(t, map[string]any{"name": "default", "isEnabled": true}, st.Inputs)
	assert.Equal(t, []string{rec.URN}, st.PropertyDependencies["name"])
	assert.Contains(t, st.Dependencies, ch.URN, "recording starts after the delivery channel exists")

	pack := res(t, p, tPack, "account-hipaa-security")
	assert.Equal(t, []string{st.URN}, pack.Dependencies, "the conformance pack waits for the recorder to run")
}

func TestConfigRole(t *testing.T) {
	p := accountPlan(t)
	role := res(t, p, tRole, "account-config-role")
	assert.Equal(t, asJSON(t, map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "AssumeRoleFromconfig.amazonaws.com", "Effect": "Allow", "Principal": map[string]any{"Service": "config.amazonaws.com"},
		"Action": "sts:AssumeRole", "Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account}},
	}}}), doc(t, role.Inputs["assumeRolePolicy"]))
	att := res(t, p, tAttachment, "account-config-role-managed-policy")
	assert.Equal(t, map[string]any{"role": "account-config-role",
		"policyArn": "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"}, att.Inputs)
	bucket := "arn:aws:s3:::account-config-123456789012-us-west-2"
	assert.Equal(t, asJSON(t, map[string]map[string]any{
		"CheckConfigBucket": {"Sid": "CheckConfigBucket", "Effect": "Allow", "Action": "s3:GetBucketAcl", "Resource": bucket},
		"DeliverToConfigBucket": {"Sid": "DeliverToConfigBucket", "Effect": "Allow", "Action": "s3:PutObject",
			"Resource":  bucket + "/config/AWSLogs/123456789012/*",
			"Condition": map[string]any{"StringEquals": map[string]any{"s3:x-amz-acl": "bucket-owner-full-control"}}},
		"EncryptWithBaselineKey": {"Sid": "EncryptWithBaselineKey", "Effect": "Allow",
			"Action": []string{"kms:Decrypt", "kms:GenerateDataKey"}, "Resource": p.Outputs["keyArn"]},
	}), asJSON(t, statements(t, doc(t, res(t, p, tIAMPolicy, "account-config-role-policy").Inputs["policy"]))))
}

func TestAdoptExistingRecorder(t *testing.T) {
	p := accountVariant(t, func(a *sce.BaselineArgs) { a.AdoptExistingRecorder = true })
	for _, typ := range []string{tRecorder, tChannel, tRecStatus} {
		assert.Empty(t, p.Find(typ), "an adopted recorder is not created: %s", typ)
	}
	assert.Equal(t, []string{"account-s3-replication-policy-attachment", "account-trail-role-policy-attachment"}, names(p, tAttachment),
		"nor its role: only the replication role's and the trail's")
	assert.Equal(t, false, p.Outputs["configRecorderManaged"])
	imports := awsconfig.ImportCommands("account", "sce", sce.BaselineType, "account")
	assert.Equal(t, "sce:adoptExistingRecorder is true: this stack leaves the account's AWS Config recorder and delivery "+
		"channel alone. To manage them here instead (recording every resource type, delivering to the config bucket), "+
		"import them, then set sce:adoptExistingRecorder to false and run `sce policy config account --out account-policy.json`, then `pulumi up -s account --policy-pack policies --policy-pack-config account-policy.json`:\n"+
		imports[0]+"\n"+imports[1]+"\n"+imports[2], p.Outputs["configRecorderImport"])
	pack := res(t, p, tPack, "account-hipaa-security")
	assert.Empty(t, pack.Dependencies, "the pack uses the existing recorder")
	assert.Equal(t, true, accountPlan(t).Outputs["configRecorderManaged"])
	assert.Equal(t, "", accountPlan(t).Outputs["configRecorderImport"])
}

func TestBaselineKeys(t *testing.T) {
	p := accountPlan(t)
	for _, k := range []struct {
		name, alias, description string
		retain                   bool
	}{
		{"account-key", "alias/account", "sce baseline account: encrypts the account trail, Config history, alerts and EBS volumes by default", false},
		{"account-archive-key", "alias/account-archive", "sce baseline account: encrypts the archive of closed projects", true},
	} {
		key := res(t, p, tKey, k.name)
		assert.Equal(t, true, key.Inputs["enableKeyRotation"], k.name)
		assert.Equal(t, float64(30), key.Inputs["deletionWindowInDays"], "the longest window KMS allows")
		assert.Equal(t, k.description, key.Inputs["description"])
		assert.Equal(t, baselineTags(k.name), key.Inputs["tags"])
		assert.True(t, key.Options.Protect, k.name)
		assert.Equal(t, k.retain, key.Options.RetainOnDelete, k.name)
		alias := res(t, p, tAlias, k.name+"-alias")
		assert.Equal(t, k.alias, alias.Inputs["name"])
		assert.Equal(t, []string{key.URN}, alias.PropertyDependencies["targetKeyId"])
		assert.Equal(t, k.retain, alias.Options.RetainOnDelete, k.name)
	}
	deny := keyAdministrationDeny()
	deny["Sid"] = "DenyKeyAdministrationExceptAdminRole"
	assert.Equal(t, map[string]map[string]any{"AccountAdministersKeyThroughIAM": {
		"Sid": "AccountAdministersKeyThroughIAM", "Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:root"},
		"Action": "kms:*", "Resource": "*"}, "DenyKeyAdministrationExceptAdminRole": deny},
		statements(t, doc(t, res(t, p, tKey, "account-archive-key").Inputs["policy"])),
		"no service uses the archive key, and only the admin role administers it")
	assert.NotEqual(t, p.Outputs["keyArn"], p.Outputs["archiveKeyArn"])
	assert.NotEqual(t, hipaaPlan(t).Outputs["kmsKeyArn"], p.Outputs["archiveKeyArn"], "no project's key is the archive key")
}

func TestBaselineKeyPolicy(t *testing.T) {
	p := accountPlan(t)
	trail := "arn:aws:cloudtrail:us-west-2:123456789012:trail/account-trail"
	st := statements(t, doc(t, res(t, p, tKey, "account-key").Inputs["policy"]))
	assert.Equal(t, []string{"AccountAdministersKeyThroughIAM", "AlarmsAndBucketsPublishToAlertTopic", "CloudTrailDecryptsForBucketKey",
		"CloudTrailDescribesKey", "CloudTrailEncryptsAccountTrail", "CloudWatchLogsEncryptsBaselineLogGroups",
		"ConfigEncryptsConfigurationHistory", "DenyKeyAdministrationExceptAdminRole", "EventRulesPublishToAlertTopic"}, slices.Sorted(maps.Keys(st)))
	deny := keyAdministrationDeny()
	deny["Sid"] = "DenyKeyAdministrationExceptAdminRole"
	assert.Equal(t, deny, st["DenyKeyAdministrationExceptAdminRole"])
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "CloudTrailEncryptsAccountTrail", "Effect": "Allow",
		"Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*",
		"Condition": map[string]any{
			"StringEquals": map[string]any{"aws:SourceArn": trail},
			"StringLike":   map[string]any{"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"}}}),
		asJSON(t, st["CloudTrailEncryptsAccountTrail"]))
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "ConfigEncryptsConfigurationHistory", "Effect": "Allow",
		"Principal": map[string]any{"Service": "config.amazonaws.com"}, "Action": []string{"kms:Decrypt", "kms:GenerateDataKey"},
		"Resource": "*", "Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account}}}),
		asJSON(t, st["ConfigEncryptsConfigurationHistory"]))
	assert.Equal(t, "arn:aws:logs:us-west-2:123456789012:log-group:/sce/account/*",
		st["CloudWatchLogsEncryptsBaselineLogGroups"]["Condition"].(map[string]any)["ArnLike"].(map[string]any)["kms:EncryptionContext:aws:logs:arn"])
	assertNoAllowToEveryone(t, st)
}

func TestBaselineOutputs(t *testing.T) {
	p := accountPlan(t)
	assert.Equal(t, archiveBucket, p.Outputs["archiveBucketName"])
	assert.Equal(t, "arn:aws:sns:us-west-2:123456789012:account-alerts", p.Outputs["alertTopicArn"])
	assert.Equal(t, true, p.Outputs["configRecorderManaged"])
	assert.Equal(t, "", p.Outputs["configRecorderImport"])
	assert.Regexp(t, `^arn:aws:kms:us-west-2:123456789012:key/[0-9a-f-]{36}$`, p.Outputs["archiveKeyArn"])
	assert.Regexp(t, `^arn:aws:kms:us-west-2:123456789012:key/[0-9a-f-]{36}$`, p.Outputs["keyArn"])
	assert.Equal(t, "arn:aws:cloudtrail:us-west-2:123456789012:trail/account-trail", p.Outputs["trailArn"])
	assert.Equal(t, "account-logs-123456789012-us-west-2", p.Outputs["logsBucketName"])
	assert.Equal(t, "account-config-123456789012-us-west-2", p.Outputs["configBucketName"])
	assert.Regexp(t, `^arn:aws:config:us-west-2:123456789012:conformance-pack/account-hipaa-security/conformance-pack-[0-9a-f]{9}$`,
		p.Outputs["conformancePackArn"])
	assert.Len(t, p.Outputs, 10)
}

func TestBaselineTagsEveryTaggableResource(t *testing.T) {
	for _, r := range accountPlan(t).Resources {
		tags, ok := r.Inputs["tags"].(map[string]any)
		if !ok {
			continue
		}
		assert.Equal(t, "account", tags[sce.TagBaseline], r.Name)
		assert.Equal(t, baselineOwner, tags[sce.TagOwner], r.Name)
		assert.Equal(t, r.Name, tags["Name"], r.Name)
		assert.NotContains(t, tags, sce.TagPIT, "baseline resources belong to no project: %s", r.Name)
	}
}

func TestBaselineNameNamesItsResources(t *testing.T) {
	p := baselinePlan(t, "acme", accountArgs())
	assert.Equal(t, "acme-archive-123456789012-us-west-2", p.Outputs["archiveBucketName"])
	assert.Equal(t, "acme", res(t, p, tBaseline, "acme").Name)
	assert.Equal(t, "alias/acme", res(t, p, tAlias, "acme-key-alias").Inputs["name"])
}
