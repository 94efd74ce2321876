package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// DNSQueries is the log group role of the Resolver query logs.
const DNSQueries = "dns-queries"

// DNSQueryLogPrefix is where Resolver query logs land in the logs bucket:
// <prefix>/AWSLogs/<account>/vpcdnsquerylogs/<vpc>/<yyyy>/<mm>/<dd>/.
const DNSQueryLogPrefix = "dns-queries"

// Firewall rule priorities inside the project's rule group: the allow list
// is evaluated first, the block-all list after it.
const (
	allowPriority = 100
	blockPriority = 200
	// associationPriority is the rule group's priority on the VPC (AWS
	// accepts 101 to 9900).
	associationPriority = 101
)

// BlockResponse is what the DNS Firewall answers for a blocked name:
// NXDOMAIN ("no such name"), so a tool fails at once with an error that
// says the host could not be resolved, instead of retrying other record
// types as it may after a NODATA answer.
const BlockResponse = "NXDOMAIN"

// AllowedDomains are the names instances in region need: the Amazon Linux
// repositories (served from S3 buckets, reached by their S3 names), the AWS
// service endpoints the instances' agents use (S3, Systems Manager and its
// messages, CloudWatch Logs and metrics, KMS, STS), and the project's
// additions.
func AllowedDomains(region string, extra []string) []string {
	d := []string{
		"s3." + region + ".amazonaws.com", "*.s3." + region + ".amazonaws.com",
		"s3.dualstack." + region + ".amazonaws.com", "*.s3.dualstack." + region + ".amazonaws.com",
	}
	for _, svc := range []string{"ssm", "ssmmessages", "ec2messages", "logs", "kms", "sts", "monitoring"} {
		d = append(d, svc+"."+region+".amazonaws.com")
	}
	return append(d, extra...)
}

// WarehouseDomain is the allow-list entry for the Redshift clusters of
// region: a cluster's endpoint, <cluster>.<id>.<region>.redshift.amazonaws.com,
// has a part AWS picks per account, so only the region's wildcard names it.
// Resolving another account's cluster opens no path: the workers' security
// group lets them reach port 5439 only on the project's warehouse.
func WarehouseDomain(region string) string { return "*." + region + ".redshift.amazonaws.com" }

// FirewallArgs are the inputs of DNSFirewall.
type FirewallArgs struct {
	// VpcID is the VPC whose queries are filtered and logged.
	VpcID pulumi.IDOutput
	// Region is the project's region (the service endpoints' names).
	Region string
	// Domains are the project's additions to AllowedDomains.
	Domains []string
	// KeyArn is the project key, which encrypts the query log group.
	KeyArn pulumi.StringOutput
	// RetentionDays is how long the query log group keeps events.
	RetentionDays int
	// AlertTopicArn is the topic the blocked-query alarm notifies.
	AlertTopicArn pulumi.StringInput
	// LogsBucketArn is the ARN of the project's logs bucket, the second
	// destination of the query logs.
	LogsBucketArn string
	// LogsBucket are the logs bucket and its policy, which must exist
	// before Resolver delivers to it.
	LogsBucket []pulumi.Resource
}

