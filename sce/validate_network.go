package sce

import (
	"fmt"
	"github.com/sce-dev/sce/sce/internal/network"
	"net/netip"
	"strconv"
)

// validateNetwork checks the VPC block, zones, subnet overrides and the SSH
// client networks.
func validateNetwork(errs *ValidationErrors, region string, n NetworkArgs, access AccessMode) {
	vpc, ok := validateVpcCidr(errs, n.VpcCidr)
	if knownRegion(region) {
		validateZones(errs, region, n)
	}
	if ok {
		validateSubnetOverrides(errs, vpc, n)
	}
	if access.HasBastion() {
		validateSSHCidrs(errs, n.AllowedSSHCidrs)
	} else if len(n.AllowedSSHCidrs) > 0 {
		errs.add("allowedSshCidrs", "is for the bastion, and sce:access is session-manager, which opens no port to the internet: remove sce:allowedSshCidrs")
	}
}

func validateVpcCidr(errs *ValidationErrors, cidr string) (netip.Prefix, bool) {
	if cidr == "" {
		errs.add("vpcCidr", "is required: an RFC 1918 block from /16 to /24 that no other project uses, for example 10.20.0.0/16")
		return netip.Prefix{}, false
	}
	p, msg := parseIPv4Block(cidr)
	switch {
	case !p.IsValid() || !p.Addr().Is4():
		errs.add("vpcCidr", "%q %s", cidr, msg)
	case !network.IsRFC1918(p):
		errs.add("vpcCidr", "%q is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", cidr)
	case p.Bits() < minVpcBits || p.Bits() > maxVpcBits:
		errs.add("vpcCidr", "%q is /%d: use a block from /%d to /%d, for example %s", cidr, p.Bits(), minVpcBits, maxVpcBits,
			netip.PrefixFrom(p.Addr(), min(max(p.Bits(), minVpcBits), maxVpcBits)).Masked())
	case msg != "":
		errs.add("vpcCidr", "%q %s", cidr, msg) // host bits: the masked block is private and of a size sce takes
	default:
		return p, true
	}
	return p, false
}

// AcceptedVpcCidr returns the block of cidr when sce:vpcCidr would accept
// it (a private IPv4 block from /16 to /24 without host bits), and false
// otherwise: what the stack's own validation then reports.
func AcceptedVpcCidr(cidr string) (netip.Prefix, bool) {
	return validateVpcCidr(&ValidationErrors{}, cidr)
}

// The sizes of a VPC block sce takes, as prefix lengths.
const (
	minVpcBits = 16
	maxVpcBits = 24
)

func validateZones(errs *ValidationErrors, region string, n NetworkArgs) {
	if n.AvailabilityZone == "" {
		errs.add("availabilityZone", "is required: one zone of %s, for example %sa", region, region)
	} else if msg := zoneProblem(n.AvailabilityZone, region); msg != "" {
		errs.add("availabilityZone", "%q %s", n.AvailabilityZone, msg)
	}
	switch {
	case n.SecondAvailabilityZone == "":
	case n.SecondAvailabilityZone == n.AvailabilityZone:
		errs.add("secondAvailabilityZone", "%q is the same as sce:availabilityZone: choose another zone or leave it unset", n.SecondAvailabilityZone)
	default:
		if msg := zoneProblem(n.SecondAvailabilityZone, region); msg != "" {
			errs.add("secondAvailabilityZone", "%q %s", n.SecondAvailabilityZone, msg)
		}
	}
}

