// Package report writes the evidence bundle of one stack for IT and the IRB:
// the HIPAA control matrix (controls.md), the resource inventory
// (inventory.csv), the plan (plan.json) and an architecture diagram drawn
// from the plan (architecture.svg).
package report

import (
	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// Type tokens the report reads.
const (
	typeVpc         = awstype.EC2Vpc
	typeSubnet      = awstype.EC2Subnet
	typeRoute       = awstype.EC2Route
	typeRTA         = awstype.EC2RouteTableAssociation
	typeIGW         = awstype.EC2InternetGateway
	typeNAT         = awstype.EC2NatGateway
	typeEIP         = awstype.EC2Eip
	typeEndpoint    = awstype.EC2VpcEndpoint
	typeFlowLog     = awstype.EC2FlowLog
	typeInstance    = awstype.EC2Instance
	typeVolume      = awstype.EBSVolume
	typeAttachment  = awstype.EC2VolumeAttachment
	typeBucket      = awstype.S3BucketV2
	typeSSE         = awstype.S3BucketServerSideEncryptionConfigurationV2
	typeObjectLock  = awstype.S3BucketObjectLockConfigurationV2
	typeKey         = awstype.KMSKey
	typeTrail       = awstype.CloudTrailTrail
	typeLogGroup    = awstype.CloudWatchLogGroup
	typeAlarm       = awstype.CloudWatchMetricAlarm
	typeTopic       = awstype.SNSTopic
	typeSubscriptn  = awstype.SNSTopicSubscription
	typeConfigRule  = awstype.ConfigRule
	typeSGIngress   = awstype.VPCSecurityGroupIngressRule
	typeSecurityGrp = awstype.EC2SecurityGroup
)

// graph indexes a plan's resources and the links between them (property
// dependencies), which hold even where IDs are placeholders.
type graph struct {
	p     *plan.Plan
	byURN map[string]plan.Resource
}

func newGraph(p *plan.Plan) graph {
	g := graph{p: p, byURN: make(map[string]plan.Resource, len(p.Resources))}
	for _, r := range p.Resources {
		g.byURN[r.URN] = r
	}
	return g
}

// ref is the first resource of type typ that r's input prop came from.
func (g graph) ref(r plan.Resource, prop, typ string) (plan.Resource, bool) {
	for _, urn := range r.PropertyDependencies[prop] {
		if t, ok := g.byURN[urn]; ok && t.Type == typ {
			return t, true
		}
	}
	return plan.Resource{}, false
}

// refs are the resources of type typ that r's input prop came from.
func (g graph) refs(r plan.Resource, prop, typ string) []plan.Resource {
	var out []plan.Resource
	for _, urn := range r.PropertyDependencies[prop] {
		if t, ok := g.byURN[urn]; ok && t.Type == typ {
			out = append(out, t)
		}
	}
	return out
}

// referrers are the resources of type typ whose input prop came from target.
func (g graph) referrers(target plan.Resource, typ, prop string) []plan.Resource {
	var out []plan.Resource
	for _, r := range g.p.Find(typ) {
		for _, urn := range r.PropertyDependencies[prop] {
			if urn == target.URN {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// publicSubnet reports whether subnet s routes to an internet gateway.
func (g graph) publicSubnet(s plan.Resource) bool {
	for _, a := range g.referrers(s, typeRTA, "subnetId") {
		for _, rt := range a.PropertyDependencies["routeTableId"] {
			for _, route := range g.p.Find(typeRoute) {
				if contains(route.PropertyDependencies["routeTableId"], rt) && len(g.refs(route, "gatewayId", typeIGW)) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// keyName is the name of the KMS key r's input prop came from, or "".
func (g graph) keyName(r plan.Resource, prop string) string {
	if k, ok := g.ref(r, prop, typeKey); ok {
		return k.Name
	}
	return ""
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// str is the string input key of r, or "".
func str(r plan.Resource, key string) string {
	s, _ := r.Inputs[key].(string)
	return s
}

// strs are the string items of the list input key of r.
func strs(v any) []string {
	items, _ := v.([]any)
	var out []string
	for _, x := range items {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
