package report

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/policies"
	"github.com/sce-dev/sce/stacks"
)

// hipaa plans the shipped hipaa stack and evaluates the pack on it.
func hipaa(t *testing.T) (*plan.Plan, *policy.Result) {
	t.Helper()
	p, err := stackfile.Plan(context.Background(), "../../stacks", "hipaa", stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	return p, evaluate(t, p)
}

// hipaaBundle is the bundle of the hipaa stack, made reproducibly.
func hipaaBundle(t *testing.T) Bundle {
	t.Helper()
	p, res := hipaa(t)
	return Bundle{Plan: p, Config: config(t, p), Result: res, PackRules: pack(t).Rules, Provenance: Provenance{Reproducible: true}}
}

// pack loads the shipped policy pack.
func pack(t *testing.T) *policy.Pack {
	t.Helper()
	pk, err := policy.Load(policies.FS())
	require.NoError(t, err)
	return pk
}

// config decodes the config p was planned with.
func config(t *testing.T, p *plan.Plan) stacks.Config {
	t.Helper()
	cfg, err := stacks.DecodeConfig(p.Config)
	require.NoError(t, err)
	return cfg
}

// evaluate evaluates the policy pack on p.
func evaluate(t *testing.T, p *plan.Plan) *policy.Result {
	t.Helper()
	pack, err := policy.Load(policies.FS())
	require.NoError(t, err)
	res, err := pack.Check(context.Background(), p, nil)
	require.NoError(t, err)
	return res
}

// TestSectionsAndFindingsHaveTitles: every HIPAA section and assessment finding a
// rule cites has a title in the matrix.
func TestSectionsAndFindingsHaveTitles(t *testing.T) {
	pack, err := policy.Load(policies.FS())
	require.NoError(t, err)
	for _, r := range pack.Rules {
		for _, s := range r.HIPAA {
			assert.NotEmpty(t, sectionTitles()[s], "%s cites %s", r.Name, s)
		}
		for _, f := range r.Findings {
			assert.NotEmpty(t, findingTitles()[f], "%s cites finding %s", r.Name, f)
		}
	}
}

func TestControlsRows(t *testing.T) {
	p := &plan.Plan{Stack: "dev", Resources: []plan.Resource{
		{Name: "dev-vpc", Type: awstype.EC2Vpc, Custom: true},
	}}
	rules := []policy.Rule{
		{Name: "deny_vpc_dedicated_tenancy", Title: "The VPC uses dedicated tenancy", Control: "Isolated network",
			HIPAA: []string{"164.312(a)(1)"}, Types: []string{awstype.EC2Vpc}, Level: policy.Mandatory, Message: "Fix | it."},
		{Name: "deny_rds_public", Title: "Databases are not publicly accessible", Control: "Private by default",
			HIPAA: []string{"164.312(a)(1)"}, Types: []string{awstype.RDSInstance}, Level: policy.Mandatory},
		{Name: "warn_x", Title: "X", Control: "Isolated network", HIPAA: []string{"164.312(b)"}, Findings: []string{"4.6"},
			Types: []string{awstype.EC2Vpc}, Level: policy.Advisory, Message: "Look at it."},
	}
	res := &policy.Result{Pack: "p", Stack: "dev", Rules: rules, Violations: []policy.Violation{
		{Rule: "deny_vpc_dedicated_tenancy", Level: policy.Mandatory, Message: "VPC 'dev-vpc' has | default tenancy"},
		{Rule: "warn_x", Level: policy.Advisory, Message: "VPC 'dev-vpc' is odd"},
	}}
	data, err := Controls(Bundle{Plan: p, Result: res, PackRules: rules, Provenance: Provenance{Reproducible: true}})
	require.NoError(t, err)
	md := string(data)
	assert.Contains(t, md, "**Result: 1 mandatory violations, 1 advisory; 3 rules in the pack: 3 at their declared level.**")
	assert.Contains(t, md, "| 164.312(a)(1) Access control | 2 | 0 | 1 | 0 | 1 | 0 |\n| 164.312(b) Audit controls | 1 | 0 | 0 | 1 | 0 | 0 |\n"+
		"| all rules of the pack | 3 | 0 | 1 | 1 | 1 | 0 |\n")
	assert.Contains(t, md, "## 164.312(a)(1) Access control\n\n| control | rule | result | resources |\n| --- | --- | --- | --- |\n"+
		"| Isolated network | `deny_vpc_dedicated_tenancy`: The VPC uses dedicated tenancy | **FAIL** | VPC 'dev-vpc' has \\| default tenancy |\n"+
		"| Private by default | `deny_rds_public`: Databases are not publicly accessible | n/a | none in this plan |\n\n")
	assert.Contains(t, md, "## Advisories and intended exceptions\n\n- `warn_x`: VPC 'dev-vpc' is odd\n  - Look at it.\n")
	assert.Contains(t, md, "| 4.6 | Subnet flow logs not configured | `warn_x` | advisory |\n")
}

func TestControlsHipaa(t *testing.T) {
	b := hipaaBundle(t)
	data, err := Controls(b)
	require.NoError(t, err)
	md := string(data)
	assert.True(t, strings.HasPrefix(md, "# HIPAA control matrix: stack hipaa\n"))
	n := len(b.PackRules)
	assert.Contains(t, md, fmt.Sprintf("**Result: 0 mandatory violations, 1 advisory; %d rules in the pack: %d at their declared level.**", n, n))
	assert.Contains(t, md, "## Rules the policy config changed\n\nNone: every rule ran at the level its name declares (policy config: no file: the pack's defaults, with the settings `sce policy config` derives from the stack).\n")
	assert.Contains(t, md, "| Audit of PHI access | `stack_deny_cloudtrail_data_events`: A trail records every read and write of PHI objects | pass |")
	assert.NotContains(t, md, "| "+statusFail+" |")
}

func TestInventory(t *testing.T) {
	key := plan.Resource{URN: "urn:key", Name: "dev-key", Type: typeKey, Custom: true, Inputs: map[string]any{"enableKeyRotation": true}}
	p := &plan.Plan{Resources: []plan.Resource{
		key,
		{URN: "urn:b", Name: "dev-data", Type: typeBucket, Custom: true, Inputs: map[string]any{"tags": map[string]any{"sce:pit": "dev", "Name": "dev-data"}},
			Options: plan.Options{Protect: true}},
		{URN: "urn:sse", Name: "dev-data-encryption", Type: typeSSE, Custom: true, Inputs: map[string]any{"rules": []any{map[string]any{
			"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:k"}}}},
			PropertyDependencies: map[string][]string{"bucket": {"urn:b"}, "rules": {"urn:key"}}},
		{URN: "urn:vpc", Name: "dev-vpc", Type: typeVpc, Custom: true, Inputs: map[string]any{"cidrBlock": "10.0.0.0/16"}},
		{URN: "urn:igw", Name: "dev-igw", Type: typeIGW, Custom: true},
		{URN: "urn:s", Name: "dev-public", Type: typeSubnet, Custom: true, Inputs: map[string]any{"cidrBlock": "10.0.0.0/24"},
			PropertyDependencies: map[string][]string{"vpcId": {"urn:vpc"}}},
		{URN: "urn:rt", Name: "dev-rt", Type: awstype.EC2RouteTable, Custom: true, PropertyDependencies: map[string][]string{"vpcId": {"urn:vpc"}}},
		{URN: "urn:r", Name: "dev-route", Type: typeRoute, Custom: true, PropertyDependencies: map[string][]string{"routeTableId": {"urn:rt"}, "gatewayId": {"urn:igw"}}},
		{URN: "urn:a", Name: "dev-rta", Type: typeRTA, Custom: true, PropertyDependencies: map[string][]string{"routeTableId": {"urn:rt"}, "subnetId": {"urn:s"}}},
		{URN: "urn:i", Name: "dev-bastion", Type: typeInstance, Custom: true, Inputs: map[string]any{"rootBlockDevice": map[string]any{"encrypted": true}},
			PropertyDependencies: map[string][]string{"subnetId": {"urn:s"}}},
	}}
	data, err := Inventory(p)
	require.NoError(t, err)
	assert.Equal(t, "name,type,tags,encryption,network,protect,urn\n"+
		"dev-key,aws:kms/key:Key,,\"customer-managed key, yearly rotation\",,false,urn:key\n"+
		"dev-data,aws:s3/bucketV2:BucketV2,Name=dev-data; sce:pit=dev,SSE-KMS: KMS key dev-key,,true,urn:b\n"+
		"dev-data-encryption,aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2,,,,false,urn:sse\n"+
		"dev-vpc,aws:ec2/vpc:Vpc,,,,false,urn:vpc\n"+
		"dev-igw,aws:ec2/internetGateway:InternetGateway,,,,false,urn:igw\n"+
		"dev-public,aws:ec2/subnet:Subnet,,,public subnet dev-public 10.0.0.0/24,false,urn:s\n"+
		"dev-rt,aws:ec2/routeTable:RouteTable,,,VPC dev-vpc 10.0.0.0/16,false,urn:rt\n"+
		"dev-route,aws:ec2/route:Route,,,,false,urn:r\n"+
		"dev-rta,aws:ec2/routeTableAssociation:RouteTableAssociation,,,public subnet dev-public 10.0.0.0/24,false,urn:a\n"+
		"dev-bastion,aws:ec2/instance:Instance,,root volume: KMS: AWS-managed aws/ebs key,public subnet dev-public 10.0.0.0/24,false,urn:i\n",
		string(data))
}

