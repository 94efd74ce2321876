package sce_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// assertHardenedInstance checks what every instance shares: dedicated,
// IMDSv2 only, root encrypted with the project key, monitored, stoppable.
func assertHardenedInstance(t *testing.T, p *plan.Plan, inst plan.Resource) {
	t.Helper()
	in := inst.Inputs
	assert.Equal(t, "dedicated", in["tenancy"], inst.Name)
	assert.Equal(t, map[string]any{"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": float64(1),
		"instanceMetadataTags": "disabled"}, in["metadataOptions"], inst.Name)
	root := in["rootBlockDevice"].(map[string]any)
	assert.Equal(t, true, root["encrypted"], inst.Name)
	assert.Equal(t, p.Outputs["kmsKeyArn"], root["kmsKeyId"], inst.Name)
	assert.Equal(t, "gp3", root["volumeType"])
	assert.Equal(t, float64(30), root["volumeSize"])
	assert.Equal(t, true, root["deleteOnTermination"])
	assert.Equal(t, inst.Name+"-root", root["tags"].(map[string]any)["Name"])
	assert.Equal(t, true, in["monitoring"], inst.Name)
	assert.Equal(t, false, in["disableApiTermination"], inst.Name)
	assert.Equal(t, "stop", in["instanceInitiatedShutdownBehavior"], inst.Name)
	assert.Equal(t, true, in["userDataReplaceOnChange"], "a researcher change must reach %s: cloud-init runs once per instance", inst.Name)
	assert.Equal(t, "ami-0123456789abcdef0", in["ami"], inst.Name)
	assert.Equal(t, []string{"ami"}, inst.Options.IgnoreChanges, "a newer image never replaces %s", inst.Name)
	assert.NotContains(t, in, "keyName", "no key pair: ec2-user has no key")
}

func TestBastion(t *testing.T) {
	p := hipaaPlan(t)
	b := res(t, p, tInstance, "hipaa-bastion")
	assertHardenedInstance(t, p, b)
	assert.Equal(t, "m5.large", b.Inputs["instanceType"])
	assert.Equal(t, false, b.Inputs["associatePublicIpAddress"], "its one public address is the Elastic IP")
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-public-subnet")}, b.PropertyDependencies["subnetId"])
	assert.Equal(t, []string{urnOf(t, p, tSG, "hipaa-bastion-sg")}, b.PropertyDependencies["vpcSecurityGroupIds"])
	assert.Equal(t, "hipaa-bastion-profile", b.Inputs["iamInstanceProfile"])
	assert.NotContains(t, b.Inputs["tags"], sce.TagPrivate)
	for _, dep := range []string{urnOf(t, p, tRoute, "hipaa-public-default-route"), urnOf(t, p, tSGIn, "hipaa-bastion-ssh-in-1"),
		urnOf(t, p, tSGOut, "hipaa-bastion-https-out"), urnOf(t, p, tEndpoint, "hipaa-s3-endpoint")} {
		assert.Contains(t, b.Dependencies, dep, "the bastion boots with its way out (the S3 endpoint before its EIP) and its rules in place")
	}

	eip := res(t, p, tEip, "hipaa-bastion-eip")
	assert.Equal(t, "vpc", eip.Inputs["domain"])
	assert.Equal(t, []string{b.URN}, eip.PropertyDependencies["instance"])
	assert.Contains(t, eip.Dependencies, urnOf(t, p, tIgw, "hipaa-igw"))
}

