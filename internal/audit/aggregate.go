package audit

// activity counts what was done, by whom or to what: the part of a summary
// that grows with the events, kept as symbol indexes.
type activity struct {
	events, denied int
	actions        map[uint32]int
	first, last    int64
}

func (a *activity) count(e *compactEvent, noError uint32) {
	if a.events == 0 || e.unixNano < a.first {
		a.first = e.unixNano
	}
	if a.events == 0 || e.unixNano > a.last {
		a.last = e.unixNano
	}
	a.events++
	if e.errorCode != noError {
		a.denied++
	}
	if a.actions == nil {
		a.actions = map[uint32]int{}
	}
	a.actions[e.action]++
}

// principalActivity is what one principal did.
type principalActivity struct {
	activity
	bytesOut int64
	objects  map[objectID]struct{}
}

// objectActivity is what was done to one object.
type objectActivity struct {
	activity
	principals map[uint32]struct{}
}

// objectID is a bucket and key, as symbol indexes.
type objectID struct{ bucket, key uint32 }

// aggregates are the per-principal and per-object summaries, updated as
// events are read, so that the events themselves need not stay in memory.
type aggregates struct {
	principals map[uint32]*principalActivity
	objects    map[objectID]*objectActivity
}

func newAggregates() *aggregates {
	return &aggregates{principals: map[uint32]*principalActivity{}, objects: map[objectID]*objectActivity{}}
}

// add counts events whose symbols are the store's (0 is "").
func (g *aggregates) add(events []compactEvent) {
	for i := range events {
		e := &events[i]
		obj := objectID{e.bucket, e.key}
		p := g.principals[e.principal]
		if p == nil {
			p = &principalActivity{objects: map[objectID]struct{}{}}
			g.principals[e.principal] = p
		}
		p.count(e, 0)
		p.bytesOut += e.bytesOut
		p.objects[obj] = struct{}{}
		o := g.objects[obj]
		if o == nil {
			o = &objectActivity{principals: map[uint32]struct{}{}}
			g.objects[obj] = o
		}
		o.count(e, 0)
		o.principals[e.principal] = struct{}{}
	}
}
