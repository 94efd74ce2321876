package report

import (
	"fmt"
	"strings"

	svg "github.com/ajstarks/svgo"
)

// rect is a placed element of the diagram.
type rect struct{ x, y, w, h int }

func (r rect) cx() int     { return r.x + r.w/2 }
func (r rect) cy() int     { return r.y + r.h/2 }
func (r rect) right() int  { return r.x + r.w }
func (r rect) bottom() int { return r.y + r.h }

// Diagram sizes, in pixels.
const (
	lineHeight = 17
	boxPadding = 10
	charWidth  = 7 // average width of a 13px character, for label backgrounds
)

// palette: fill and stroke of each kind of element.
var palette = map[string][2]string{
	"region":  {"#f7f9fc", "#8a9bb3"},
	"vpc":     {"#eaf2fb", "#3b6ea8"},
	"public":  {"#fff4e5", "#d9822b"},
	"private": {"#e9f7ef", "#2e8b57"},
	"bastion": {"#ffffff", "#d9822b"},
	"worker":  {"#ffffff", "#2e8b57"},
	"nat":     {"#ffffff", "#8a6d3b"},
	"service": {"#ffffff", "#5a6b85"},
	"group":   {"#f2f4f8", "#5a6b85"},
	"outside": {"#ffffff", "#444444"},
	"gateway": {"#fdf2f2", "#b03a2e"},
}

// drawer draws on one SVG canvas.
type drawer struct{ c *svg.SVG }

// frame draws a container with a title in its top-left corner.
func (d drawer) frame(r rect, kind, title string, dashed bool) {
	colors := palette[kind]
	style := fmt.Sprintf("fill:%s;stroke:%s;stroke-width:2", colors[0], colors[1])
	if dashed {
		style += ";stroke-dasharray:8,5"
	}
	d.c.Roundrect(r.x, r.y, r.w, r.h, 10, 10, style)
	d.c.Text(r.x+12, r.y+22, title, "font-size:15px;font-weight:bold;fill:"+colors[1])
}

// boxHeight is the height a box needs for its lines.
func boxHeight(b box) int { return 2*boxPadding + lineHeight*(1+len(b.details)) }

// card draws a box: a bold title and detail lines.
func (d drawer) card(r rect, kind string, b box) {
	colors := palette[kind]
	d.c.Roundrect(r.x, r.y, r.w, r.h, 6, 6, fmt.Sprintf("fill:%s;stroke:%s;stroke-width:1.5", colors[0], colors[1]))
	y := r.y + boxPadding + 13
	d.c.Text(r.x+10, y, b.title, "font-size:14px;font-weight:bold;fill:#1d2733")
	for _, line := range b.details {
		y += lineHeight
		d.c.Text(r.x+10, y, line, "font-size:13px;fill:#333333")
	}
}

// pt is a point of an arrow.
type pt struct{ x, y int }

// arrow draws a polyline with an arrowhead at its end.
func (d drawer) arrow(points []pt, dashed bool) {
	xs, ys := make([]int, len(points)), make([]int, len(points))
	for i, p := range points {
		xs[i], ys[i] = p.x, p.y
	}
	style := "fill:none;stroke:#37474f;stroke-width:1.8;marker-end:url(#arrow)"
	if dashed {
		style += ";stroke-dasharray:6,4"
	}
	d.c.Polyline(xs, ys, style)
}

// label writes text on a white background, centered at p.
func (d drawer) label(p pt, text string) {
	w := len(text)*charWidth + 10
	d.c.Rect(p.x-w/2, p.y-13, w, 18, "fill:#ffffff;fill-opacity:0.9;stroke:none")
	d.c.Text(p.x, p.y, text, "font-size:12.5px;fill:#37474f;text-anchor:middle;font-style:italic")
}

// defs declares the arrowhead.
func (d drawer) defs() {
	d.c.Def()
	d.c.Marker("arrow", 9, 5, 10, 10, `orient="auto"`, `markerUnits="userSpaceOnUse"`)
	d.c.Path("M0,0 L10,5 L0,10 z", "fill:#37474f")
	d.c.MarkerEnd()
	d.c.DefEnd()
}

// legend explains the colors at the bottom of the diagram.
func (d drawer) legend(x, y int) {
	items := []struct{ kind, text string }{
		{"public", "public subnet (route to internet gateway)"},
		{"private", "private subnet (route to NAT only)"},
		{"bastion", "internet-facing (bastion)"},
		{"worker", "PHI work, no public IP"},
	}
	for _, it := range items {
		colors := palette[it.kind]
		d.c.Rect(x, y-12, 16, 16, fmt.Sprintf("fill:%s;stroke:%s;stroke-width:2", colors[0], colors[1]))
		d.c.Text(x+22, y+1, it.text, "font-size:13px;fill:#333333")
		x += 30 + len(it.text)*charWidth
	}
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimSpace(s[:n-1]) + "…"
}
