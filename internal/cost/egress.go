package cost

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/stacks"
)

// priceEgress prices the egress allowlist: the DNS Firewall by the domains
// in its lists (a month each) and the queries it processes for each VPC it
// is associated with, and the Resolver query logs by their destination,
// CloudWatch Logs ingestion or log delivery to S3. With the instances
// stopped (suspended) the workers send no queries, so no queries and no
// query logs are priced in that column.
func priceEgress(e *estimator) {
	domains, lists := 0, e.plan.Find(typeFirewallDomainList)
	for _, l := range lists {
		d, _ := l.Inputs["domains"].([]any)
		domains += len(d)
	}
	if len(lists) > 0 {
		e.add("egress", fmt.Sprintf("DNS Firewall domains (%d in %s)", domains, english.Plural(len(lists), "list")),
			"each domain of each list, a month", "route53.firewallDomain", all(float64(domains)))
	}
	if n := len(e.plan.Find(typeFirewallAssociation)); n > 0 {
		q := e.usage.DNSQueriesPerMonth * float64(n)
		e.add("egress", "DNS Firewall queries", fmt.Sprintf("%s a month (%s) through %s",
			formatCount(q), stacks.UsageKey(stacks.UsageDNSQueriesPerMonth), english.Plural(n, "VPC association")), "route53.firewallQueries", PerColumn{0, q, q})
	}
	for _, c := range e.plan.Find(typeQueryLogConfig) {
		gb := e.usage.DNSQueryLogGBPerMonth
		detail := formatCount(gb) + " GB a month (" + stacks.UsageKey(stacks.UsageDNSQueryLogGBPerMonth) + ")"
		if strings.HasPrefix(str(c.Inputs, "destinationArn"), "arn:aws:s3:::") {
			e.add("egress", "Resolver query logs "+c.Name+" to S3", detail+", log delivery to the logs bucket",
				"logs.deliveryS3", PerColumn{0, gb, gb})
			continue
		}
		e.add("egress", "Resolver query logs "+c.Name+" to CloudWatch Logs", detail+", log ingestion",
			"logs.ingestion", PerColumn{0, gb, gb})
	}
}
