package request

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/internal/pulumicmd"
	"github.com/sce-dev/sce/stacks"
)

// Config keys of the optional request sections: they are written only when
// the running sce knows them (stacks.KnownConfigKeys); otherwise the request
// is kept as a comment in the stack file and reported as not mapped.
const (
	keyResearchers = stacks.KeyResearchers
	keyWorkers     = stacks.KeyWorkers
	keyCostCenter  = "sce:costCenter"
	keyBudget      = stacks.KeyBudget
)

// source is where one config key's value came from: a field of the request
// or of the site file (or a flag), so that a problem found in the generated
// stack is reported where it can be fixed.
type source struct {
	file  string
	field string
	lines map[string]int
	// rename maps the config's sub-field names to the request's.
	rename map[string]string
	// whole means the request field is a single value: a problem with any
	// part of the config value is a problem with it.
	whole bool
}

// generated is a stack file made from a request, before it is written.
type generated struct {
	data     []byte
	sources  map[string]source
	unmapped []string
}

// generator builds the stack file of one approved request.
type generator struct {
	req   *Request
	site  *Site
	pit   string
	vpc   netip.Prefix
	known []string
	today time.Time

	config   *yaml.Node
	sources  map[string]source
	unmapped *yaml.Node
	notes    []string
}

// generate renders the stack file.
func (g *generator) generate() (*generated, error) {
	g.config = &yaml.Node{Kind: yaml.MappingNode}
	g.sources = map[string]source{}
	g.unmapped = &yaml.Node{Kind: yaml.MappingNode}
	g.addSite(stacks.KeyRegion)
	g.set(stacks.KeyPIT, str(g.pit), source{file: "--pit"})
	g.addRequestFields()
	g.set(stacks.KeyVpcCidr, str(g.vpc.String()), source{file: g.site.Path, field: "vpcPool", lines: g.site.Lines})
	g.config.Content[len(g.config.Content)-1].LineComment = fmt.Sprintf("first free /%d of the pool in %s",
		g.vpc.Bits(), g.site.Path)
	for _, e := range g.site.Config {
		if e.Key != stacks.KeyRegion {
			g.addSite(e.Key)
		}
	}
	g.addOptional()
	return g.render()
}

func (g *generator) addRequestFields() {
	r := g.req
	g.set(stacks.KeyTitle, quoted(r.Title), g.from("title", nil))
	g.set(stacks.KeyPrincipalInvestigator, quoted(r.PI.Name), g.from("principalInvestigator.name", nil))
	g.set(stacks.KeyOwner, quoted(r.PI.Email), g.from("principalInvestigator.email", nil))
	g.set(stacks.KeyIRBProtocol, quoted(r.IRB.Protocol), g.from("irb.protocol", nil))
	g.set(stacks.KeyStudyEndDate, quoted(iso(r.StudyEnd)), g.from("studyEndDate", nil))
	if r.DataClass != "" {
		g.set(stacks.KeyDataClass, str(r.DataClass), g.from("dataClass", nil))
	}
	g.set(stacks.KeyAllowedSSHCidrs, strs(r.AllowedClientCIDRs), g.from("allowedClientCidrs", nil))
}

// addSite copies a site config entry; the PI's address joins the alert list.
func (g *generator) addSite(key string) {
	for _, e := range g.site.Config {
		if e.Key != key {
			continue
		}
		value := e.Value
		if key == stacks.KeyAlertEmails && value.Kind == yaml.SequenceNode {
			value = g.alertEmails(value)
		}
		g.set(key, value, source{file: g.site.Path, field: "config." + key, lines: g.site.Lines})
		if key == stacks.KeyAlertEmails && len(value.Content) > len(e.Value.Content) {
			// the PI's address, added last: a problem with it is the request's
			pi := g.from("principalInvestigator.email", nil)
			pi.whole = true
			g.sources[fmt.Sprintf("%s[%d]", key, len(value.Content)-1)] = pi
		}
	}
}

// alertEmails appends the PI's address to the site's list, once.
func (g *generator) alertEmails(site *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.SequenceNode, Content: slices.Clone(site.Content)}
	for _, c := range site.Content {
		if strings.EqualFold(c.Value, g.req.PI.Email) {
			return out
		}
	}
	out.Content = append(out.Content, str(g.req.PI.Email))
	return out
}

// addOptional writes the researchers, workers, cost center and budget
// under the keys this sce knows, and keeps the rest as comments.
func (g *generator) addOptional() {
	r := g.req
	g.optional(keyResearchers, "researchers", g.researchersNode(), map[string]string{"publicKey": "sshPublicKey"}, true)
	if r.Lines["workers"] > 0 {
		g.optional(keyWorkers, "workers", g.workersNode(), nil, true)
	}
	// The header records the cost center and budget in any case.
	g.optional(keyCostCenter, "costCenter", quoted(r.CostCenter), nil, false)
	g.optional(keyBudget, "monthlyBudgetUsd", &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		str("monthlyUsd"), {Kind: yaml.ScalarNode, Value: budget(r.MonthlyBudgetUSD)},
	}}, nil, false)
	if src, ok := g.sources[keyBudget]; ok {
		src.whole = true
		g.sources[keyBudget] = src
	}
}

