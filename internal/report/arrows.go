package report

import "strings"

// drawArrows draws the traffic between the placed elements: SSH from the
// researchers through the internet gateway to the bastion and on to the
// workers, egress through the NAT gateway, S3 through the endpoint, uploads
// over TLS, and the audit and alert flows.
func (l *layout) drawArrows(d drawer, t topology) {
	l.sshArrows(d)
	l.egressArrows(d)
	l.dataArrows(d, t)
	l.auditArrows(d, t)
}

// sshArrows: researchers -> internet gateway -> bastion -> workers.
func (l *layout) sshArrows(d drawer) {
	people, okP := l.at["people"]
	igw, okG := l.at["igw"]
	bastions := l.nodes["bastion"]
	if !okP || !okG || len(bastions) == 0 {
		return
	}
	b := bastions[0]
	y := clamp(b.cy(), people.y+20, people.bottom()-20)
	d.arrow([]pt{{people.right(), y}, {igw.x, y}}, false)
	d.label(pt{(people.right() + igw.x) / 2, y - 8}, "SSH 22")
	d.arrow([]pt{{igw.right(), b.cy()}, {b.x, b.cy()}}, false)
	for i, w := range l.nodes["worker"] {
		lane := b.right() + corridor/2
		gap := l.rowGap() + 8
		target := w.right() + corridor/2
		d.arrow([]pt{{b.right(), b.cy()}, {lane, b.cy()}, {lane, gap}, {target, gap}, {target, w.cy()}, {w.right(), w.cy()}}, false)
		if i == 0 {
			d.label(pt{lane - 95, gap + 20}, "SSH (ProxyJump)")
		}
	}
}

// egressArrows: private subnets -> NAT gateway -> internet gateway.
func (l *layout) egressArrows(d drawer) {
	nats := l.nodes["nat"]
	igw, ok := l.at["igw"]
	if len(nats) == 0 {
		return
	}
	n := nats[0]
	if ok {
		d.arrow([]pt{{n.x, n.cy()}, {igw.right(), n.cy()}}, false)
	}
	gap := l.rowGap() - 8
	for i, s := range l.subnets["private"] {
		d.arrow([]pt{{s.cx(), s.y}, {s.cx(), gap}, {n.cx(), gap}, {n.cx(), n.bottom()}}, false)
		if i == 0 {
			d.label(pt{n.cx() + 75, gap - 6}, "HTTPS out via NAT")
		}
	}
}

// dataArrows: private subnet -> S3 endpoint -> buckets, and uploads.
func (l *layout) dataArrows(d drawer, t topology) {
	buckets, okB := l.at["buckets"]
	if ep, ok := l.at["endpoint"]; ok && okB {
		private := l.subnets["private"]
		if len(private) > 0 {
			s := private[len(private)-1]
			d.arrow([]pt{{s.right(), ep.cy()}, {ep.x, ep.cy()}}, false)
		}
		y := clamp(ep.cy(), buckets.y+30, buckets.bottom()-20)
		d.arrow([]pt{{ep.right(), ep.cy()}, {ep.right() + 10, ep.cy()}, {ep.right() + 10, y}, {buckets.x, y}}, false)
	}
	people, ok := l.at["people"]
	if !ok || !okB || !hasDataIn(t) {
		return
	}
	top := buckets.y - 18
	d.arrow([]pt{{people.cx(), people.y}, {people.cx(), top}, {buckets.x + 60, top}, {buckets.x + 60, buckets.y}}, true)
	d.label(pt{(people.cx() + buckets.x) / 2, top - 6}, "upload to data-in over TLS, SSE-KMS")
}

// hasDataIn reports whether the plan has a bucket researchers upload to.
func hasDataIn(t topology) bool {
	for _, b := range t.buckets {
		if strings.HasSuffix(b.title, "-data-in") {
			return true
		}
	}
	return false
}

// auditArrows: trail -> log bucket and CloudWatch Logs -> alarms -> topic,
// and flow logs -> CloudWatch Logs.
func (l *layout) auditArrows(d drawer, t topology) {
	trail, okT := l.at["trail"]
	logs, okL := l.at["logs"]
	if r, ok := l.at["bucket:"+t.trailBucket]; ok && okT {
		x := trail.x + trail.w*3/4
		d.arrow([]pt{{x, trail.y}, {x, r.bottom()}}, true)
		d.label(pt{x - 45, (trail.y+r.bottom())/2 + 5}, "log files")
	}
	if okT && okL {
		d.arrow([]pt{{trail.cx(), trail.bottom()}, {trail.cx(), logs.y}}, false)
	}
	if topic, ok := l.at["topic"]; ok && okL {
		d.arrow([]pt{{logs.cx(), logs.bottom()}, {logs.cx(), topic.y}}, false)
		d.label(pt{logs.cx() + 45, (logs.bottom()+topic.y)/2 + 5}, "alarms")
	}
	if vpc, ok := l.at["vpc"]; ok && okL {
		y := vpc.bottom() - 20
		x := logs.x - 36
		d.arrow([]pt{{vpc.right(), y}, {x, y}, {x, logs.cy()}, {logs.x, logs.cy()}}, true)
		d.label(pt{vpc.right() + 50, y - 8}, "flow logs")
	}
}

// rowGap is the y in the middle of the gap between the public and the private row.
func (l *layout) rowGap() int {
	pub, priv := l.subnets["public"], l.subnets["private"]
	if len(pub) == 0 || len(priv) == 0 {
		return 0
	}
	return (pub[0].bottom() + priv[0].y) / 2
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
