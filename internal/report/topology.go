package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// topology is what the diagram shows, read from a plan.
type topology struct {
	stack, region string
	resources     int
	sshCidrs      []string
	emails        int
	vpcs          []vpcView
	buckets       []box
	keys          []string
	trail         box
	trailBucket   string
	logGroups     []string
	alarms        int
	topic         box
	configRules   int
	account       []string
}

// accountControls name the account-wide controls a baseline plan has, by type.
func accountControls() []struct{ typ, text string } {
	return []struct{ typ, text string }{
		{awstype.ConfigRecorder, "AWS Config recorder, all resource types"},
		{awstype.ConfigConformancePack, "HIPAA conformance pack"},
		{awstype.GuardDutyDetector, "GuardDuty threat detection"},
		{awstype.SecurityHubAccount, "Security Hub"},
		{awstype.AccessAnalyzerAnalyzer, "IAM Access Analyzer"},
		{awstype.IAMAccountPasswordPolicy, "IAM password policy"},
		{awstype.EBSEncryptionByDefault, "EBS encryption by default"},
		{awstype.S3AccountPublicAccessBlock, "S3 account public access block"},
	}
}

// vpcView is one VPC with its subnets.
type vpcView struct {
	box
	igw, endpoint, flowLogs string
	public, private         []subnetView
}

// subnetView is one subnet and what runs in it.
type subnetView struct {
	box
	nodes []box
}

// box is one labelled element: a title line and detail lines.
type box struct {
	title   string
	details []string
	kind    string // bastion, worker, nat: how the diagram draws it
}

// readTopology builds the diagram's model of p, the plan of a stack with
// config cfg.
func readTopology(p *plan.Plan, cfg stacks.Config) topology {
	g := newGraph(p)
	t := topology{stack: p.Stack, region: cfg.Region, resources: len(p.Resources),
		sshCidrs: cfg.AllowedSSHCidrs, emails: len(cfg.AlertEmails)}
	for _, v := range p.Find(typeVpc) {
		t.vpcs = append(t.vpcs, g.vpcView(v))
	}
	for _, tr := range p.Find(typeTrail) {
		if b, ok := g.ref(tr, "s3BucketName", typeBucket); ok {
			t.trailBucket = b.Name
		}
	}
	var trailBucket []box
	for _, b := range p.Find(typeBucket) {
		if t.trailBucket == b.Name {
			trailBucket = append(trailBucket, g.bucketBox(b))
			continue
		}
		t.buckets = append(t.buckets, g.bucketBox(b))
	}
	t.buckets = append(t.buckets, trailBucket...) // last, next to the trail
	for _, k := range p.Find(typeKey) {
		rotation := "no rotation"
		if k.Inputs["enableKeyRotation"] == true {
			rotation = "yearly rotation"
		}
		t.keys = append(t.keys, k.Name+": "+rotation)
	}
	t.trail = firstBox(p.Find(typeTrail), g.trailDetails)
	t.topic = firstBox(p.Find(typeTopic), func(r plan.Resource) []string {
		return []string{fmt.Sprintf("%s, %s", english.Plural(len(g.referrers(r, typeSubscriptn, "topic")), "subscription"),
			g.encryption(r))}
	})
	for _, lg := range p.Find(typeLogGroup) {
		t.logGroups = append(t.logGroups, str(lg, "name"))
	}
	sort.Strings(t.logGroups)
	t.alarms = len(p.Find(typeAlarm))
	t.configRules = len(p.Find(typeConfigRule))
	for _, c := range accountControls() {
		if len(p.Find(c.typ)) > 0 {
			t.account = append(t.account, c.text)
		}
	}
	return t
}

// firstBox is a box for the first of rs, or an empty box.
func firstBox(rs []plan.Resource, details func(plan.Resource) []string) box {
	if len(rs) == 0 {
		return box{}
	}
	return box{title: rs[0].Name, details: details(rs[0])}
}