// optional writes a request section under key when sce knows the key;
// otherwise it is reported as unmapped and, with comment, kept as a comment.
func (g *generator) optional(key, field string, value *yaml.Node, rename map[string]string, comment bool) {
	if slices.Contains(g.known, key) {
		g.set(key, value, g.from(field, rename))
		return
	}
	g.notes = append(g.notes, field)
	if comment {
		g.unmapped.Content = append(g.unmapped.Content, str(field), requestNames(value, rename))
	}
}

func (g *generator) researchersNode() *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range g.req.Researchers {
		m := &yaml.Node{Kind: yaml.MappingNode}
		m.Content = append(m.Content, str("username"), str(r.Username), str("publicKey"), str(r.SSHPublicKey),
			str("email"), str(r.Email))
		if r.Admin {
			m.Content = append(m.Content, str("admin"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		list.Content = append(list.Content, m)
	}
	return list
}

func (g *generator) workersNode() *yaml.Node {
	w := g.req.Workers
	m := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, str("count"), integer(w.Count))
	if w.InstanceType != "" {
		m.Content = append(m.Content, str("instanceType"), str(w.InstanceType))
	}
	// Written whenever the request sets it: the stack file refuses a 0
	// (which would silently become the default) and a negative size, and
	// the problem is reported on the request's line.
	if g.req.Lines["workers.dataVolumeSizeGiB"] > 0 {
		m.Content = append(m.Content, str("dataVolumeSizeGiB"), integer(w.DataVolumeSizeGiB))
	}
	return m
}

// requestNames copies a config value with its sub-field names as the
// request spells them, for the comment that keeps an unmapped section.
func requestNames(n *yaml.Node, rename map[string]string) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && rename[child.Value] != "" {
			c.Content[i] = str(rename[child.Value])
			continue
		}
		c.Content[i] = requestNames(child, rename)
	}
	return &c
}

func (g *generator) from(field string, rename map[string]string) source {
	return source{file: g.req.Path, field: field, lines: g.req.Lines, rename: rename}
}

func (g *generator) set(key string, value *yaml.Node, src source) {
	g.config.Content = append(g.config.Content, str(key), value)
	g.sources[key] = src
}

// render encodes the file: a header that records the request, the config,
// and the sections this sce cannot map yet as comments.
func (g *generator) render() (*generated, error) {
	body, err := encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("config"), g.config}})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString(g.header())
	out.Write(body)
	if err := g.writeUnmapped(&out); err != nil {
		return nil, err
	}
	return &generated{data: out.Bytes(), sources: g.sources, unmapped: g.notes}, nil
}

func (g *generator) header() string {
	r := g.req
	lines := []string{
		fmt.Sprintf("Project %s: %s", g.pit, r.Title),
		fmt.Sprintf("Generated by `sce request approve` on %s from %s.", iso(g.today), r.Path),
		fmt.Sprintf("PI %s <%s>; study ends %s.", r.PI.Name, r.PI.Email, iso(r.StudyEnd)),
		fmt.Sprintf("IRB %s approved %s, valid until %s.", r.IRB.Protocol, iso(r.IRB.ApprovedOn), iso(r.IRB.ExpiresOn)),
		fmt.Sprintf("Cost center %s; monthly budget USD %s.", r.CostCenter, budget(r.MonthlyBudgetUSD)),
		fmt.Sprintf("Check it offline with `go run ./cmd/sce plan %s` and commit it; to deploy, run %s.", g.pit, pulumicmd.Deploy("go run ./cmd/sce", g.pit)),
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("# " + oneLine(l) + "\n")
	}
	return b.String()
}

func (g *generator) writeUnmapped(out *bytes.Buffer) error {
	if len(g.unmapped.Content) == 0 {
		return nil
	}
	data, err := encode(g.unmapped)
	if err != nil {
		return err
	}
	out.WriteString("  # Requested, but this version of sce has no config key for it yet: set it here\n")
	out.WriteString("  # once sce has one (docs/configuration.md lists the keys).\n")
	for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		out.WriteString(strings.TrimRight("  #   "+l, " ") + "\n")
	}
	return nil
}

// encode renders YAML with two-space indentation, as the stack files use.
func encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("render stack file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("render stack file: %w", err)
	}
	return b.Bytes(), nil
}

func budget(usd float64) string { return strconv.FormatFloat(usd, 'f', -1, 64) }

// oneLine keeps user text on one comment line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func str(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// quoted is free text, always double-quoted as the shipped stack files do.
func quoted(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle}
}

func integer(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}

func strs(vs []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for _, v := range vs {
		n.Content = append(n.Content, str(v))
	}
	return n
}
