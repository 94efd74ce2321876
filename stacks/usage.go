package stacks

import (
	"math"
	"strconv"

	"github.com/sce-dev/sce/sce"
)

// Usage is sce:usage: the monthly volumes of a project that no plan can
// know, which the cost estimate (`sce cost`) prices. Figures the stack does
// not set take their defaults (see WithDefaults); no resource depends on them.
type Usage struct {
	// S3StorageGB is the GB stored in the project's buckets, all versions and logs included.
	S3StorageGB float64
	// NATGBPerMonth is the GB a month through the NAT gateway (OS updates, packages).
	NATGBPerMonth float64
	// S3PutRequestsPerMonth counts PUT, COPY, POST and LIST requests a month.
	S3PutRequestsPerMonth float64
	// S3GetRequestsPerMonth counts GET requests a month.
	S3GetRequestsPerMonth float64
	// LogsGBPerMonth is the GB a month into CloudWatch Logs (trail, flow logs, SSH logs).
	LogsGBPerMonth float64
	// DataEventsPerMonth counts the CloudTrail data events of the project's
	// own S3 requests a month; by default one per S3 request. The events of
	// replication (S3 reading each new version from the source and writing
	// it into the replica) are priced apart, from S3PutRequestsPerMonth.
	DataEventsPerMonth float64
	// ManagementEventsPerMonth counts the account's management events a
	// month. A project trail records them as a paid second copy; the account
	// baseline's trail is priced as the free first copy, which holds only
	// while no other trail records them in the region.
	ManagementEventsPerMonth float64
	// KMSRequestsPerMonth counts KMS requests a month.
	KMSRequestsPerMonth float64
	// ConfigItemsPerMonth counts AWS Config configuration items recorded for
	// the project's resources a month.
	ConfigItemsPerMonth float64
	// ConfigEvaluationsPerMonth counts Config rule evaluations a month; by
	// default one per configuration item plus one per rule a day.
	ConfigEvaluationsPerMonth float64
	// WarehouseStorageGB is the GB the warehouse holds in Redshift managed
	// storage (RA3 node types).
	WarehouseStorageGB float64
	// BackupGB is the GB of data on the EBS volumes the backup plan selects:
	// the first, full recovery point; by default the volumes' provisioned size.
	BackupGB float64
	// BackupChangedGBPerDay is the GB of those volumes' blocks written a
	// day, which each incremental recovery point keeps; by default 1% of BackupGB.
	BackupChangedGBPerDay float64
	// EndpointGBPerMonth is the GB a month through the interface VPC
	// endpoints (Systems Manager, logs, KMS).
	EndpointGBPerMonth float64
	// DNSQueriesPerMonth counts the DNS queries a month the DNS Firewall
	// processes (sce:egress allowlist or none).
	DNSQueriesPerMonth float64
	// DNSQueryLogGBPerMonth is the GB a month of Resolver query logs, each
	// delivered to CloudWatch Logs and to the logs bucket; by default 500
	// bytes per query.
	DNSQueryLogGBPerMonth float64

	// given are the figures the stack sets, by name.
	given map[string]bool
}

// Figures of sce:usage, by their key under it (UsageKey gives the full
// config key).
const (
	// UsageS3StorageGB is the figure "s3StorageGb".
	UsageS3StorageGB = "s3StorageGb"
	// UsageNATGBPerMonth is the figure "natGbPerMonth".
	UsageNATGBPerMonth = "natGbPerMonth"
	// UsageS3PutRequestsPerMonth is the figure "s3PutRequestsPerMonth".
	UsageS3PutRequestsPerMonth = "s3PutRequestsPerMonth"
	// UsageS3GetRequestsPerMonth is the figure "s3GetRequestsPerMonth".
	UsageS3GetRequestsPerMonth = "s3GetRequestsPerMonth"
	// UsageLogsGBPerMonth is the figure "logsGbPerMonth".
	UsageLogsGBPerMonth = "logsGbPerMonth"
	// UsageDataEventsPerMonth is the figure "dataEventsPerMonth".
	UsageDataEventsPerMonth = "dataEventsPerMonth"
	// UsageManagementEventsPerMonth is the figure "managementEventsPerMonth".
	UsageManagementEventsPerMonth = "managementEventsPerMonth"
	// UsageKMSRequestsPerMonth is the figure "kmsRequestsPerMonth".
	UsageKMSRequestsPerMonth = "kmsRequestsPerMonth"
	// UsageConfigItemsPerMonth is the figure "configItemsPerMonth".
	UsageConfigItemsPerMonth = "configItemsPerMonth"
	// UsageConfigEvaluationsPerMonth is the figure "configEvaluationsPerMonth".
	UsageConfigEvaluationsPerMonth = "configEvaluationsPerMonth"
	// UsageWarehouseStorageGB is the figure "warehouseStorageGb".
	UsageWarehouseStorageGB = "warehouseStorageGb"
	// UsageBackupGB is the figure "backupGb".
	UsageBackupGB = "backupGb"
	// UsageBackupChangedGBPerDay is the figure "backupChangedGbPerDay".
	UsageBackupChangedGBPerDay = "backupChangedGbPerDay"
	// UsageEndpointGBPerMonth is the figure "endpointGbPerMonth".
	UsageEndpointGBPerMonth = "endpointGbPerMonth"
	// UsageDNSQueriesPerMonth is the figure "dnsQueriesPerMonth".
	UsageDNSQueriesPerMonth = "dnsQueriesPerMonth"
	// UsageDNSQueryLogGBPerMonth is the figure "dnsQueryLogGbPerMonth".
	UsageDNSQueryLogGBPerMonth = "dnsQueryLogGbPerMonth"
)

