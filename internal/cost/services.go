package cost

import (
	"fmt"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/stacks"
)

// defaultRetentionMonths is how much log a group that never expires is
// taken to hold.
const defaultRetentionMonths = 12

// priceKeys prices each KMS key and the project's KMS requests.
func priceKeys(e *estimator) {
	keys := e.plan.Find(typeKey)
	for _, k := range keys {
		detail := "1 key"
		if k.Inputs["enableKeyRotation"] == true {
			detail += "; rotation adds $1/month after the first and again after the second yearly rotation"
		}
		e.add("keys", "KMS key "+k.Name, detail, "kms.key", all(1))
	}
	if len(keys) > 0 {
		n := e.usage.KMSRequestsPerMonth
		e.add("keys", "KMS requests", formatCount(n)+" a month ("+stacks.UsageKey(stacks.UsageKMSRequestsPerMonth)+")", "kms.requests", all(n))
	}
}

// priceTrails prices each trail's data events, those of replication
// included, and its management events: the account baseline's trail is
// taken to hold the account's first copy of them, which CloudTrail does not
// charge (true only when no other trail records them in the region); any
// other trail (a project's) holds a paid second copy.
func priceTrails(e *estimator) {
	firstCopy := e.baseline
	for _, t := range e.plan.Find(typeTrail) {
		management, data := trailSelects(t.Inputs)
		if management {
			priceManagementEvents(e, t.Name, firstCopy)
			firstCopy = false
		}
		if data {
			n := e.usage.DataEventsPerMonth
			e.add("audit", "trail "+t.Name+" data events", formatCount(n)+" a month ("+stacks.UsageKey(stacks.UsageDataEventsPerMonth)+")",
				"cloudtrail.dataEvents", all(n))
			priceReplicaDataEvents(e, t)
		}
	}
}

// priceManagementEvents prices the management events of the trail name:
// nothing when they are taken as the account's first copy (the baseline's
// trail), else the paid second copy of the account trail's.
func priceManagementEvents(e *estimator, name string, firstCopy bool) {
	n := e.usage.ManagementEventsPerMonth
	item := "trail " + name + " management events"
	figure := " (" + stacks.UsageKey(stacks.UsageManagementEventsPerMonth) + ")"
	if firstCopy {
		e.lines = append(e.lines, Line{Group: "audit", Item: item, Rate: "free", Known: true,
			Detail: formatCount(n) + " a month, taken as the account's first copy, which CloudTrail does not charge" + figure +
				"; " + firstCopyAssumption(e, n)})
		return
	}
	e.add("audit", item, formatCount(n)+" a month, a second copy of the account trail's"+figure,
		"cloudtrail.managementEvents", all(n))
}

// firstCopyAssumption says when the baseline trail's copy of management
// events is free, and what it costs when it is not: no setting prices it.
func firstCopyAssumption(e *estimator, n float64) string {
	s := "this assumes no other trail (an organization trail, AWS Control Tower's, an older trail) records this account's " +
		"management events in the region; if one does, this copy is a paid one"
	if p, ok := e.table.Price(e.region, "cloudtrail.managementEvents"); ok {
		s += " at " + p.String() + ", $" + formatAmount(p.Of(n)) + " a month"
	}
	return s + ", which no setting prices: add it to the total by hand"
}

// trailSelects says whether a trail records management events (the default
// without event selectors) and data events (a selector with data resources).
func trailSelects(in map[string]any) (management, data bool) {
	selectors, _ := in["eventSelectors"].([]any)
	if len(selectors) == 0 {
		return true, false
	}
	for _, s := range selectors {
		sel, _ := s.(map[string]any)
		if sel["includeManagementEvents"] != false {
			management = true
		}
		if resources, _ := sel["dataResources"].([]any); len(resources) > 0 {
			data = true
		}
	}
	return management, data
}

// priceConfig prices the configuration items and rule evaluations of the
// project's Config rules (the recorder belongs to the account baseline).
func priceConfig(e *estimator) {
	rules := len(e.plan.Find(typeConfigRule))
	if rules == 0 {
		return
	}
	items, evals := e.usage.ConfigItemsPerMonth, e.usage.ConfigEvaluationsPerMonth
	e.add("audit", "Config configuration items", formatCount(items)+" a month ("+stacks.UsageKey(stacks.UsageConfigItemsPerMonth)+")", "config.item", all(items))
	e.add("audit", "Config rule evaluations ("+english.Plural(rules, "rule")+")",
		formatCount(evals)+" a month ("+stacks.UsageKey(stacks.UsageConfigEvaluationsPerMonth)+")", "config.evaluation", all(evals))
}

