package network

import (
	"fmt"
	"net/netip"
	"slices"
)

// Layout is where the environment's subnets sit inside the VPC block.
// Index i of Public and Private is availability zone i.
type Layout struct {
	// Public are the public subnets' blocks (bastion, NAT gateway).
	Public []netip.Prefix
	// Private are the private subnets' blocks (workers, PHI).
	Private []netip.Prefix
}

// Subnets returns every subnet of the layout, public ones first.
func (l Layout) Subnets() []netip.Prefix {
	return append(append([]netip.Prefix{}, l.Public...), l.Private...)
}

// CarveSubnets splits vpc into equal blocks and assigns them in order:
// public zone a, private zone a, public zone b, private zone b. Blocks are /24
// (the common layout) when the VPC is /22 or larger, otherwise a quarter of
// the VPC, so two zones always fit. zones is 1 or 2.
func CarveSubnets(vpc netip.Prefix, zones int) (Layout, error) {
	if zones < 1 || zones > 2 {
		return Layout{}, fmt.Errorf("carve subnets: %d zones requested, 1 or 2 supported", zones)
	}
	if !vpc.Addr().Is4() || vpc.Bits() < 16 || vpc.Bits() > 24 {
		return Layout{}, fmt.Errorf("carve subnets: %s is not an IPv4 block from /16 to /24", vpc)
	}
	bits := max(vpc.Bits()+2, 24)
	var layout Layout
	for zone := range zones {
		layout.Public = append(layout.Public, nthBlock(vpc.Masked(), bits, 2*zone))
		layout.Private = append(layout.Private, nthBlock(vpc.Masked(), bits, 2*zone+1))
	}
	return layout, nil
}

// nthBlock returns the n-th block of size /bits inside parent.
func nthBlock(parent netip.Prefix, bits, n int) netip.Prefix {
	base := parent.Addr().As4()
	v := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	v += uint32(n) << (32 - bits)
	addr := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	return netip.PrefixFrom(addr, bits)
}

// IsRFC1918 reports whether p lies entirely inside a private range of RFC 1918.
func IsRFC1918(p netip.Prefix) bool {
	for _, r := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} {
		private := netip.MustParsePrefix(r)
		if private.Bits() <= p.Bits() && private.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// Contains reports whether outer contains all of inner.
func Contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// Addresses is how many IPv4 addresses the blocks cover together, each
// address counted once: a block inside another listed block adds nothing
// (two CIDR blocks are either disjoint or one contains the other).
func Addresses(blocks []netip.Prefix) uint64 {
	var n uint64
	for i, b := range blocks {
		inside := slices.ContainsFunc(blocks[:i], func(o netip.Prefix) bool { return Contains(o, b) }) ||
			slices.ContainsFunc(blocks[i+1:], func(o netip.Prefix) bool { return Contains(o, b) && o != b })
		if !inside {
			n += 1 << (32 - b.Bits())
		}
	}
	return n
}
