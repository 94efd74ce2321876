package sce

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLayoutOverrides(t *testing.T) {
	n := NetworkArgs{VpcCidr: "10.20.0.0/16", PublicSubnetCidr: "10.20.100.0/24", PrivateSubnetCidr: "10.20.128.0/20", SecondAvailabilityZone: "us-west-2b"}
	l, err := n.layout()
	require.NoError(t, err)
	assert.Equal(t, []string{"10.20.100.0/24", "10.20.2.0/24"}, prefixStrings(l.Public))
	assert.Equal(t, []string{"10.20.128.0/20", "10.20.3.0/24"}, prefixStrings(l.Private))

	n.PrivateSubnetCidr = "10.20.2.0/23"
	_, err = n.layout()
	assert.EqualError(t, err, "subnet blocks 10.20.2.0/24 (the second zone's public subnet carved from sce:vpcCidr) and "+
		"10.20.2.0/23 (sce:privateSubnetCidr) overlap")
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}
