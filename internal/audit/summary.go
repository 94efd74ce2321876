package audit

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PrincipalSummary is what one principal did to the selected objects.
type PrincipalSummary struct {
	// Principal is who acted.
	Principal string `json:"principal"`
	// Events counts the calls; Denied those that failed.
	Events int `json:"events"`
	Denied int `json:"denied"`
	// Objects counts the distinct objects touched.
	Objects int `json:"objects"`
	// Actions counts the calls per S3 action.
	Actions map[string]int `json:"actions"`
	// BytesOut is the data read.
	BytesOut int64 `json:"bytesOut"`
	// First and Last bound the principal's activity.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// ObjectSummary is what was done to one object.
type ObjectSummary struct {
	// Bucket and Key name the object.
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	// Events counts the calls; Denied those that failed.
	Events int `json:"events"`
	Denied int `json:"denied"`
	// Actions counts the calls per S3 action.
	Actions map[string]int `json:"actions"`
	// Principals are everyone who acted on it, sorted.
	Principals []string `json:"principals"`
	// First and Last bound the activity on it.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// Principals summarizes the events per principal, sorted by principal.
func (r *Report) Principals() []PrincipalSummary {
	byName := map[uint32]*PrincipalSummary{}
	objects := map[uint32]map[[2]uint32]bool{}
	for i, c := range r.store.events {
		p := byName[c.principal]
		if p == nil {
			p = &PrincipalSummary{Principal: r.store.symbols[c.principal], Actions: map[string]int{}}
			byName[c.principal] = p
			objects[c.principal] = map[[2]uint32]bool{}
		}
		countEvent(&p.Events, &p.Denied, p.Actions, &p.First, &p.Last, r.store.event(i))
		p.BytesOut += c.bytesOut
		objects[c.principal][[2]uint32{c.bucket, c.key}] = true
	}
	out := make([]PrincipalSummary, 0, len(byName))
	for id, p := range byName {
		p.Objects = len(objects[id])
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return out
}

// Objects summarizes the events per object, sorted by bucket and key.
func (r *Report) Objects() []ObjectSummary {
	byObject := map[[2]uint32]*ObjectSummary{}
	for i, c := range r.store.events {
		k := [2]uint32{c.bucket, c.key}
		o := byObject[k]
		if o == nil {
			o = &ObjectSummary{Bucket: r.store.symbols[c.bucket], Key: r.store.symbols[c.key], Actions: map[string]int{}}
			byObject[k] = o
		}
		e := r.store.event(i)
		countEvent(&o.Events, &o.Denied, o.Actions, &o.First, &o.Last, e)
		if !slices.Contains(o.Principals, e.Principal) {
			o.Principals = append(o.Principals, e.Principal)
		}
	}
	out := make([]ObjectSummary, 0, len(byObject))
	for _, o := range byObject {
		sort.Strings(o.Principals)
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bucket != out[j].Bucket {
			return out[i].Bucket < out[j].Bucket
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func countEvent(events, denied *int, actions map[string]int, first, last *time.Time, e Event) {
	*events++
	if e.ErrorCode != "" {
		*denied++
	}
	actions[e.Action]++
	if first.IsZero() || e.Time.Before(*first) {
		*first = e.Time
	}
	if e.Time.After(*last) {
		*last = e.Time
	}
}

// actionList renders action counts as "GetObject 3, PutObject 1".
func actionList(actions map[string]int) string {
	names := make([]string, 0, len(actions))
	for a := range actions {
		names = append(names, a)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, a := range names {
		parts[i] = a + " " + strconv.Itoa(actions[a])
	}
	return strings.Join(parts, ", ")
}
