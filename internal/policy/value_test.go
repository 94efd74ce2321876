package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
)

// TestOptionValuesShared: resources with the same options share one value,
// equal to optionsValue of each; options that differ in any field, or in
// ignoreChanges lists that joining would run together, do not.
func TestOptionValuesShared(t *testing.T) {
	parent := "urn:pulumi:hipaa::sce::sce:index:Environment::hipaa"
	rs := []plan.Resource{
		{Parent: parent},
		{Parent: parent},
		{Parent: parent, Options: plan.Options{Protect: true}},
		{Parent: parent, Options: plan.Options{DeleteBeforeReplace: true}},
		{Parent: parent + "x"},
		{Parent: parent, Options: plan.Options{IgnoreChanges: []string{"a", "b"}}},
		{Parent: parent, Options: plan.Options{IgnoreChanges: []string{"a", "b"}}},
		{Parent: parent, Options: plan.Options{IgnoreChanges: []string{"a:b"}}},
		{Parent: parent, Options: plan.Options{IgnoreChanges: []string{"1:a"}}},
		{Parent: parent, Options: plan.Options{IgnoreChanges: []string{"ab"}}},
	}
	values := optionValues(rs)
	require.Len(t, values, len(rs))
	distinct := map[any]bool{}
	for i, v := range values {
		assert.Equal(t, optionsValue(rs[i]), v, "resource %d", i)
		distinct[v] = true
	}
	assert.Same(t, values[0], values[1])
	assert.Same(t, values[5], values[6])
	assert.Len(t, distinct, 8)
}
