package report

import (
	"bytes"
	"fmt"
	"strings"

	svg "github.com/ajstarks/svgo"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// Diagram columns and widths, in pixels.
const (
	minWidth     = 900
	outsideX     = 24
	outsideW     = 210
	regionX      = 300
	vpcX         = 400
	vpcW         = 720
	servicesX    = 1220 // right of a VPC; without one, the services start at the region's left
	servicesW    = 350
	rowGap       = 60
	subnetGap    = 20
	subnetLeft   = 90 // room for the internet gateway on the VPC's left edge
	subnetRight  = 85 // room for the S3 endpoint on its right edge
	corridor     = 30 // room for arrows on both sides of the nodes in a subnet
	nodeGap      = 14
	subnetHeader = 70
)

// layout holds the placed elements of a diagram: single ones by name,
// nodes by kind (bastion, worker, nat) and subnets by kind (public, private).
type layout struct {
	sx      int // left of the services column
	at      map[string]rect
	nodes   map[string][]rect
	subnets map[string][]rect
	height  int
}

// Diagram draws the architecture of p, the plan of a stack with config cfg,
// as SVG: the internet side, the VPC
// with its subnets and instances, the S3 endpoint, the buckets and the audit
// and alert services, with arrows for the traffic between them. Only
// github.com/ajstarks/svgo draws it: no external program.
func Diagram(p *plan.Plan, cfg stacks.Config) []byte {
	t := readTopology(p, cfg)
	l := layout{sx: servicesX, at: map[string]rect{}, nodes: map[string][]rect{}, subnets: map[string][]rect{}}
	if len(t.vpcs) == 0 {
		l.sx = outsideX + 30
	}
	width := max(minWidth, l.sx+servicesW+35)
	var body bytes.Buffer
	d := drawer{c: svg.New(&body)}
	bottom := max(l.drawVPCs(d, t), l.drawServices(d, t))
	l.height = bottom + 40
	if len(t.vpcs) > 0 {
		l.drawOutside(d, t)
		l.height += 40
		d.legend(outsideX, l.height-30)
	}
	l.drawArrows(d, t)

	var out bytes.Buffer
	c := svg.New(&out)
	c.Start(width, l.height, fmt.Sprintf(`viewBox="0 0 %d %d"`, width, l.height),
		`font-family="DejaVu Sans, Arial, Helvetica, sans-serif"`)
	c.Title(fmt.Sprintf("sce %s: architecture from the offline plan", t.stack))
	c.Rect(0, 0, width, l.height, "fill:#ffffff")
	drawer{c: c}.defs()
	c.Text(outsideX, 40, fmt.Sprintf("sce · stack %s · architecture from the offline plan", t.stack),
		"font-size:24px;font-weight:bold;fill:#1d2733")
	c.Text(outsideX, 64, fmt.Sprintf("%d resources in %s; drawn by `sce report` from the plan, AWS was not contacted",
		t.resources, orDefault(t.region, "(no region)")), "font-size:14px;fill:#555555")
	region := rect{min(regionX, l.sx-30), 90, l.sx + servicesW + 15 - min(regionX, l.sx-30), bottom - 90 + 25}
	drawer{c: c}.frame(region, "region", "AWS account, region "+orDefault(t.region, "?"), false)
	out.Write(body.Bytes())
	c.End()
	return out.Bytes()
}

// drawVPCs draws each VPC below the previous one and returns the bottom.
func (l *layout) drawVPCs(d drawer, t topology) int {
	y := 150
	for _, v := range t.vpcs {
		y = l.drawVPC(d, v, y) + rowGap
	}
	return y - rowGap
}

// drawVPC draws one VPC from top y and returns its bottom.
func (l *layout) drawVPC(d drawer, v vpcView, y int) int {
	pubH, privH := rowHeight(v.public), rowHeight(v.private)
	h := 50 + pubH + rowGap + privH + 40
	r := rect{vpcX, y, vpcW, h}
	d.frame(r, "vpc", "VPC "+v.title+"  ("+strings.Join(v.details, "")+")", false)
	l.drawRow(d, v.public, "public", y+45, pubH)
	l.drawRow(d, v.private, "private", y+45+pubH+rowGap, privH)
	if v.igw != "" {
		gw := rect{vpcX - 55, y + 55, 110, pubH - 20}
		d.card(gw, "gateway", box{title: "internet", details: []string{"gateway"}})
		l.at["igw"] = gw
	}
	if v.endpoint != "" {
		ep := rect{vpcX + vpcW - 70, y + 45 + pubH + rowGap + privH/2 - 32, 140, 64}
		d.card(ep, "gateway", box{title: "S3 endpoint", details: []string{"gateway, policy"}})
		l.at["endpoint"] = ep
	}
	if v.flowLogs != "" {
		d.c.Text(vpcX+14, y+h-14, "flow logs: "+v.flowLogs, "font-size:13px;fill:#3b6ea8")
	}
	l.at["vpc"] = r
	return y + h
}

// rowHeight is the height of the tallest subnet of a row.
func rowHeight(subnets []subnetView) int {
	h := 110
	for _, s := range subnets {
		n := subnetHeader
		for _, b := range s.nodes {
			n += boxHeight(b) + nodeGap
		}
		h = max(h, n)
	}
	return h
}

// drawRow draws subnets side by side at top y, each h tall.
func (l *layout) drawRow(d drawer, subnets []subnetView, kind string, y, h int) {
	if len(subnets) == 0 {
		return
	}
	inner := vpcW - subnetLeft - subnetRight
	w := (inner - (len(subnets)-1)*subnetGap) / len(subnets)
	for i, s := range subnets {
		r := rect{vpcX + subnetLeft + i*(w+subnetGap), y, w, h}
		d.frame(r, kind, kind+" subnet", false)
		d.c.Text(r.x+12, r.y+42, shorten(s.title, w/8), "font-size:13px;fill:#555555")
		d.c.Text(r.x+12, r.y+59, strings.Join(s.details, ""), "font-size:13px;fill:#555555")
		ny := r.y + subnetHeader
		for _, b := range s.nodes {
			nr := rect{r.x + corridor, ny, w - 2*corridor, boxHeight(b)}
			d.card(nr, b.kind, b)
			l.nodes[b.kind] = append(l.nodes[b.kind], nr)
			ny += nr.h + nodeGap
		}
		l.subnets[kind] = append(l.subnets[kind], r)
	}
}

// drawServices draws the buckets and the regional services on the right and
// returns the bottom.
func (l *layout) drawServices(d drawer, t topology) int {
	y := 150
	if len(t.buckets) > 0 {
		h := 40
		for _, b := range t.buckets {
			h += boxHeight(b) + 8
		}
		g := rect{l.sx, y, servicesW, h}
		d.frame(g, "group", "S3 buckets (versioned, TLS-only)", false)
		by := y + 36
		for _, b := range t.buckets {
			r := rect{l.sx + 12, by, servicesW - 24, boxHeight(b)}
			d.card(r, "service", b)
			l.at["bucket:"+b.title] = r
			l.nodes["bucket"] = append(l.nodes["bucket"], r)
			by += r.h + 8
		}
		l.at["buckets"] = g
		y += h + 24
	}
	for _, s := range l.services(t) {
		r := rect{l.sx, y, servicesW, boxHeight(s.box)}
		d.card(r, "service", s.box)
		l.at[s.id] = r
		y += r.h + 24
	}
	return y - 24
}

// service is one regional service box with its layout name.
type service struct {
	id  string
	box box
}

// services are the audit and alert boxes, those the plan has.
func (l *layout) services(t topology) []service {
	var out []service
	if t.trail.title != "" {
		out = append(out, service{"trail", box{title: "CloudTrail " + t.trail.title, details: t.trail.details}})
	}
	if len(t.logGroups) > 0 {
		out = append(out, service{"logs", box{title: "CloudWatch Logs", details: append(append([]string(nil), t.logGroups...),
			english.Plural(t.alarms, "alarm")+" on metric filters")}})
	}
	if t.topic.title != "" {
		out = append(out, service{"topic", box{title: "SNS " + t.topic.title, details: append(t.topic.details,
			"e-mail to "+english.Count(t.emails, "address", "addresses"))}})
	}
	if len(t.keys) > 0 {
		out = append(out, service{"key", box{title: "KMS customer-managed keys", details: t.keys}})
	}
	if len(t.account) > 0 {
		out = append(out, service{"account", box{title: "Account controls", details: t.account}})
	}
	if t.configRules > 0 {
		out = append(out, service{"config", box{title: "AWS Config rules", details: []string{
			fmt.Sprintf("%d rules scoped to the project's tag", t.configRules)}}})
	}
	return out
}

// drawOutside draws the researchers and IT on the left.
func (l *layout) drawOutside(d drawer, t topology) {
	details := []string{"ssh with their own key,", "aws s3 cp --sse aws:kms", "", "SSH allowed from:"}
	details = append(details, t.sshCidrs...)
	b := box{title: "Researchers and IT", details: details}
	r := rect{outsideX, 180, outsideW, boxHeight(b)}
	d.card(r, "outside", b)
	l.at["people"] = r
}
