package cost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// UsageKey is the stack config key of the usage figures.
const UsageKey = "sce:usage"

// Usage are the monthly data volumes of a project (sce:usage): what the plan
// cannot know. Figures the stack does not set take their defaults.
type Usage struct {
	// S3StorageGB is the GB stored in the project's buckets, all versions and logs included.
	S3StorageGB float64 `json:"s3StorageGb"`
	// NATGBPerMonth is the GB a month through the NAT gateway (OS updates, packages).
	NATGBPerMonth float64 `json:"natGbPerMonth"`
	// S3PutRequestsPerMonth counts PUT, COPY, POST and LIST requests a month.
	S3PutRequestsPerMonth float64 `json:"s3PutRequestsPerMonth"`
	// S3GetRequestsPerMonth counts GET requests a month.
	S3GetRequestsPerMonth float64 `json:"s3GetRequestsPerMonth"`
	// LogsGBPerMonth is the GB a month into CloudWatch Logs (trail, flow logs, SSH logs).
	LogsGBPerMonth float64 `json:"logsGbPerMonth"`
	// DataEventsPerMonth counts CloudTrail data events a month; by default
	// one per S3 request.
	DataEventsPerMonth float64 `json:"dataEventsPerMonth"`
	// ManagementEventsPerMonth counts the account's management events a
	// month, which the project trail records as a paid second copy.
	ManagementEventsPerMonth float64 `json:"managementEventsPerMonth"`
	// KMSRequestsPerMonth counts KMS requests a month.
	KMSRequestsPerMonth float64 `json:"kmsRequestsPerMonth"`
	// ConfigItemsPerMonth counts AWS Config configuration items recorded for
	// the project's resources a month.
	ConfigItemsPerMonth float64 `json:"configItemsPerMonth"`
	// ConfigEvaluationsPerMonth counts Config rule evaluations a month; by
	// default one per configuration item plus one per rule a day.
	ConfigEvaluationsPerMonth float64 `json:"configEvaluationsPerMonth"`
	// Given lists the fields the stack config set, by JSON name.
	Given map[string]bool `json:"-"`
}

// usageField describes one field of sce:usage.
type usageField struct {
	name    string
	unit    string  // what the number counts, for messages
	example float64 // a plausible value, for messages
	def     float64 // default; derived fields are completed by derive
	derived string  // how a derived default is computed, for the assumptions
	ptr     func(*Usage) *float64
}

// usageFields are the fields of sce:usage in the order they print.
func usageFields() []usageField {
	return []usageField{
		{"s3StorageGb", "GB", 500, 100, "", func(u *Usage) *float64 { return &u.S3StorageGB }},
		{"natGbPerMonth", "GB a month", 50, 20, "", func(u *Usage) *float64 { return &u.NATGBPerMonth }},
		{"s3PutRequestsPerMonth", "requests a month", 100000, 50000, "", func(u *Usage) *float64 { return &u.S3PutRequestsPerMonth }},
		{"s3GetRequestsPerMonth", "requests a month", 500000, 200000, "", func(u *Usage) *float64 { return &u.S3GetRequestsPerMonth }},
		{"logsGbPerMonth", "GB a month", 10, 5, "", func(u *Usage) *float64 { return &u.LogsGBPerMonth }},
		{"dataEventsPerMonth", "events a month", 250000, 0, "one per S3 request (PUT + GET)", func(u *Usage) *float64 { return &u.DataEventsPerMonth }},
		{"managementEventsPerMonth", "events a month", 100000, 100000, "", func(u *Usage) *float64 { return &u.ManagementEventsPerMonth }},
		{"kmsRequestsPerMonth", "requests a month", 100000, 50000, "", func(u *Usage) *float64 { return &u.KMSRequestsPerMonth }},
		{"configItemsPerMonth", "configuration items a month", 2000, 1000, "", func(u *Usage) *float64 { return &u.ConfigItemsPerMonth }},
		{"configEvaluationsPerMonth", "evaluations a month", 5000, 0, "one per configuration item plus one per Config rule a day",
			func(u *Usage) *float64 { return &u.ConfigEvaluationsPerMonth }},
	}
}

// ParseUsage reads sce:usage, a JSON object as Pulumi passes structured
// config ("" when the stack does not set it). Unknown fields, non-numbers
// and negative numbers are errors naming sce:usage.<field>; absent fields
// take their defaults (derived ones are completed by the estimate).
func ParseUsage(raw string) (Usage, error) {
	u := Usage{Given: map[string]bool{}}
	fields := usageFields()
	for _, f := range fields {
		*f.ptr(&u) = f.def
	}
	if strings.TrimSpace(raw) == "" {
		return u, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		return u, sce.ValidationErrors{{Key: UsageKey, Message: "must be a map of monthly usage figures, " +
			"for example {natGbPerMonth: 50, s3StorageGb: 500}"}}
	}
	err := u.set(obj, fields)
	return u, err
}

// set stores the figures of obj, reporting every problem in key order.
func (u *Usage) set(obj map[string]json.RawMessage, fields []usageField) error {
	byName := map[string]usageField{}
	for _, f := range fields {
		byName[f.name] = f
	}
	var errs sce.ValidationErrors
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		f, ok := byName[name]
		if !ok {
			errs = append(errs, unknownUsageField(name, fields))
			continue
		}
		v, ferr := usageNumber(f, obj[name])
		if ferr != nil {
			errs = append(errs, *ferr)
			continue
		}
		*f.ptr(u) = v
		u.Given[name] = true
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// usageNumber reads one figure: a JSON number, 0 or more.
func usageNumber(f usageField, raw json.RawMessage) (float64, *sce.FieldError) {
	key := UsageKey + "." + f.name
	var v float64
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, &sce.FieldError{Key: key, Message: fmt.Sprintf("%s is not a number: give the %s, for example %s",
			bytes.TrimSpace(raw), f.unit, formatCount(f.example))}
	}
	if v < 0 {
		return 0, &sce.FieldError{Key: key, Message: fmt.Sprintf("%s is negative: give the %s, 0 or more",
			formatCount(v), f.unit)}
	}
	return v, nil
}

func unknownUsageField(name string, fields []usageField) sce.FieldError {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return sce.FieldError{Key: UsageKey + "." + name,
		Message: "unknown usage figure: use " + strings.Join(names, ", ")}
}

// derive completes the defaults that depend on other figures and on the plan.
func (u Usage) derive(configRules int) Usage {
	if !u.Given["dataEventsPerMonth"] {
		u.DataEventsPerMonth = u.S3PutRequestsPerMonth + u.S3GetRequestsPerMonth
	}
	if !u.Given["configEvaluationsPerMonth"] {
		u.ConfigEvaluationsPerMonth = math.Round(u.ConfigItemsPerMonth + float64(configRules)*daysPerMonth)
	}
	return u
}

// assumptions describe every figure and where it came from.
func (u Usage) assumptions() []string {
	var out []string
	for _, f := range usageFields() {
		v := *f.ptr(&u)
		switch {
		case u.Given[f.name]:
			out = append(out, fmt.Sprintf("%s.%s = %s %s (stack config)", UsageKey, f.name, formatCount(v), f.unit))
		case f.derived != "":
			out = append(out, fmt.Sprintf("%s.%s = %s %s (default: %s)", UsageKey, f.name, formatCount(v), f.unit, f.derived))
		default:
			out = append(out, fmt.Sprintf("%s.%s = %s %s (default)", UsageKey, f.name, formatCount(v), f.unit))
		}
	}
	return out
}
