// Package report writes the evidence bundle of one stack for IT and the IRB:
// the HIPAA control matrix (controls.md), the resource inventory
// (inventory.csv), the plan (plan.json) and an architecture diagram drawn
// from the plan (architecture.svg).
package report

import (
	"github.com/sce-dev/sce/internal/plan"
)

// Type tokens the report reads.
const (
	typeVpc         = "aws:ec2/vpc:Vpc"
	typeSubnet      = "aws:ec2/subnet:Subnet"
	typeRoute       = "aws:ec2/route:Route"
	typeRTA         = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeIGW         = "aws:ec2/internetGateway:InternetGateway"
	typeNAT         = "aws:ec2/natGateway:NatGateway"
	typeEIP         = "aws:ec2/eip:Eip"
	typeEndpoint    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeFlowLog     = "aws:ec2/flowLog:FlowLog"
	typeInstance    = "aws:ec2/instance:Instance"
	typeVolume      = "aws:ebs/volume:Volume"
	typeAttachment  = "aws:ec2/volumeAttachment:VolumeAttachment"
	typeBucket      = "aws:s3/bucketV2:BucketV2"
	typeSSE         = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeObjectLock  = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	typeKey         = "aws:kms/key:Key"
	typeTrail       = "aws:cloudtrail/trail:Trail"
	typeLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	typeAlarm       = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeTopic       = "aws:sns/topic:Topic"
	typeSubscriptn  = "aws:sns/topicSubscription:TopicSubscription"
	typeConfigRule  = "aws:cfg/rule:Rule"
	typeSGIngress   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeSecurityGrp = "aws:ec2/securityGroup:SecurityGroup"
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
