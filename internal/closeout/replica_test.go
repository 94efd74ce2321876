package closeout

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// withReplicas gives every project bucket of w its replica, holding what
// replication copied there: the replica of data-in one version of the
// cohort and a delete marker, of logs a log file. The stack's destroy
// deletes the replicas unless keep names them.
func withReplicas(w *world, keep ...sce.BucketRole) {
	for _, role := range sce.BucketRoles() {
		replica := sce.ReplicaBucketName(bucketOf(role))
		w.srv.Bucket(w.t, replica, true)
		if !contains(keep, role) {
			w.stack.buckets = append(w.stack.buckets, replica)
		}
	}
	dataIn := sce.ReplicaBucketName(bucketOf(sce.BucketDataIn))
	w.srv.Put(w.t, dataIn, "cohort/patients.csv", "id,name\n1,John Bigboote\n")
	w.srv.Put(w.t, dataIn, "cohort/withdrawn.csv", "consent withdrawn")
	w.srv.Delete(w.t, dataIn, "cohort/withdrawn.csv")
	w.srv.Put(w.t, sce.ReplicaBucketName(bucketOf(sce.BucketLogs)), "cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2027/06/30/a.json.gz", "log a")
}

func contains(roles []sce.BucketRole, role sce.BucketRole) bool {
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}

// TestCloseoutEmptiesReplicasAfterTheirBuckets: each replica is emptied
// right after its bucket, nothing of it is archived (the archive already
// holds its bucket's objects), and the no-trace check finds neither the
// buckets nor the replicas.
func TestCloseoutEmptiesReplicasAfterTheirBuckets(t *testing.T) {
	w := newWorld(t)
	withReplicas(w)
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, EmptyResult{Bucket: sce.ReplicaBucketName(bucketOf(sce.BucketDataIn)), Versions: 2, DeleteMarkers: 1}, st.Emptied["data-in-replica"])
	assert.Equal(t, EmptyResult{Bucket: sce.ReplicaBucketName(bucketOf(sce.BucketLogs)), Versions: 1}, st.Emptied["logs-replica"])
	assert.Equal(t, EmptyResult{Bucket: sce.ReplicaBucketName(bucketOf(sce.BucketOutput))}, st.Emptied["output-replica"])
	assert.Equal(t, w.want, w.archived(), "a replica adds nothing to the archive")
	i := slices.IndexFunc(st.Trace.Checks, func(c Check) bool { return c.Name == "project buckets and their replicas" })
	require.GreaterOrEqual(t, i, 0, "the bucket search ran")
	assert.Equal(t, []string{}, st.Trace.Checks[i].Found)
	var order []string
	for _, c := range w.srv.Requests() {
		if c.Method == "POST" && strings.HasPrefix(c.Query, "delete") && (c.Bucket == bucketOf(sce.BucketDataIn) || c.Bucket == sce.ReplicaBucketName(bucketOf(sce.BucketDataIn))) {
			order = append(order, c.Bucket)
		}
	}
	assert.Equal(t, []string{bucketOf(sce.BucketDataIn), sce.ReplicaBucketName(bucketOf(sce.BucketDataIn))}, order,
		"the replica is emptied after its bucket: what reaches it from the bucket until then is deleted too")
}

// TestNoTraceNamesALeftReplica: a replica the destroy left behind fails the
// no-trace check by name.
func TestNoTraceNamesALeftReplica(t *testing.T) {
	w := newWorld(t)
	withReplicas(w, sce.BucketOutput)
	_, err := w.run()
	require.Error(t, err)
	replica := sce.ReplicaBucketName(bucketOf(sce.BucketOutput))
	assert.Contains(t, err.Error(), "1 thing of project hipaa is left: bucket "+replica+" ")
	_, err = w.s3.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(replica)})
	require.NoError(t, err, "the replica is there, empty")
}

// TestReplicaKeysFollowReplicaNames: each replica's key in the close-out
// state and report adds to its role what sce's replica name adds to the
// role's bucket, for every bucket role, so the report's "<role>-replica"
// is the bucket whose name ends the same way.
func TestReplicaKeysFollowReplicaNames(t *testing.T) {
	require.NotEmpty(t, sce.BucketRoles())
	for _, role := range sce.BucketRoles() {
		suffix := strings.TrimPrefix(sce.ReplicaBucketName(bucketOf(role)), bucketOf(role))
		assert.Equal(t, "-replica", suffix, role)
		assert.Equal(t, string(role)+suffix, replicaKey(role), role)
	}
}