// validateSubnetOverrides checks explicit subnet blocks: inside the VPC, from
// /16 to /28, and not overlapping each other or the carved second zone.
func validateSubnetOverrides(errs *ValidationErrors, vpc netip.Prefix, n NetworkArgs) {
	overrides := []struct{ key, cidr string }{{"publicSubnetCidr", n.PublicSubnetCidr}, {"privateSubnetCidr", n.PrivateSubnetCidr}}
	bad := false
	for _, o := range overrides {
		if o.cidr == "" {
			continue
		}
		p, msg := parseIPv4Block(o.cidr)
		switch {
		case !p.IsValid() || !p.Addr().Is4():
			errs.add(o.key, "%q %s", o.cidr, msg)
		case p.Bits() > 28:
			errs.add(o.key, "%q is /%d: AWS subnets are /16 to /28", o.cidr, p.Bits())
		case !network.Contains(vpc, p):
			errs.add(o.key, "%q is not inside sce:vpcCidr %s: choose a block inside it", o.cidr, vpc)
		case msg != "":
			errs.add(o.key, "%q %s", o.cidr, msg) // host bits: the masked block is inside the VPC and not too small
		default:
			continue
		}
		bad = true
	}
	if bad {
		return // overlap is only meaningful between valid blocks
	}
	if _, err := n.layout(); err != nil {
		errs.add(overlapKey(n), "%s: %s", err, overlapFix(n))
	}
}

// overlapKey is the subnet key an overlap is reported on: the block the
// stack sets, since a block left unset is carved from sce:vpcCidr.
func overlapKey(n NetworkArgs) string {
	if n.PrivateSubnetCidr == "" {
		return "publicSubnetCidr"
	}
	return "privateSubnetCidr"
}

// overlapFix says how to end an overlap, naming what sce carved.
func overlapFix(n NetworkArgs) string {
	switch {
	case n.PrivateSubnetCidr == "":
		return "choose a public block outside the carved ones, or set sce:privateSubnetCidr too"
	case n.PublicSubnetCidr == "":
		return "choose a private block outside the carved ones, or set sce:publicSubnetCidr too"
	}
	return "choose blocks that do not overlap"
}

// MaxSSHCidrs is how many client blocks sce:allowedSshCidrs may list: a
// network ACL holds 20 inbound rules by default, and the public one also
// needs a rule for the VPC and one for return traffic.
const MaxSSHCidrs = 18

// MinSSHCidrBits is the broadest block sce:allowedSshCidrs takes, as a
// prefix length: a /8 is the largest block one organization holds (the
// old class A networks of a few universities and companies), so anything
// broader spans networks no institution answers for. The VPC has no IPv6,
// so no IPv6 block is taken at all.
const MinSSHCidrBits = 8

// maxSSHAddresses is how many addresses sce:allowedSshCidrs may cover
// together: two /8s (2^25, 1/128 of IPv4), a whole /8 campus and its VPN's
// ranges, not a share of the internet listed block by block.
const maxSSHAddresses = 1 << 25

func validateSSHCidrs(errs *ValidationErrors, cidrs []string) {
	if len(cidrs) == 0 {
		errs.add("allowedSshCidrs", "is required: the IPv4 blocks (campus, VPN) allowed to reach the bastion, for example [203.0.113.0/24]")
		return
	}
	if len(cidrs) > MaxSSHCidrs {
		errs.add("allowedSshCidrs", "lists %d blocks; at most %d fit the public network ACL (20 inbound rules by default, "+
			"2 of them for the VPC and for return traffic): merge blocks or use your VPN's range", len(cidrs), MaxSSHCidrs)
	}
	seen := map[netip.Prefix]bool{}
	var accepted []netip.Prefix
	acceptedAt := map[netip.Prefix]int{} // the item each accepted block is
	for i, c := range cidrs {
		key := "allowedSshCidrs[" + strconv.Itoa(i) + "]"
		if c == "::/0" || c == "0.0.0.0/0" {
			errs.add(key, "%q opens SSH to the whole internet: list your institution's or VPN's blocks instead", c)
			continue
		}
		p, msg := parseIPv4Block(c)
		switch {
		case p.IsValid() && p.Bits() == 0:
			errs.add(key, "%q opens SSH to the whole internet: list your institution's or VPN's blocks instead", c)
		case p.IsValid() && p.Addr().Is4() && p.Bits() < MinSSHCidrBits:
			errs.add(key, "%q is /%d, broader than the /%d sce takes, and opens SSH to 1/%d of all IPv4 addresses: "+
				"list your institution's or VPN's blocks instead, each /%d or narrower", c, p.Bits(), MinSSHCidrBits, 1<<p.Bits(), MinSSHCidrBits)
		case msg != "":
			errs.add(key, "%q %s", c, msg)
		case seen[p]:
			errs.add(key, "%q is listed twice; list each block once", c)
		default:
			if q, nested := overlapping(accepted, p); nested {
				errs.add(key, "%s: list the broader block alone", nestedBlocks(p, c, q, acceptedAt[q], cidrs[acceptedAt[q]]))
				break
			}
			acceptedAt[p] = i
			accepted = append(accepted, p)
		}
		seen[p] = true
	}
	if n := network.Addresses(accepted); n > maxSSHAddresses {
		errs.add("allowedSshCidrs", "lists blocks that together open SSH to %d addresses, more than the %d (two /8s) sce takes: "+
			"list only your institution's and VPN's blocks", n, uint64(maxSSHAddresses))
	}
}