func TestWorkers(t *testing.T) {
	p := hipaaPlan(t)
	w := res(t, p, tInstance, "hipaa-worker-1")
	assertHardenedInstance(t, p, w)
	assert.Equal(t, "m5.xlarge", w.Inputs["instanceType"])
	assert.Equal(t, false, w.Inputs["associatePublicIpAddress"], "workers have no public IP")
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-private-subnet")}, w.PropertyDependencies["subnetId"])
	assert.Equal(t, []string{urnOf(t, p, tSG, "hipaa-worker-sg")}, w.PropertyDependencies["vpcSecurityGroupIds"])
	assert.Equal(t, "hipaa-worker-profile", w.Inputs["iamInstanceProfile"])
	assert.Equal(t, "hipaa", w.Inputs["tags"].(map[string]any)[sce.TagPrivate])

	vol := res(t, p, tVolume, "hipaa-worker-1-data")
	assert.Equal(t, map[string]any{"availabilityZone": "us-west-2a", "type": "gp3", "size": float64(100), "iops": float64(3000),
		"throughput": float64(125), "encrypted": true, "kmsKeyId": p.Outputs["kmsKeyArn"], "tags": vol.Inputs["tags"]}, vol.Inputs)
	assert.True(t, vol.Options.Protect, "the data volume is protected")
	assert.Equal(t, "hipaa", vol.Inputs["tags"].(map[string]any)[sce.TagPrivate])
	assert.Contains(t, w.PropertyDependencies["userData"], vol.URN, "cloud-init mounts the volume by its ID")

	att := res(t, p, tVolAttach, "hipaa-worker-1-data-attachment")
	assert.Equal(t, "/dev/sdf", att.Inputs["deviceName"])
	assert.Equal(t, true, att.Inputs["stopInstanceBeforeDetaching"])
	assert.Equal(t, []string{vol.URN}, att.PropertyDependencies["volumeId"])
	assert.Equal(t, []string{w.URN}, att.PropertyDependencies["instanceId"])
	assert.False(t, att.Options.Protect, "replacing a worker replaces the attachment, never the volume")
	assert.True(t, att.Options.DeleteBeforeReplace, "a volume attaches to one instance: detach before re-attaching")
	for _, dep := range []string{urnOf(t, p, tEndpoint, "hipaa-s3-endpoint"), urnOf(t, p, tRoute, "hipaa-private-default-route"),
		urnOf(t, p, tSGIn, "hipaa-worker-ssh-from-bastion"), urnOf(t, p, tSGOut, "hipaa-worker-https-out"), urnOf(t, p, tSGOut, "hipaa-worker-s3-out")} {
		assert.Contains(t, w.Dependencies, dep, "the worker boots with its way out and its rules in place")
	}
}

func TestWorkersSpreadOverZones(t *testing.T) {
	p := omopPlan(t)
	for name, want := range map[string][2]string{"omop-worker-1": {"omop-private-subnet", "us-west-2b"}, "omop-worker-2": {"omop-private-subnet-2", "us-west-2c"}} {
		w := res(t, p, tInstance, name)
		assert.Equal(t, "r5.2xlarge", w.Inputs["instanceType"])
		assert.Equal(t, []string{urnOf(t, p, tSubnet, want[0])}, w.PropertyDependencies["subnetId"], name)
		vol := res(t, p, tVolume, name+"-data")
		assert.Equal(t, want[1], vol.Inputs["availabilityZone"], "the volume is in its worker's zone")
		assert.Equal(t, float64(500), vol.Inputs["size"])
		assert.Equal(t, float64(6000), vol.Inputs["iops"])
		assert.Equal(t, float64(250), vol.Inputs["throughput"])
	}
	assert.Len(t, p.Outputs["workerPrivateIps"], 2)
}