// DNSFirewall filters every DNS query from the VPC through a Route 53
// Resolver DNS Firewall rule group (allow the allowed domains, block all
// other names), makes the firewall fail closed, logs every query to a
// KMS-encrypted log group and alarms on blocked queries. It returns the
// rule group's association with the VPC, which instances should wait for.
func DNSFirewall(s scope.Scope, a FirewallArgs) (pulumi.Resource, error) {
	group, err := ruleGroup(s, a.Region, a.Domains)
	if err != nil {
		return nil, fmt.Errorf("dns firewall: %w", err)
	}
	name := s.Names.Logical("dns-firewall-association")
	assoc, err := route53.NewResolverFirewallRuleGroupAssociation(s.Ctx, name, &route53.ResolverFirewallRuleGroupAssociationArgs{
		Name: pulumi.String(name), FirewallRuleGroupId: group.ID(), VpcId: a.VpcID,
		Priority: pulumi.Int(associationPriority), Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("dns firewall association: %w", err)
	}
	if _, err := route53.NewResolverFirewallConfig(s.Ctx, s.Names.Logical("dns-firewall-config"), &route53.ResolverFirewallConfigArgs{
		ResourceId: a.VpcID, FirewallFailOpen: pulumi.String("DISABLED"),
	}, s.Opts()...); err != nil {
		return nil, fmt.Errorf("dns firewall config: %w", err)
	}
	if err := queryLogging(s, a); err != nil {
		return nil, fmt.Errorf("dns firewall: %w", err)
	}
	return assoc, nil
}

// ruleGroup creates the allow and block-all domain lists and the rule group
// that applies them in that order.
func ruleGroup(s scope.Scope, region string, extra []string) (*route53.ResolverFirewallRuleGroup, error) {
	allowed, err := domainList(s, "dns-allowed", AllowedDomains(region, extra))
	if err != nil {
		return nil, err
	}
	all, err := domainList(s, "dns-all", []string{"*"})
	if err != nil {
		return nil, err
	}
	name := s.Names.Logical("dns-firewall")
	group, err := route53.NewResolverFirewallRuleGroup(s.Ctx, name, &route53.ResolverFirewallRuleGroupArgs{
		Name: pulumi.String(name), Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("rule group: %w", err)
	}
	rules := []struct {
		role, action string
		list         pulumi.IDOutput
		priority     int
	}{{"dns-allow", "ALLOW", allowed.ID(), allowPriority}, {"dns-block", "BLOCK", all.ID(), blockPriority}}
	for _, r := range rules {
		name := s.Names.Logical(r.role)
		args := &route53.ResolverFirewallRuleArgs{Name: pulumi.String(name), Action: pulumi.String(r.action),
			FirewallDomainListId: r.list, FirewallRuleGroupId: group.ID(), Priority: pulumi.Int(r.priority)}
		if r.action == "BLOCK" {
			args.BlockResponse = pulumi.String(BlockResponse)
		}
		if _, err := route53.NewResolverFirewallRule(s.Ctx, name, args, s.Opts()...); err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.role, err)
		}
	}
	return group, nil
}

// domainList creates one DNS Firewall domain list.
func domainList(s scope.Scope, role string, domains []string) (*route53.ResolverFirewallDomainList, error) {
	name := s.Names.Logical(role)
	l, err := route53.NewResolverFirewallDomainList(s.Ctx, name, &route53.ResolverFirewallDomainListArgs{
		Name: pulumi.String(name), Domains: pulumi.ToStringArray(domains), Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("domain list %s: %w", role, err)
	}
	return l, nil
}

// queryLogging sends every DNS query of the VPC twice: to the KMS-encrypted
// log group /sce/<pit>/dns-queries (searched, and alarmed on for blocked
// queries) and to the Object-Locked logs bucket under DNSQueryLogPrefix
// (kept at close-out). A query log config has one destination, so each
// destination has its own config and VPC association.
func queryLogging(s scope.Scope, a FirewallArgs) error {
	lg, err := loggroup.New(s, DNSQueries, a.KeyArn, a.RetentionDays)
	if err != nil {
		return fmt.Errorf("query logging: %w", err)
	}
	if err := queryLog(s, "dns-query-log", a.VpcID, lg.Arn); err != nil {
		return err
	}
	bucket := pulumi.String(a.LogsBucketArn + "/" + DNSQueryLogPrefix).ToStringOutput()
	if err := queryLog(s, "dns-query-log-s3", a.VpcID, bucket, pulumi.DependsOn(a.LogsBucket)); err != nil {
		return err
	}
	return alerts.NewLogAlarm(s, a.AlertTopicArn, lg.Name, BlockedQueriesAlarm())
}

// queryLog creates the Resolver query log config <pit>-<role> delivering to
// destination and associates it with the VPC.
func queryLog(s scope.Scope, role string, vpcID pulumi.IDOutput, destination pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	name := s.Names.Logical(role)
	cfg, err := route53.NewResolverQueryLogConfig(s.Ctx, name, &route53.ResolverQueryLogConfigArgs{
		Name: pulumi.String(name), DestinationArn: destination, Tags: s.Tags(name),
	}, s.Opts(opts...)...)
	if err != nil {
		return fmt.Errorf("query log config %s: %w", role, err)
	}
	if _, err := route53.NewResolverQueryLogConfigAssociation(s.Ctx, s.Names.Logical(role+"-association"), &route53.ResolverQueryLogConfigAssociationArgs{
		ResolverQueryLogConfigId: cfg.ID(), ResourceId: vpcID,
	}, s.Opts()...); err != nil {
		return fmt.Errorf("query log association %s: %w", role, err)
	}
	return nil
}

// BlockedQueriesAlarm raises an alert on any query the DNS Firewall blocked:
// an instance tried to resolve a name outside the allowlist.
func BlockedQueriesAlarm() alerts.Alarm {
	return alerts.Alarm{Slug: "dns-blocked-queries", Description: "An instance asked for a domain outside the egress allowlist (DNS Firewall blocked it)",
		Pattern: `{ $.firewall_rule_action = "BLOCK" }`, Threshold: 1}
}