// UsageKey is the config key of the sce:usage figure name ("sce:usage.s3StorageGb").
func UsageKey(name string) string { return KeyUsage + "." + name }

// UsageFigure describes one figure of sce:usage.
type UsageFigure struct {
	// Name is the figure's key under sce:usage ("s3StorageGb").
	Name string
	// Unit says what the number counts ("GB a month").
	Unit string
	// Default is the figure when the stack does not set it; 0 for a derived one.
	Default float64
	// Derived says how the estimate derives a figure the stack does not
	// set from the others and from the plan; "" for a plain default.
	Derived string
}

// figure is a UsageFigure bound to the Usage it was listed for.
type figure struct {
	UsageFigure
	// meaning says what the figure counts, for the configuration reference.
	meaning string
	// example is a plausible value, for messages.
	example float64
	// p is where the figure goes.
	p *float64
}

// usageFigures lists the figures of sce:usage of u, in the order the
// estimate prints them.
func usageFigures(u *Usage) []figure {
	return []figure{
		{UsageFigure{UsageS3StorageGB, "GB", 100, ""}, "stored in the project's buckets, all versions and logs included", 500, &u.S3StorageGB},
		{UsageFigure{UsageNATGBPerMonth, "GB a month", 20, ""}, "through the NAT gateway (OS updates, packages)", 50, &u.NATGBPerMonth},
		{UsageFigure{UsageS3PutRequestsPerMonth, "requests a month", 50000, ""}, "S3 PUT, COPY, POST and LIST", 100000, &u.S3PutRequestsPerMonth},
		{UsageFigure{UsageS3GetRequestsPerMonth, "requests a month", 200000, ""}, "S3 GET", 500000, &u.S3GetRequestsPerMonth},
		{UsageFigure{UsageLogsGBPerMonth, "GB a month", 5, ""}, "into CloudWatch Logs (trail, flow logs, SSH logs)", 10, &u.LogsGBPerMonth},
		{UsageFigure{UsageDataEventsPerMonth, "events a month", 0, "one per S3 request (PUT + GET)"},
			"CloudTrail data events of the project's own S3 requests (replication's source reads and replica writes are priced apart)",
			250000, &u.DataEventsPerMonth},
		{UsageFigure{UsageManagementEventsPerMonth, "events a month", 100000, ""},
			"the account's management events (a project trail records a paid second copy; the baseline's trail is priced " +
				"as the free first copy, true only while no other trail records them in the region)",
			100000, &u.ManagementEventsPerMonth},
		{UsageFigure{UsageKMSRequestsPerMonth, "requests a month", 50000, ""}, "KMS requests", 100000, &u.KMSRequestsPerMonth},
		{UsageFigure{UsageConfigItemsPerMonth, "configuration items a month", 1000, ""},
			"AWS Config configuration items recorded for the project's resources", 2000, &u.ConfigItemsPerMonth},
		{UsageFigure{UsageConfigEvaluationsPerMonth, "evaluations a month", 0,
			"one per configuration item plus one per Config rule a day"}, "AWS Config rule evaluations", 5000, &u.ConfigEvaluationsPerMonth},
		{UsageFigure{UsageWarehouseStorageGB, "GB", 100, ""}, "held by the warehouse in Redshift managed storage (RA3 node types)",
			500, &u.WarehouseStorageGB},
		{UsageFigure{UsageBackupGB, "GB", 0, "the provisioned size of the EBS volumes the backup plan selects (an upper bound)"},
			"of data on the EBS volumes the backup plan selects: the first, full recovery point", 200, &u.BackupGB},
		{UsageFigure{UsageBackupChangedGBPerDay, "GB a day", 0, "1% of backupGb a day"},
			"of blocks written a day on those volumes, kept by each incremental recovery point", 2, &u.BackupChangedGBPerDay},
		{UsageFigure{UsageEndpointGBPerMonth, "GB a month", 5, ""}, "through the interface VPC endpoints (Systems Manager, logs, KMS)",
			10, &u.EndpointGBPerMonth},
		{UsageFigure{UsageDNSQueriesPerMonth, "queries a month", 1000000, ""},
			"DNS queries the DNS Firewall processes (sce:egress allowlist or none)", 2000000, &u.DNSQueriesPerMonth},
		{UsageFigure{UsageDNSQueryLogGBPerMonth, "GB a month", 0, "500 bytes per DNS query, one JSON record each"},
			"of Resolver query logs, delivered both to CloudWatch Logs and to the logs bucket", 1, &u.DNSQueryLogGBPerMonth},
	}
}

