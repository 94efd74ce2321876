package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNamedKeysAreInTheFieldTable: the keys other packages name are keys
// the stacks read, so a renamed field cannot leave a message or a lookup
// naming a key that no longer exists.
func TestNamedKeysAreInTheFieldTable(t *testing.T) {
	known := KnownConfigKeys()
	for _, k := range []string{KeyKind, KeyPIT, KeyRegion, KeyVpcCidr, KeyIRBProtocol, KeyTitle, KeyPrincipalInvestigator, KeyOwner,
		KeyStudyEndDate, KeyDataClass, KeyAvailabilityZone, KeyAllowedSSHCidrs, KeyAlertEmails, KeyResearchers, KeyWorkers,
		KeySchedule, KeySuspended, KeyEgress, KeyUsage, KeyBudget} {
		assert.Contains(t, known, k)
	}
	var c Config
	assert.True(t, hasField(c.fields(), KeySchedule, scheduleAutoStart), KeyScheduleAutoStart)
	assert.Equal(t, "sce:schedule.autoStart", KeyScheduleAutoStart)
	for _, f := range UsageFigures() {
		assert.True(t, hasField(c.fields(), KeyUsage, f.Name), UsageKey(f.Name))
	}
	assert.Equal(t, "sce:usage.s3StorageGb", UsageKey(UsageS3StorageGB))
	assert.Len(t, UsageFigures(), 16)
}

// hasField reports whether the structured key top of fields has the field name.
func hasField(fields []field, top, name string) bool {
	for _, f := range fields {
		if f.key != top {
			continue
		}
		obj, ok := f.value.(objectValue)
		if !ok {
			return false
		}
		for _, sub := range obj.fields() {
			if sub.key == name {
				return true
			}
		}
	}
	return false
}