func TestSecurityGroupRules(t *testing.T) {
	p := hipaaPlan(t)
	bastionSG, workerSG := res(t, p, tSG, "hipaa-bastion-sg"), res(t, p, tSG, "hipaa-worker-sg")
	for _, sg := range []plan.Resource{bastionSG, workerSG} {
		assert.NotContains(t, sg.Inputs, "ingress", "rules are separate resources")
		assert.NotContains(t, sg.Inputs, "egress", "rules are separate resources")
		assert.Equal(t, true, sg.Inputs["revokeRulesOnDelete"])
		assert.Equal(t, sg.Name, sg.Inputs["name"])
	}
	type rule struct {
		sg, cidr, source, prefix string
		port                     float64
	}
	got := map[string]rule{}
	for _, typ := range []string{tSGIn, tSGOut} {
		for _, r := range p.Find(typ) {
			in := r.Inputs
			require.Equal(t, "tcp", in["ipProtocol"], r.Name)
			require.Equal(t, in["fromPort"], in["toPort"], r.Name)
			require.NotEmpty(t, in["description"], "%s has a description", r.Name)
			dir := "in "
			if typ == tSGOut {
				dir = "out "
			}
			sg := r.PropertyDependencies["securityGroupId"][0]
			src := ""
			if deps := r.PropertyDependencies["referencedSecurityGroupId"]; len(deps) > 0 {
				src = deps[0]
			}
			prefix := ""
			if deps := r.PropertyDependencies["prefixListId"]; len(deps) > 0 {
				prefix = deps[0]
			}
			cidr, _ := in["cidrIpv4"].(string)
			got[dir+r.Name] = rule{sg: sg, cidr: cidr, source: src, prefix: prefix, port: in["fromPort"].(float64)}
		}
	}
	endpoint := urnOf(t, p, tEndpoint, "hipaa-s3-endpoint")
	assert.Equal(t, map[string]rule{
		"in hipaa-bastion-ssh-in-1":        {sg: bastionSG.URN, cidr: "198.51.100.0/24", port: 22},
		"in hipaa-bastion-ssh-in-2":        {sg: bastionSG.URN, cidr: "203.0.113.0/25", port: 22},
		"in hipaa-endpoints-sg-https-in":   {sg: urnOf(t, p, tSG, "hipaa-endpoints-sg"), cidr: "10.20.0.0/16", port: 443},
		"out hipaa-bastion-ssh-to-private": {sg: bastionSG.URN, cidr: "10.20.1.0/24", port: 22},
		"out hipaa-bastion-https-out":      {sg: bastionSG.URN, cidr: "0.0.0.0/0", port: 443},
		"in hipaa-worker-ssh-from-bastion": {sg: workerSG.URN, source: bastionSG.URN, port: 22},
		"out hipaa-worker-https-out":       {sg: workerSG.URN, cidr: "0.0.0.0/0", port: 443},
		"out hipaa-worker-s3-out":          {sg: workerSG.URN, prefix: endpoint, port: 443},
	}, got)
}

