package network

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCarveSubnets(t *testing.T) {
	cases := []struct {
		vpc            string
		zones          int
		public, privat []string
	}{
		{"10.20.0.0/16", 1, []string{"10.20.0.0/24"}, []string{"10.20.1.0/24"}},
		{"10.20.0.0/16", 2, []string{"10.20.0.0/24", "10.20.2.0/24"}, []string{"10.20.1.0/24", "10.20.3.0/24"}},
		{"192.168.4.0/22", 2, []string{"192.168.4.0/24", "192.168.6.0/24"}, []string{"192.168.5.0/24", "192.168.7.0/24"}},
		{"172.16.8.0/23", 1, []string{"172.16.8.0/25"}, []string{"172.16.8.128/25"}},
		{"10.1.2.0/24", 2, []string{"10.1.2.0/26", "10.1.2.128/26"}, []string{"10.1.2.64/26", "10.1.2.192/26"}},
	}
	for _, c := range cases {
		t.Run(c.vpc, func(t *testing.T) {
			l, err := CarveSubnets(netip.MustParsePrefix(c.vpc), c.zones)
			require.NoError(t, err)
			assert.Equal(t, c.public, prefixStrings(l.Public))
			assert.Equal(t, c.privat, prefixStrings(l.Private))
			all := l.Subnets()
			for i := range all {
				assert.True(t, Contains(netip.MustParsePrefix(c.vpc), all[i]), "%s inside the VPC", all[i])
				for j := i + 1; j < len(all); j++ {
					assert.False(t, all[i].Overlaps(all[j]), "%s and %s overlap", all[i], all[j])
				}
			}
		})
	}
}

func TestCarveSubnetsRefuses(t *testing.T) {
	_, err := CarveSubnets(netip.MustParsePrefix("10.0.0.0/8"), 1)
	assert.EqualError(t, err, "carve subnets: 10.0.0.0/8 is not an IPv4 block from /16 to /24")
	_, err = CarveSubnets(netip.MustParsePrefix("10.0.0.0/16"), 3)
	assert.EqualError(t, err, "carve subnets: 3 zones requested, 1 or 2 supported")
	_, err = CarveSubnets(netip.MustParsePrefix("fd00::/56"), 1)
	assert.EqualError(t, err, "carve subnets: fd00::/56 is not an IPv4 block from /16 to /24")
}

func TestIsRFC1918(t *testing.T) {
	for cidr, want := range map[string]bool{
		"10.0.0.0/8": true, "10.255.0.0/16": true, "172.16.0.0/12": true, "172.31.0.0/16": true,
		"172.32.0.0/16": false, "192.168.0.0/16": true, "192.169.0.0/16": false, "100.64.0.0/16": false, "9.0.0.0/8": false,
	} {
		assert.Equal(t, want, IsRFC1918(netip.MustParsePrefix(cidr)), cidr)
	}
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestAddressesCountsEachAddressOnce(t *testing.T) {
	blocks := func(s ...string) []netip.Prefix {
		out := make([]netip.Prefix, len(s))
		for i, b := range s {
			out[i] = netip.MustParsePrefix(b)
		}
		return out
	}
	assert.Equal(t, uint64(0), Addresses(nil))
	assert.Equal(t, uint64(256+256), Addresses(blocks("198.51.100.0/24", "203.0.113.0/24")))
	assert.Equal(t, uint64(1<<24), Addresses(blocks("18.1.0.0/16", "18.0.0.0/8", "18.0.0.0/8", "18.2.3.0/24")), "blocks inside another, and a repeat, add nothing")
	assert.Equal(t, uint64(1<<32), Addresses(blocks("0.0.0.0/1", "128.0.0.0/1")))
}
