package sce_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce/internal/conformance"
)

// TestWarehousePassesTheOfficialRedshiftRules: every Redshift rule of AWS's
// HIPAA Security pack (as the official data lists them) is in sce's pack,
// the shipped omop stack's cluster passes each with the pack's parameters,
// and each check fails a cluster that breaks what the rule is about.
func TestWarehousePassesTheOfficialRedshiftRules(t *testing.T) {
	official, err := conformance.Official()
	require.NoError(t, err)
	var redshift []string
	for _, o := range official {
		for _, typ := range o.Types() {
			if typ == "AWS::Redshift::Cluster" && o.LeftOut == "" {
				redshift = append(redshift, o.Identifier)
			}
		}
	}
	assert.ElementsMatch(t, []string{"REDSHIFT_BACKUP_ENABLED", "REDSHIFT_CLUSTER_CONFIGURATION_CHECK",
		"REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK", "REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK", "REDSHIFT_REQUIRE_TLS_SSL"}, redshift,
		"the official pack's Redshift rules; enhanced VPC routing and the cluster's KMS key are checked by the policy pack, not by an official rule")

	rules, err := conformance.Rules()
	require.NoError(t, err)
	params := map[string]map[string]string{}
	for _, r := range rules {
		params[r.Identifier] = r.Parameters
	}
	omop := findStack(t, shippedStackPlans(t), "omop")
	require.Len(t, omop.Find(tRedshiftCluster), 1, "the omop stack has the warehouse")
	checks := warehouseChecks()
	breaks := map[string]func(r *plan.Resource){
		"REDSHIFT_BACKUP_ENABLED":                    func(r *plan.Resource) { r.Inputs["automatedSnapshotRetentionPeriod"] = 0.0 },
		"REDSHIFT_CLUSTER_CONFIGURATION_CHECK":       func(r *plan.Resource) { r.Inputs["encrypted"] = false },
		"REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK": func(r *plan.Resource) { r.Inputs["allowVersionUpgrade"] = false },
		"REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK":       func(r *plan.Resource) { r.Inputs["publiclyAccessible"] = true },
		"REDSHIFT_REQUIRE_TLS_SSL":                   func(r *plan.Resource) { r.PropertyDependencies["clusterParameterGroupName"] = nil },
	}
	for _, id := range redshift {
		t.Run(id, func(t *testing.T) {
			p, ok := params[id]
			require.True(t, ok, "%s is not in sce's pack", id)
			check := checks[id]
			require.NotNil(t, check, "%s has no offline check", id)
			assert.Empty(t, check([]*plan.Plan{omop}, p))
			broken := brokenCluster(omop, breaks[id])
			assert.Equal(t, []string{"omop-warehouse"}, failedResources(check([]*plan.Plan{broken}, p)), "the check fails a broken cluster")
		})
	}
}

// findStack is the plan of stack among plans.
func findStack(t *testing.T, plans []*plan.Plan, stack string) *plan.Plan {
	t.Helper()
	for _, p := range plans {
		if p.Stack == stack {
			return p
		}
	}
	t.Fatalf("no shipped stack %s", stack)
	return nil
}

// brokenCluster is a copy of p whose Redshift cluster break has changed.
func brokenCluster(p *plan.Plan, change func(r *plan.Resource)) *plan.Plan {
	q := *p
	q.Resources = make([]plan.Resource, len(p.Resources))
	for i, r := range p.Resources {
		if r.Type == tRedshiftCluster {
			in := map[string]any{}
			for k, v := range r.Inputs {
				in[k] = v
			}
			pd := map[string][]string{}
			for k, v := range r.PropertyDependencies {
				pd[k] = v
			}
			r.Inputs, r.PropertyDependencies = in, pd
			change(&r)
		}
		q.Resources[i] = r
	}
	return &q
}

// failedResources are the resources of failures.
func failedResources(fs []failure) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.resource)
	}
	return out
}
