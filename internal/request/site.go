package request

import (
	"fmt"
	"net/netip"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/stacks"
)

// DefaultSitePath is where the site settings live in the repository.
const DefaultSitePath = "stacks/site.yaml"

// Site holds what IT decides for every project, from stacks/site.yaml: the
// config every stack file starts from, the pool VPC blocks are allocated
// from, and the account's regional quotas.
type Site struct {
	// Path is the file, as given.
	Path string
	// Config are the config entries copied into every generated stack file.
	Config []ConfigEntry
	// Pool is where VPC blocks come from.
	Pool Pool
	// Quotas are the account's regional quotas (AWS defaults unless raised).
	Quotas Quotas
	// Lines maps every field path to its line.
	Lines map[string]int
}

// ConfigEntry is one config key of the site file and its YAML value.
type ConfigEntry struct {
	// Key is the namespaced config key, for example "aws:region".
	Key string
	// Value is the value as written.
	Value *yaml.Node
}

// The VPC sizes sce accepts (sce:vpcCidr): /16 to /24.
const (
	minPrefixLength = 16
	maxPrefixLength = 24
)

// Pool is the address space VPC blocks are carved from.
type Pool struct {
	// CIDRs are the pool's blocks, used in order.
	CIDRs []netip.Prefix
	// PrefixLength is the size of each project's VPC block, 16 to 24.
	PrefixLength int
}

// Quotas are the regional service quotas approve warns about.
type Quotas struct {
	// VPCsPerRegion is Amazon VPC's "VPCs per Region" (default 5).
	VPCsPerRegion int
	// ElasticIPsPerRegion is Amazon EC2's "EC2-VPC Elastic IPs" (default 5).
	ElasticIPsPerRegion int
	// NATGatewaysPerAZ is Amazon VPC's "NAT gateways per Availability Zone" (default 5).
	NATGatewaysPerAZ int
}

// DefaultQuotas are AWS's default regional quotas.
func DefaultQuotas() Quotas {
	return Quotas{VPCsPerRegion: 5, ElasticIPsPerRegion: 5, NATGatewaysPerAZ: 5}
}

// requestKeys are the config keys that come from the request or from
// approve itself, never from the site file.
var requestKeys = []string{
	stacks.KeyPIT, stacks.KeyTitle, stacks.KeyPrincipalInvestigator, stacks.KeyOwner, stacks.KeyIRBProtocol, stacks.KeyStudyEndDate,
	stacks.KeyDataClass, stacks.KeyVpcCidr, stacks.KeyAllowedSSHCidrs, stacks.KeyResearchers, stacks.KeyWorkers, stacks.KeyKind,
}

// LoadSite reads and checks the site file.
func LoadSite(path string) (*Site, error) {
	data, err := readInput(path, "site settings file", fmt.Sprintf("pass --site, or create %s as docs/lifecycle.md shows", DefaultSitePath))
	if err != nil {
		return nil, err
	}
	s := &Site{Path: path, Quotas: DefaultQuotas()}
	lines, err := parseDocument(path, data, s.specs)
	if err != nil {
		return nil, err
	}
	s.Lines = lines
	return s, nil
}

func (s *Site) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"config", "the config keys every project's stack file starts with (aws:region, sce:availabilityZone, sce:adminRoleArn, sce:alertEmails)", s.readConfig(w)},
		{"vpcPool", "cidrs: and prefixLength: of the pool VPC blocks are allocated from", func(f string, n *yaml.Node) {
			w.mapping(f, w.lines[f], n, s.Pool.specs(w))
			s.Pool.check(w, f)
		}},
		{"quotas", "", func(f string, n *yaml.Node) { w.mapping(f, w.lines[f], n, s.Quotas.specs(w)) }},
	}
}

// readConfig reads the config mapping: namespaced keys, each once, none of
// the keys that come from the request, and aws:region and
// sce:availabilityZone present (the quota checks need them).
func (s *Site) readConfig(w *walker) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			w.fail(n.Line, field, "must be a mapping of namespace:key: value lines, as in a stack file")
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			s.configEntry(w, field, n.Content[i], resolve(n.Content[i+1]))
		}
		for _, key := range []string{stacks.KeyRegion, stacks.KeyAvailabilityZone} {
			if s.ConfigValue(key) == "" {
				w.fail(w.lines[field], join(field, key), "is missing: every project needs it, for example %s", exampleOf(key))
			}
		}
	}
}