func (g graph) vpcView(v plan.Resource) vpcView {
	view := vpcView{box: box{title: v.Name, details: []string{
		fmt.Sprintf("%s, %s tenancy", str(v, "cidrBlock"), orDefault(str(v, "instanceTenancy"), "default"))}}}
	if igws := g.referrers(v, typeIGW, "vpcId"); len(igws) > 0 {
		view.igw = igws[0].Name
	}
	for _, e := range g.referrers(v, typeEndpoint, "vpcId") {
		view.endpoint = e.Name
	}
	var traffic []string
	for _, f := range g.referrers(v, typeFlowLog, "vpcId") {
		traffic = append(traffic, fmt.Sprintf("%s to %s", str(f, "trafficType"), str(f, "logDestinationType")))
	}
	view.flowLogs = strings.Join(traffic, ", ")
	for _, s := range g.referrers(v, typeSubnet, "vpcId") {
		sv := g.subnetView(s)
		if g.publicSubnet(s) {
			view.public = append(view.public, sv)
		} else {
			view.private = append(view.private, sv)
		}
	}
	return view
}

func (g graph) subnetView(s plan.Resource) subnetView {
	sv := subnetView{box: box{title: s.Name, details: []string{str(s, "cidrBlock") + "  " + str(s, "availabilityZone")}}}
	for _, i := range g.referrers(s, typeInstance, "subnetId") {
		sv.nodes = append(sv.nodes, g.instanceBox(i))
	}
	for _, n := range g.referrers(s, typeNAT, "subnetId") {
		sv.nodes = append(sv.nodes, box{title: n.Name, kind: "nat", details: []string{"NAT gateway + elastic IP"}})
	}
	return sv
}

// instanceBox describes an instance: type, IMDS, and its data volumes.
func (g graph) instanceBox(i plan.Resource) box {
	kind := "worker"
	if i.Inputs["associatePublicIpAddress"] == true || len(g.referrers(i, typeEIP, "instance")) > 0 {
		kind = "bastion"
	}
	details := []string{str(i, "instanceType") + ", " + imds(i), "root: " + g.encryption(i)[len("root volume: "):]}
	for _, a := range g.referrers(i, typeAttachment, "instanceId") {
		if v, ok := g.ref(a, "volumeId", typeVolume); ok {
			size, _ := v.Inputs["size"].(float64)
			details = append(details, fmt.Sprintf("data %s %.0f GiB, %s", str(a, "deviceName"), size, shortKMS(g.encryption(v))))
		}
	}
	return box{title: i.Name, kind: kind, details: details}
}

// imds says whether instance i requires IMDSv2.
func imds(i plan.Resource) string {
	mo, _ := i.Inputs["metadataOptions"].(map[string]any)
	if mo["httpTokens"] == "required" {
		return "IMDSv2"
	}
	return "IMDSv1 allowed"
}

// shortKMS shortens "KMS key name" to "KMS".
func shortKMS(s string) string {
	if strings.HasPrefix(s, "KMS key ") {
		return "KMS"
	}
	return s
}

// bucketBox describes a bucket: encryption and Object Lock.
func (g graph) bucketBox(b plan.Resource) box {
	details := []string{g.bucketEncryption(b)}
	for _, l := range g.referrers(b, typeObjectLock, "bucket") {
		rule, _ := l.Inputs["rule"].(map[string]any)
		ret, _ := rule["defaultRetention"].(map[string]any)
		period := fmt.Sprintf("%v days", ret["days"])
		if years, ok := ret["years"]; ok {
			period = fmt.Sprintf("%v years", years)
		}
		details = append(details, fmt.Sprintf("Object Lock %v %s", ret["mode"], period))
	}
	return box{title: b.Name, details: details}
}

// trailDetails describe a trail: regions, validation and data events.
func (g graph) trailDetails(t plan.Resource) []string {
	out := []string{"multi-region: " + yesNo(t.Inputs["isMultiRegionTrail"] == true) +
		", validation: " + yesNo(t.Inputs["enableLogFileValidation"] == true)}
	n := 0
	selectors, _ := t.Inputs["eventSelectors"].([]any)
	for _, s := range selectors {
		sel, _ := s.(map[string]any)
		drs, _ := sel["dataResources"].([]any)
		for _, d := range drs {
			dr, _ := d.(map[string]any)
			n += len(strs(dr["values"]))
		}
	}
	return append(out, "S3 data events on "+english.Plural(n, "bucket"))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