// TestDiagram: the hipaa diagram is well-formed SVG, the same on every run,
// and shows the elements of the architecture.
func TestDiagram(t *testing.T) {
	p, _ := hipaa(t)
	svg := Diagram(p, config(t, p))
	assert.Equal(t, string(svg), string(Diagram(p, config(t, p))), "deterministic")
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
	}
	for _, want := range []string{
		"VPC hipaa-vpc  (10.20.0.0/16, dedicated tenancy)", "public subnet", "private subnet", ">hipaa-bastion<",
		">hipaa-worker-1<", ">hipaa-nat<", ">internet<", ">S3 endpoint<", ">hipaa-data-in<", ">hipaa-logs<",
		"Object Lock GOVERNANCE 365 days", ">CloudTrail hipaa-trail<", ">SNS hipaa-alerts<", ">hipaa-key: yearly rotation<",
		">SSH 22<", ">SSH (ProxyJump)<", ">HTTPS out via NAT<", ">198.51.100.0/24<", ">203.0.113.0/25<",
		"flow logs: ALL to cloud-watch-logs, ALL to s3", "AWS account, region us-west-2", "e-mail to 2 addresses",
	} {
		assert.True(t, strings.Contains(string(svg), want), "the diagram lacks %q", want)
	}
}

func TestWrite(t *testing.T) {
	b := hipaaBundle(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	written, err := Write(dir, b, []string{"controls.md", "inventory.csv"})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "controls.md"), filepath.Join(dir, "inventory.csv")}, written)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2)
	_, err = Write(dir, b, []string{"report.pdf"})
	assert.EqualError(t, err, `"report.pdf" is not a report file: choose from controls.md, inventory.csv, plan.json, architecture.svg, provenance.json`)
}