// UsageFigures lists the figures of sce:usage in the order the estimate prints them.
func UsageFigures() []UsageFigure {
	var out []UsageFigure
	for _, f := range usageFigures(new(Usage)) {
		out = append(out, f.UsageFigure)
	}
	return out
}

// Given reports whether the stack sets the figure name.
func (u Usage) Given(name string) bool { return u.given[name] }

// Figure is the value of the figure name, 0 for a name that is not a figure.
func (u Usage) Figure(name string) float64 {
	for _, f := range usageFigures(&u) {
		if f.Name == name {
			return *f.p
		}
	}
	return 0
}

// WithDefaults returns u with every figure the stack does not set at its
// default; derived figures stay 0 until the estimate derives them.
func (u Usage) WithDefaults() Usage {
	for _, f := range usageFigures(&u) {
		if !u.given[f.Name] {
			*f.p = f.Default
		}
	}
	return u
}

// unusedUsage are the problems of the sce:usage figures the stack sets for
// a resource its config leaves out: the estimate would not price them, so
// the figure the user wrote would silently count for nothing. Only the
// warehouse's figure follows from the config alone (sce:warehouse); the
// estimate leaves the other figures of an absent resource out of its
// assumptions.
func (c Config) unusedUsage() sce.ValidationErrors {
	if !c.Usage.Given(UsageWarehouseStorageGB) || c.Warehouse != nil {
		return nil
	}
	fix := "remove it, or add sce:warehouse"
	if c.Baseline() {
		fix = "remove it: a baseline stack has none"
	}
	return sce.ValidationErrors{{Key: UsageKey(UsageWarehouseStorageGB),
		Message: "is set, but the stack has no warehouse (sce:warehouse), so nothing uses it and the estimate prices " +
			"no warehouse storage: " + fix}}
}

// usageFields are the fields of sce:usage, bound to u.
func usageFields(u *Usage) []field {
	figures := usageFigures(u)
	fields := make([]field, len(figures))
	for i, f := range figures {
		def := formatFigure(f.Default)
		if f.Derived != "" {
			def = f.Derived
		}
		fields[i] = field{key: f.Name, value: figureValue{u: u, f: f}, def: def, meaning: f.Unit + ": " + f.meaning}
	}
	return fields
}

// figureValue is one figure of sce:usage: a number, 0 or more.
type figureValue struct {
	u *Usage
	f figure
}

func (figureValue) typeName() string { return "number, 0 to 10^12" }

func (v figureValue) target() any { return v.f.p }

// maxFigure is the largest usage figure sce takes: a trillion GB, requests
// or events a month is far beyond any project, and a larger figure only
// makes the estimate print a meaningless cost.
const maxFigure = 1e12

func (v figureValue) fromConfig(raw string) problems {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return v.fromJSON(raw)
	}
	return v.fromJSON(f)
}

func (v figureValue) fromJSON(x any) problems {
	n, ok := x.(float64)
	switch {
	case !ok:
		return fail("%s is not a number: give the %s, for example %s", jsonText(x), v.f.Unit, formatFigure(v.f.example))
	case n < 0:
		return fail("%s is negative: give the %s, 0 or more", formatFigure(n), v.f.Unit)
	case n > maxFigure:
		return fail("%s is more than any project uses: give the %s, at most %s (a trillion), for example %s",
			strconv.FormatFloat(n, 'g', -1, 64), v.f.Unit, formatFigure(maxFigure), formatFigure(v.f.example))
	}
	*v.f.p = n
	if v.u.given == nil {
		v.u.given = map[string]bool{}
	}
	v.u.given[v.f.Name] = true
	return nil
}

// formatFigure prints a figure as a stack file would hold it: 100000, 0.5.
func formatFigure(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// jsonText prints a decoded JSON value that is not a number, for a message.
func jsonText(x any) string {
	switch v := x.(type) {
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	}
	return "null"
}
