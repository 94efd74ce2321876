package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNoBucketNotifiesWhatCloseoutDoes: close-out deletes every version of
// every bucket it empties by version ID (s3:ObjectRemoved:Delete) and
// writes into the archive; neither may reach the alert addresses, or every
// close-out would flood them. Uploads to the working and log buckets are
// routine too.
func TestNoBucketNotifiesWhatCloseoutDoes(t *testing.T) {
	for _, role := range []string{DataIn, Output, Logs, Ancillary, AccessLogs, Config, Archive, Egress} {
		for _, e := range NotificationEvents(role) {
			assert.NotContains(t, []string{"s3:ObjectRemoved:Delete", "s3:ObjectRemoved:*", "s3:LifecycleExpiration:*"}, e, role)
			if role != Egress {
				assert.NotEqual(t, EventObjectCreated, e, "%s: every upload would be a message", role)
			}
		}
	}
}

func TestNotificationEventsByRole(t *testing.T) {
	failed := "s3:Replication:OperationFailedReplication"
	marker := "s3:ObjectRemoved:DeleteMarkerCreated"
	assert.Equal(t, map[string][]string{
		DataIn: {failed}, Output: {failed}, Ancillary: {failed},
		Logs: {failed, marker}, AccessLogs: {failed, marker}, Config: {failed, marker},
		Archive: {failed, marker, "s3:ObjectRestore:Post"}, Egress: {failed, "s3:ObjectCreated:*"},
		"a-role-added-later": {failed},
	}, map[string][]string{
		DataIn: NotificationEvents(DataIn), Output: NotificationEvents(Output), Ancillary: NotificationEvents(Ancillary),
		Logs: NotificationEvents(Logs), AccessLogs: NotificationEvents(AccessLogs), Config: NotificationEvents(Config),
		Archive: NotificationEvents(Archive), Egress: NotificationEvents(Egress),
		"a-role-added-later": NotificationEvents("a-role-added-later"),
	})
}