func TestInstanceRoles(t *testing.T) {
	p := hipaaPlan(t)
	for _, role := range []string{"bastion", "worker"} {
		r := res(t, p, tRole, "hipaa-"+role+"-role")
		trust := statements(t, doc(t, r.Inputs["assumeRolePolicy"]))
		assert.Equal(t, map[string]map[string]any{"EC2AssumesRole": {"Sid": "EC2AssumesRole", "Effect": "Allow",
			"Principal": map[string]any{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}, trust)
		a := res(t, p, tAttach, "hipaa-"+role+"-role-ssm-agent")
		assert.Equal(t, "arn:aws:iam::123456789012:policy/hipaa-ssm-agent", a.Inputs["policyArn"])
		assert.Equal(t, []string{urnOf(t, p, tIAMPolicy, "hipaa-ssm-agent")}, a.PropertyDependencies["policyArn"])
		assert.Equal(t, []string{r.URN}, a.PropertyDependencies["role"])
		profile := res(t, p, tProfile, "hipaa-"+role+"-profile")
		assert.Equal(t, "hipaa-"+role+"-role", profile.Inputs["role"])
	}
	assert.ElementsMatch(t, []string{"hipaa-flow-log-role-policy", "hipaa-trail-role-policy", "hipaa-remediation-role-policy",
		"hipaa-worker-role-policy", "hipaa-scheduler-role-policy", "hipaa-bastion-role-policy", "hipaa-ssm-agent",
		"hipaa-egress-approver-policy", "hipaa-worker-airlock-policy", "hipaa-patch-window-role-policy", "hipaa-s3-replication-policy"}, names(p, tIAMPolicy))
	assert.Empty(t, p.Find(tRolePolicy), "no inline role policies")
	for _, a := range p.Find(tAttach) {
		if a.Inputs["role"] == "hipaa-bastion-role" || a.Inputs["role"] == "hipaa-worker-role" {
			assert.NotContains(t, a.Inputs["policyArn"], ":iam::aws:policy/", "%s attaches an AWS managed policy", a.Name)
		}
	}
	for _, role := range []string{"bastion", "worker"} {
		a := res(t, p, tAttach, "hipaa-"+role+"-role-policy-attachment")
		assert.Equal(t, "arn:aws:iam::123456789012:policy/hipaa-"+role+"-role", a.Inputs["policyArn"])
		assert.Equal(t, []string{urnOf(t, p, tIAMPolicy, "hipaa-"+role+"-role-policy")}, a.PropertyDependencies["policyArn"])
		assert.Equal(t, "hipaa-"+role+"-role", res(t, p, tIAMPolicy, "hipaa-"+role+"-role-policy").Inputs["name"])
	}
	ssh := "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/ssh"
	bastion := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-bastion-role-policy").Inputs["policy"]))
	assert.Equal(t, asJSON(t, map[string]any{"ShipSSHAndAuditLogs": map[string]any{"Sid": "ShipSSHAndAuditLogs", "Effect": "Allow",
		"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		"Resource": []string{ssh, ssh + ":log-stream:*"}}}), asJSON(t, bastion))
}

// TestWorkerAirlockPolicyFollowsTheWorkerRole: the airlock's worker policy
// is attached to the worker role by the role's own name output, so the
// attachment depends on the role and a renamed role carries the policy
// along instead of leaving it attached to a name that no longer exists.
func TestWorkerAirlockPolicyFollowsTheWorkerRole(t *testing.T) {
	p := hipaaPlan(t)
	a := res(t, p, tAttach, "hipaa-worker-airlock-policy-attachment")
	assert.Equal(t, "hipaa-worker-role", a.Inputs["role"])
	assert.Equal(t, "arn:aws:iam::123456789012:policy/hipaa-worker-airlock", a.Inputs["policyArn"])
	assert.Equal(t, map[string][]string{
		"role":      {urnOf(t, p, tRole, "hipaa-worker-role")},
		"policyArn": {urnOf(t, p, tIAMPolicy, "hipaa-worker-airlock-policy")},
	}, a.PropertyDependencies)
}

func TestWorkerPolicyIsLeastPrivilege(t *testing.T) {
	p := hipaaPlan(t)
	st := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-worker-role-policy").Inputs["policy"]))
	in, out := "arn:aws:s3:::"+bucketName(sce.BucketDataIn), "arn:aws:s3:::"+bucketName(sce.BucketOutput)
	want := map[string]map[string]any{
		"ListDataIn":      {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": in},
		"ReadDataIn":      {"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:GetObjectVersion"}, "Resource": in + "/*"},
		"ListOutput":      {"Effect": "Allow", "Action": []any{"s3:ListBucket", "s3:ListBucketMultipartUploads"}, "Resource": out},
		"ReadWriteOutput": {"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}, "Resource": out + "/*"},
		"UseProjectKeyThroughS3": {"Effect": "Allow", "Action": []any{"kms:Decrypt", "kms:GenerateDataKey"}, "Resource": p.Outputs["kmsKeyArn"],
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-west-2.amazonaws.com"}}},
		"ShipSSHAndAuditLogs": {"Effect": "Allow", "Action": []any{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			"Resource": []any{"arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/ssh", "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/ssh:log-stream:*"}},
	}
	require.Len(t, st, len(want))
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(st[sid]), sid)
	}
	for sid, s := range st {
		assert.NotContains(t, []any{"*", []any{"*"}}, s["Resource"], sid)
		for _, a := range append([]any{}, s["Action"]) {
			assert.NotContains(t, a, "*", sid)
		}
	}
}

func TestPinnedImageIsNotIgnored(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.AmiID = "ami-0fedcba9876543210" })
	for _, inst := range p.Find(tInstance) {
		assert.Equal(t, "ami-0fedcba9876543210", inst.Inputs["ami"], inst.Name)
		assert.Empty(t, inst.Options.IgnoreChanges, "changing a pinned image is a deliberate replacement")
	}
}

func TestNoWorkers(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Workers.Count = 0 })
	assert.Equal(t, []string{"hipaa-bastion"}, names(p, tInstance))
	assert.Empty(t, p.Find(tVolume))
	assert.Equal(t, []any{}, p.Outputs["workerPrivateIps"])
}

func TestSSHLogsAndAlarms(t *testing.T) {
	p := hipaaPlan(t)
	lg := res(t, p, tLogGroup, "hipaa-ssh-log-group")
	assert.Equal(t, "/sce/hipaa/ssh", lg.Inputs["name"])
	assert.Equal(t, p.Outputs["kmsKeyArn"], lg.Inputs["kmsKeyId"])
	assert.Equal(t, float64(365), lg.Inputs["retentionInDays"])
	topic := p.Outputs["alertTopicArn"]
	for name, want := range map[string]struct {
		pattern   string
		threshold float64
	}{
		"failed-ssh-logins": {`?"Failed publickey" ?"Invalid user" ?"authentication failure" ?"Connection closed by invalid user"`, 5},
		"unknown-ssh-user":  {`"Accepted publickey for" -"Accepted publickey for kresearcher from" -"Accepted publickey for jdoe from"`, 1},
	} {
		f := res(t, p, tFilter, "hipaa-"+name+"-filter")
		assert.Equal(t, "/sce/hipaa/ssh", f.Inputs["logGroupName"])
		assert.Equal(t, want.pattern, f.Inputs["pattern"], name)
		a := res(t, p, tAlarm, "hipaa-"+name)
		assert.Equal(t, want.threshold, a.Inputs["threshold"], name)
		assert.Equal(t, []any{topic}, a.Inputs["alarmActions"], name)
	}
}

func TestUserDataHoldsNoSecrets(t *testing.T) {
	for _, c := range []struct {
		pit       string
		args      sce.EnvironmentArgs
		instances []string
	}{
		{hipaaPIT, hipaaArgs(), []string{"hipaa-bastion", "hipaa-worker-1"}},
		{omopPIT, omopArgs(), []string{"omop-bastion", "omop-worker-1", "omop-worker-2"}},
	} {
		pit, args := c.pit, c.args
		instances := envPlan(t, pit, args).Find(tInstance)
		var names []string
		for _, inst := range instances {
			names = append(names, inst.Name)
		}
		require.ElementsMatch(t, c.instances, names, "every instance of %s is checked", pit)
		for _, inst := range instances {
			ud, ok := inst.Inputs["userData"].(string)
			require.True(t, ok, "%s user data is a known, non-secret string", inst.Name)
			require.True(t, strings.HasPrefix(ud, "#cloud-config\n"), inst.Name)
			for _, secret := range []string{"PRIVATE KEY", "AKIA", "ASIA", "aws_secret_access_key", "aws_access_key_id",
				"\n    passwd:", "plain_text_passwd", "hashed_passwd", "chpasswd", "password:"} {
				assert.False(t, strings.Contains(ud, secret), "%s user data holds %q", inst.Name, secret)
			}
			for _, user := range usernames(args.Researchers) {
				assert.Contains(t, ud, "- name: "+user+"\n", inst.Name)
			}
			assert.NotContains(t, ud, "ec2-user", "%s creates no ec2-user", inst.Name)
		}
	}
}
