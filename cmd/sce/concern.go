package main

import (
	"strings"

	"github.com/sce-dev/sce/internal/plan"
)

// Concerns group the resources of the table, in this order.
const (
	concernComponents = "components"
	concernNetwork    = "network"
	concernCompute    = "compute"
	concernKeys       = "keys"
	concernStorage    = "storage"
	concernAudit      = "audit"
	concernAlerts     = "alerts"
	concernLogs       = "logs"
	concernIdentity   = "identity"
	concernOther      = "other"
)

func concernOrder() []string {
	return []string{
		concernComponents, concernNetwork, concernCompute, concernKeys, concernStorage,
		concernAudit, concernAlerts, concernLogs, concernIdentity, concernOther,
	}
}

// concernRule maps the type tokens that start with prefix to a concern.
type concernRule struct{ prefix, concern string }

// concernRules is the one table from type token to concern; the first
// matching prefix wins.
func concernRules() []concernRule {
	return []concernRule{
		{"aws:cloudwatch/logGroup:", concernLogs},
		{"aws:cloudwatch/logMetricFilter:", concernAlerts},
		{"aws:cloudwatch/metricAlarm:", concernAlerts},
		{"aws:cloudwatch/eventRule:", concernAlerts},
		{"aws:cloudwatch/eventTarget:", concernAlerts},
		{"aws:sns/", concernAlerts},
		{"aws:kms/", concernKeys},
		{"aws:s3/", concernStorage},
		{"aws:cloudtrail/", concernAudit},
		{"aws:cfg/", concernAudit},
		{"aws:guardduty/", concernAudit},
		{"aws:securityhub/", concernAudit},
		{"aws:iam/", concernIdentity},
		{"aws:accessanalyzer/", concernIdentity},
		{"aws:ebs/encryptionByDefault:", concernKeys},
		{"aws:ebs/defaultKmsKey:", concernKeys},

		{"aws:ec2/instance:", concernCompute},
		{"aws:ec2/volumeAttachment:", concernCompute},
		{"aws:ebs/volume:", concernCompute},
		{"aws:ec2/launchTemplate:", concernCompute},
		{"aws:ec2/keyPair:", concernCompute},

		{"aws:ec2/vpc", concernNetwork}, // vpc, vpcEndpoint*
		{"aws:ec2/subnet", concernNetwork},
		{"aws:ec2/route", concernNetwork}, // route, routeTable, routeTableAssociation
		{"aws:ec2/mainRouteTableAssociation:", concernNetwork},
		{"aws:ec2/defaultRouteTable:", concernNetwork},
		{"aws:ec2/internetGateway:", concernNetwork},
		{"aws:ec2/egressOnlyInternetGateway:", concernNetwork},
		{"aws:ec2/natGateway:", concernNetwork},
		{"aws:ec2/eip", concernNetwork}, // eip, eipAssociation
		{"aws:ec2/networkAcl", concernNetwork},
		{"aws:ec2/defaultNetworkAcl:", concernNetwork},
		{"aws:ec2/flowLog:", concernNetwork},
		{"aws:ec2/defaultSecurityGroup:", concernNetwork},
		{"aws:ec2/securityGroup", concernNetwork},
		{"aws:ec2/networkInterface", concernNetwork},
		{"aws:vpc/", concernNetwork},
	}
}

// concernOf is the table group of r: components for non-custom resources,
// else the first matching rule, else other.
func concernOf(r plan.Resource) string {
	if !r.Custom {
		return concernComponents
	}
	for _, rule := range concernRules() {
		if strings.HasPrefix(r.Type, rule.prefix) {
			return rule.concern
		}
	}
	return concernOther
}