// priceLogs prices CloudWatch Logs ingestion and the storage it builds up
// to over each group's retention, the volume shared equally by the groups.
func priceLogs(e *estimator) {
	groups := e.plan.Find(typeLogGroup)
	if len(groups) == 0 {
		return
	}
	gb := e.usage.LogsGBPerMonth
	e.add("logs", "CloudWatch Logs ingestion ("+english.Plural(len(groups), "group")+")",
		formatCount(gb)+" GB a month ("+stacks.UsageKey(stacks.UsageLogsGBPerMonth)+")", "logs.ingestion", all(gb))
	stored := 0.0
	for _, g := range groups {
		months := float64(defaultRetentionMonths)
		if days, ok := num(g.Inputs, "retentionInDays"); ok && days > 0 {
			months = days / daysPerMonth
		}
		stored += gb / float64(len(groups)) * months
	}
	e.add("logs", "CloudWatch Logs storage",
		fmt.Sprintf("%s GB kept once retention is reached (uncompressed, an upper bound; never-expiring groups: %d months)",
			formatCount(stored), defaultRetentionMonths), "logs.storage", all(stored))
}

// priceAlerts prices metric alarms and the custom metrics of log metric filters.
func priceAlerts(e *estimator) {
	if n := len(e.plan.Find(typeMetricAlarm)); n > 0 {
		e.add("alerts", fmt.Sprintf("CloudWatch alarms (%d)", n), english.Plural(n, "standard-resolution alarm"),
			"cloudwatch.alarm", all(float64(n)))
	}
	if n := len(e.plan.Find(typeMetricFilter)); n > 0 {
		e.add("alerts", fmt.Sprintf("custom metrics of log metric filters (%d)", n),
			"billed only in hours with data; counted as whole months (an upper bound)", "cloudwatch.metric", all(float64(n)))
	}
}

// priceBuckets prices the S3 storage and requests of the project's
// buckets, and of their replicas.
func priceBuckets(e *estimator) {
	n := len(e.plan.Find(typeBucketV2)) + len(e.plan.Find(typeBucket))
	if n == 0 {
		return
	}
	replicas := replicaCount(e)
	u := e.usage
	e.add("storage", "S3 storage ("+english.Plural(n-replicas, "bucket")+")", formatCount(u.S3StorageGB)+" GB ("+stacks.UsageKey(stacks.UsageS3StorageGB)+")",
		"s3.storage", all(u.S3StorageGB))
	e.add("storage", "S3 PUT, COPY, POST, LIST requests", formatCount(u.S3PutRequestsPerMonth)+" a month ("+stacks.UsageKey(stacks.UsageS3PutRequestsPerMonth)+")",
		"s3.put", all(u.S3PutRequestsPerMonth))
	e.add("storage", "S3 GET requests", formatCount(u.S3GetRequestsPerMonth)+" a month ("+stacks.UsageKey(stacks.UsageS3GetRequestsPerMonth)+")",
		"s3.get", all(u.S3GetRequestsPerMonth))
	priceReplicas(e, replicas)
}

// replicaCount is the number of same-region replicas: every bucket that
// is the destination of a replication configuration of the plan and
// replicates back has a partner, so the configurations come in pairs.
func replicaCount(e *estimator) int { return len(e.plan.Find(typeReplication)) / 2 }

// priceReplicas prices the replicas: each holds a copy of its bucket, so
// they store as much as the buckets (in the source objects' storage
// class: S3 Standard for uploads), and each PUT to a bucket is replicated
// as one more PUT-priced request. Same-region replication transfers no
// data between regions, so there is no transfer charge. A suspended
// project keeps its replicas as it keeps its buckets.
func priceReplicas(e *estimator, replicas int) {
	if replicas == 0 {
		return
	}
	u := e.usage
	e.add("storage", "S3 storage of the "+english.Plural(replicas, "same-region replica"), formatCount(u.S3StorageGB)+
		" GB, a copy of the buckets' ("+stacks.UsageKey(stacks.UsageS3StorageGB)+"), S3 Standard", "s3.storage", all(u.S3StorageGB))
	e.add("storage", "S3 replication requests", formatCount(u.S3PutRequestsPerMonth)+
		" a month, one per write to a bucket ("+stacks.UsageKey(stacks.UsageS3PutRequestsPerMonth)+"); same region: no transfer charge",
		"s3.put", all(u.S3PutRequestsPerMonth))
	priceReplicationMetrics(e)
}

// replicationMetricsPerRule is how many CloudWatch metrics S3 Replication
// metrics publish for one replication rule: bytes pending, operations
// pending, operations failed and replication latency.
const replicationMetricsPerRule = 4

// priceReplicationMetrics prices the S3 Replication metrics sce turns on
// in the one rule of every replication configuration (S3 sends no
// replication-failure event without them). S3 bills them as CloudWatch
// custom metrics; they are published while replication is configured,
// suspended or not, so every column pays for whole months.
func priceReplicationMetrics(e *estimator) {
	rules := len(e.plan.Find(typeReplication))
	n := rules * replicationMetricsPerRule
	e.add("storage", fmt.Sprintf("S3 Replication metrics (%d)", n),
		fmt.Sprintf("%d per replication rule × %s, CloudWatch custom metrics; counted as whole months (an upper bound)",
			replicationMetricsPerRule, english.Plural(rules, "rule")), "cloudwatch.metric", all(float64(n)))
}