// overlapping is the first of blocks that overlaps p: for CIDR blocks, one
// inside the other.
func overlapping(blocks []netip.Prefix, p netip.Prefix) (netip.Prefix, bool) {
	for _, q := range blocks {
		if q.Overlaps(p) {
			return q, true
		}
	}
	return netip.Prefix{}, false
}

// nestedBlocks says which of the SSH blocks p (written pText) and q (item
// j, written qText) lies inside the other.
func nestedBlocks(p netip.Prefix, pText string, q netip.Prefix, j int, qText string) string {
	if q.Bits() <= p.Bits() {
		return fmt.Sprintf("%q is inside allowedSshCidrs[%d] %q, which already opens SSH to it", pText, j, qText)
	}
	return fmt.Sprintf("%q contains allowedSshCidrs[%d] %q, which it makes redundant", pText, j, qText)
}

// layout returns the subnet layout: carved from the VPC block, with the
// first zone's blocks replaced by any explicit overrides. It fails when
// blocks overlap. Callers validate the individual blocks first.
func (n NetworkArgs) layout() (network.Layout, error) {
	vpc, err := netip.ParsePrefix(n.VpcCidr)
	if err != nil {
		return network.Layout{}, fmt.Errorf("vpc block: %w", err)
	}
	zones := 1
	if n.SecondAvailabilityZone != "" {
		zones = 2
	}
	l, err := network.CarveSubnets(vpc, zones)
	if err != nil {
		return network.Layout{}, err
	}
	if n.PublicSubnetCidr != "" {
		l.Public[0] = netip.MustParsePrefix(n.PublicSubnetCidr)
	}
	if n.PrivateSubnetCidr != "" {
		l.Private[0] = netip.MustParsePrefix(n.PrivateSubnetCidr)
	}
	all, names := l.Subnets(), n.subnetNames(len(l.Public))
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if all[i].Overlaps(all[j]) {
				return network.Layout{}, fmt.Errorf("subnet blocks %s (%s) and %s (%s) overlap", all[i], names[i], all[j], names[j])
			}
		}
	}
	return l, nil
}

// subnetNames say where each block of Layout.Subnets comes from (public
// ones first, zone a then b): the key that sets it, or the carving.
func (n NetworkArgs) subnetNames(zones int) []string {
	names := make([]string, 0, 2*zones)
	for _, kind := range []struct{ kind, set string }{{"public", n.PublicSubnetCidr}, {"private", n.PrivateSubnetCidr}} {
		for z := range zones {
			switch {
			case z == 0 && kind.set != "":
				names = append(names, "sce:"+kind.kind+"SubnetCidr")
			case z == 0:
				names = append(names, "the "+kind.kind+" subnet carved from sce:vpcCidr")
			default:
				names = append(names, "the second zone's "+kind.kind+" subnet carved from sce:vpcCidr")
			}
		}
	}
	return names
}
