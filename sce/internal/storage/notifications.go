package storage

// S3 event types a bucket sends to its stack's alert topic. Each one is
// chosen so that a message means something to the people who read the
// alerts, and none is something sce itself does in normal work; the
// object-level trails record every other event already.
const (
	// EventReplicationFailed: S3 could not replicate an object to the
	// bucket's replica (a copy of the data or the evidence is missing).
	EventReplicationFailed = "s3:Replication:OperationFailedReplication"
	// EventDeleteMarkerCreated: someone deleted an object without naming a
	// version, which hides it; close-out deletes versions by ID, which is
	// s3:ObjectRemoved:Delete and not this event.
	EventDeleteMarkerCreated = "s3:ObjectRemoved:DeleteMarkerCreated"
	// EventObjectCreated: an object was written (on egress: a release).
	EventObjectCreated = "s3:ObjectCreated:*"
	// EventRestoreStarted: someone asked for an archived object back from
	// Glacier (on the archive: a closed project's data is being retrieved).
	EventRestoreStarted = "s3:ObjectRestore:Post"
)

// NotificationEvents are the S3 events a bucket of role sends to the
// alert topic: a failed replication on every bucket; a delete marker on
// the buckets that hold evidence (logs, access-logs, config, archive),
// where an object hidden without its version ID is evidence hidden; every
// new object on egress, where each one is a release; and a restore from
// Glacier on the archive. The working buckets (data-in, output,
// ancillary) send nothing else: deletions there are researchers' everyday
// work, recorded by the trails. No bucket sends s3:ObjectRemoved:Delete,
// which close-out causes for every version it deletes. A bucket's replica
// sends only EventReplicationFailed (the Bucket component sees to it): its
// other events are the source's, replicated, and would alert twice.
// EventReplicationFailed needs S3 Replication metrics on the replication
// rule, which the Bucket component turns on.
func NotificationEvents(role string) []string {
	events := []string{EventReplicationFailed}
	switch role {
	case Logs, AccessLogs, Config:
		events = append(events, EventDeleteMarkerCreated)
	case Archive:
		events = append(events, EventDeleteMarkerCreated, EventRestoreStarted)
	case Egress:
		events = append(events, EventObjectCreated)
	}
	return events
}