func (s *Site) configEntry(w *walker, field string, k, v *yaml.Node) {
	path := join(field, k.Value)
	switch {
	case w.lines[path] > 0:
		w.fail(k.Line, path, "set twice (first on line %d): keep one", w.lines[path])
	case slices.Contains(requestKeys, k.Value):
		w.fail(k.Line, path, "comes from each request (or from approve), not from the site: remove it here")
	default:
		w.lines[path] = k.Line
		s.Config = append(s.Config, ConfigEntry{Key: k.Value, Value: v})
	}
}

func exampleOf(key string) string {
	if key == stacks.KeyRegion {
		return "us-west-2"
	}
	return "us-west-2a"
}

// ConfigValue is a scalar site config value, or "".
func (s *Site) ConfigValue(key string) string {
	for _, e := range s.Config {
		if e.Key == key && e.Value.Kind == yaml.ScalarNode {
			return e.Value.Value
		}
	}
	return ""
}

func (p *Pool) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"cidrs", "the pool's blocks, for example - 10.16.0.0/12", func(f string, n *yaml.Node) {
			w.list(f, n, "10.16.0.0/12", func(item string, c *yaml.Node) {
				if s, ok := w.scalar(item, c, "10.16.0.0/12"); ok {
					p.addCIDR(w, item, c.Line, s)
				}
			})
		}},
		{"prefixLength", "the size of each project's block, 16 to 24, for example 20", w.integer(&p.PrefixLength, "20")},
	}
}

// addCIDR checks and adds one pool block: canonical, private, not
// overlapping the blocks before it.
func (p *Pool) addCIDR(w *walker, field string, line int, s string) {
	b, err := netip.ParsePrefix(s)
	switch {
	case err != nil || !b.Addr().Is4():
		w.fail(line, field, "%q is not an IPv4 block such as 10.16.0.0/12", s)
		return
	case b.Masked() != b:
		w.fail(line, field, "%q has host bits set: write %s", s, b.Masked())
		return
	case !isPrivate(b):
		w.fail(line, field, "%q is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", s)
		return
	}
	for _, other := range p.CIDRs {
		if other.Overlaps(b) {
			w.fail(line, field, "%s overlaps %s, already in the pool: list each address once", b, other)
			return
		}
	}
	p.CIDRs = append(p.CIDRs, b)
}

// check verifies that the prefix length fits every pool block and sce's
// VPC limits, 0 and negative values included. A prefix length that is
// missing or not a number is already reported.
func (p *Pool) check(w *walker, field string) {
	f := join(field, "prefixLength")
	line, set := w.lines[f]
	if !set || w.failed(f) {
		return
	}
	if p.PrefixLength < minPrefixLength || p.PrefixLength > maxPrefixLength {
		w.fail(line, f, "%d is outside sce's VPC sizes: use %d to %d", p.PrefixLength, minPrefixLength, maxPrefixLength)
		return
	}
	for _, b := range p.CIDRs {
		if b.Bits() > p.PrefixLength {
			w.fail(line, f, "/%d blocks do not fit in the pool block %s: use a prefix length of at least %d", p.PrefixLength, b, b.Bits())
		}
	}
}

func (q *Quotas) specs(w *walker) []fieldSpec {
	return []fieldSpec{
		{"vpcsPerRegion", "", quota(w, &q.VPCsPerRegion, "5")},
		{"elasticIpsPerRegion", "", quota(w, &q.ElasticIPsPerRegion, "5")},
		{"natGatewaysPerAz", "", quota(w, &q.NATGatewaysPerAZ, "5")},
	}
}

// quota reads a service quota into dst: a whole number, 1 or more (a quota
// below that would make every warning about it meaningless).
func quota(w *walker, dst *int, example string) func(string, *yaml.Node) {
	read := w.integer(dst, example)
	return func(field string, n *yaml.Node) {
		read(field, n)
		if !w.failed(field) && *dst < 1 {
			w.fail(n.Line, field, "%d is not a quota: give the account's quota as Service Quotas shows it, 1 or more, "+
				"for example %s, or remove the key for AWS's default", *dst, example)
		}
	}
}

var privateBlocks = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"),
}

func isPrivate(p netip.Prefix) bool {
	for _, b := range privateBlocks {
		if b.Bits() <= p.Bits() && b.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// lineOf is the line of field, or of its nearest enclosing field that has
// one ("researchers[1].email" falls back to "researchers[1]", then
// "researchers"); 0 when none has.
func lineOf(lines map[string]int, field string) int {
	for field != "" {
		if l, ok := lines[field]; ok {
			return l
		}
		field = parentField(field)
	}
	return 0
}

// parentField drops the last ".name" or "[i]" of a field path.
func parentField(field string) string {
	for i := len(field) - 1; i >= 0; i-- {
		if field[i] == '.' || field[i] == '[' {
			return field[:i]
		}
	}
	return ""
}
