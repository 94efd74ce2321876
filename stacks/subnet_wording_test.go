package stacks_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// TestSubnetWording: the configuration reference says which subnets a VPC
// block gets, and the plan carves exactly those.
func TestSubnetWording(t *testing.T) {
	data, err := os.ReadFile("../docs/configuration.md")
	require.NoError(t, err)
	ref := string(data)
	for _, tt := range []struct{ vpc, subnet, words string }{
		{"10.40.0.0/16", "/24", "/24s from a /16 to /22 VPC"},
		{"10.40.0.0/22", "/24", "/24s from a /16 to /22 VPC"},
		{"10.40.0.0/23", "/25", "/25s from a /23"},
		{"10.40.0.0/24", "/26", "/26s from a /24"},
	} {
		t.Run(tt.vpc, func(t *testing.T) {
			assert.Contains(t, ref, tt.words)
			p, err := planWithChanges(t, "hipaa", map[string]string{"sce:vpcCidr": tt.vpc})
			require.NoError(t, err)
			assert.Equal(t, []string{"hipaa-private-subnet " + tt.subnet, "hipaa-public-subnet " + tt.subnet}, subnetSizes(p))
		})
	}
}

// subnetSizes lists each subnet of p with its prefix length.
func subnetSizes(p *plan.Plan) []string {
	var out []string
	for _, r := range p.Resources {
		if r.Type == awstype.EC2Subnet {
			cidr := fmt.Sprint(r.Inputs["cidrBlock"])
			out = append(out, r.Name+" "+cidr[strings.Index(cidr, "/"):])
		}
	}
	return out
}
