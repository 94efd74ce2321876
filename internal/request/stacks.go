package request

import (
	"fmt"
	"net/netip"
	"path/filepath"

	"github.com/sce-dev/sce/internal/awsarn"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// Project is what approve needs to know about an existing stack.
type Project struct {
	// Stack is the stack name; Path its file.
	Stack, Path string
	// PIT is sce:pit, or the stack name when unset.
	PIT string
	// Kind is sce:kind ("" means environment).
	Kind string
	// Region and Zone are aws:region and sce:availabilityZone.
	Region, Zone string
	// VPC is sce:vpcCidr; invalid when the stack has none (a baseline).
	VPC netip.Prefix
	// Account is the AWS account of sce:adminRoleArn, the role that
	// deploys the stack; "" when the stack names no such role.
	Account string
}

// ScanStacks reads every stack file in dir. A stack file that cannot be read
// is an error: its VPC block would be unknown, and a new block could overlap it.
func ScanStacks(dir string) ([]Project, error) {
	names, err := stackfile.List(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Project, 0, len(names))
	for _, name := range names {
		p, err := readProject(dir, name)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func readProject(dir, stack string) (Project, error) {
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	cfg, f, err := stacks.ReadFile(path)
	if err != nil {
		return Project{}, fmt.Errorf("existing stack %s cannot be read, so its VPC block is unknown; fix it first: %w", stack, err)
	}
	p := Project{Stack: stack, Path: path, PIT: cfg.PITOf(stack), Kind: string(cfg.Kind), Region: cfg.Region,
		Zone: cfg.AvailabilityZone, Account: awsarn.Account(cfg.AdminRoleArn)}
	if cfg.VpcCidr != "" {
		if p.VPC, err = netip.ParsePrefix(cfg.VpcCidr); err != nil {
			return Project{}, f.Locate(sce.ValidationErrors{{Key: stacks.KeyVpcCidr, Message: fmt.Sprintf(
				"%q is not a CIDR block, so the blocks in use are unknown; fix it first", cfg.VpcCidr)}})
		}
	}
	return p, nil
}

// findPIT returns the existing project that uses pit, as its stack name or
// its sce:pit.
func findPIT(projects []Project, pit string) (Project, bool) {
	for _, p := range projects {
		if p.Stack == pit || p.PIT == pit {
			return p, true
		}
	}
	return Project{}, false
}

// PoolFullError says that no block of the pool is free.
type PoolFullError struct {
	// Pool is the exhausted pool; Site the file that defines it.
	Pool Pool
	Site string
	// Used is how many candidate blocks overlap existing stacks.
	Used int
}

// Error says how to add room.
func (e *PoolFullError) Error() string {
	return fmt.Sprintf("the VPC pool is full: all %d /%d blocks of %v overlap existing stacks; add a block to vpcPool.cidrs in %s, or close out a finished project and move its stack file into the stacks directory's closed/ subdirectory",
		e.Used, e.Pool.PrefixLength, e.Pool.CIDRs, e.Site)
}

// Allocate returns the first /PrefixLength block of the pool, in order, that
// overlaps none of used, whatever their sizes. A pool block the prefix
// length does not fit in (LoadSite refuses it) holds no candidate.
func (p Pool) Allocate(used []netip.Prefix) (netip.Prefix, bool) {
	for _, block := range p.CIDRs {
		if !p.fits(block) {
			continue
		}
		step := uint64(1) << (32 - p.PrefixLength)
		count := uint64(1) << (p.PrefixLength - block.Bits())
		base := ipv4Uint(block.Addr())
		for i := range count {
			cand := netip.PrefixFrom(uint32IP(uint32(base+i*step)), p.PrefixLength)
			if !overlapsAny(cand, used) {
				return cand, true
			}
		}
	}
	return netip.Prefix{}, false
}

// size is how many blocks the pool holds.
func (p Pool) size() int {
	n := 0
	for _, b := range p.CIDRs {
		if p.fits(b) {
			n += 1 << (p.PrefixLength - b.Bits())
		}
	}
	return n
}

// fits reports whether /PrefixLength blocks fit in block and in sce's VPC
// sizes: the shifts of Allocate and size stay in range.
func (p Pool) fits(block netip.Prefix) bool {
	return p.PrefixLength >= minPrefixLength && p.PrefixLength <= maxPrefixLength && block.Bits() <= p.PrefixLength
}

func overlapsAny(p netip.Prefix, used []netip.Prefix) bool {
	for _, u := range used {
		if u.Overlaps(p) {
			return true
		}
	}
	return false
}

func ipv4Uint(a netip.Addr) uint64 {
	b := a.As4()
	return uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
}

func uint32IP(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// usedBlocks are the VPC blocks of every existing stack.
func usedBlocks(projects []Project) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range projects {
		if p.VPC.IsValid() {
			out = append(out, p.VPC)
		}
	}
	return out
}
