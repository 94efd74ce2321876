package audit

import (
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
	sym := r.store.syms.list
	out := make([]PrincipalSummary, 0, len(r.agg.principals))
	for id, p := range r.agg.principals {
		out = append(out, PrincipalSummary{Principal: sym[id], Events: p.events, Denied: p.denied, Objects: len(p.objects),
			Actions: r.actionNames(p.actions), BytesOut: p.bytesOut, First: unixUTC(p.first), Last: unixUTC(p.last)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return out
}

// Objects summarizes the events per object, sorted by bucket and key.
func (r *Report) Objects() []ObjectSummary {
	sym := r.store.syms.list
	out := make([]ObjectSummary, 0, len(r.agg.objects))
	for id, o := range r.agg.objects {
		principals := make([]string, 0, len(o.principals))
		for p := range o.principals {
			principals = append(principals, sym[p])
		}
		sort.Strings(principals)
		out = append(out, ObjectSummary{Bucket: sym[id.bucket], Key: sym[id.key], Events: o.events, Denied: o.denied,
			Actions: r.actionNames(o.actions), Principals: principals, First: unixUTC(o.first), Last: unixUTC(o.last)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bucket != out[j].Bucket {
			return out[i].Bucket < out[j].Bucket
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// actionNames turns counts by action symbol into counts by action name.
func (r *Report) actionNames(actions map[uint32]int) map[string]int {
	out := make(map[string]int, len(actions))
	for id, n := range actions {
		out[r.store.syms.list[id]] += n
	}
	return out
}

func unixUTC(nanos int64) time.Time { return time.Unix(0, nanos).UTC() }

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
