package closeout

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

const deployment = `{"manifest":{"time":"2026-03-01T00:00:00Z","version":"v3.263.0"},"secrets_providers":{"type":"service"},
"resources":[
 {"urn":"urn:pulumi:hipaa::sce::pulumi:pulumi:Stack::sce-hipaa","type":"pulumi:pulumi:Stack","custom":false,
  "created":"2026-03-01T12:00:00.123456789Z","modified":"2026-06-01T08:00:00Z"},
 {"urn":"urn:pulumi:hipaa::sce::aws:s3/bucketV2:BucketV2::hipaa-data-in","type":"aws:s3/bucketV2:BucketV2","custom":true,"protect":true,
  "inputs":{"tags":{"sce:pit":"hipaa","Name":"hipaa-data-in"}},"outputs":{"objectLockEnabled":false,"bytes":12345678901234567890}},
 {"urn":"urn:pulumi:hipaa::sce::aws:kms/key:Key::hipaa-key","type":"aws:kms/key:Key","custom":true,"protect":true,"retainOnDelete":true,
  "outputs":{"deletionWindowInDays":30,"tagsAll":{"sce:pit":"hipaa"}}},
 {"urn":"urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-ssh-log-group","type":"aws:cloudwatch/logGroup:LogGroup","custom":true,
  "id":"/sce/hipaa/ssh","outputs":{"name":"/sce/hipaa/ssh","retentionInDays":731}},
 {"urn":"urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-flow-logs-log-group","type":"aws:cloudwatch/logGroup:LogGroup","custom":true,
  "outputs":{"name":"/sce/hipaa/flow-logs"}},
 {"urn":"urn:pulumi:hipaa::sce::aws:s3/bucketPolicy:BucketPolicy::hipaa-data-in-policy","type":"aws:s3/bucketPolicy:BucketPolicy","custom":true,
  "id":"hipaa-data-in-1","dependencies":["urn:pulumi:hipaa::sce::aws:s3/bucketV2:BucketV2::hipaa-data-in"],
  "propertyDependencies":{"bucket":["urn:pulumi:hipaa::sce::aws:s3/bucketV2:BucketV2::hipaa-data-in"],"policy":[]}}
]}`

func TestUnprotectDeploymentKeepsEverythingElse(t *testing.T) {
	out, n, err := unprotectDeployment(json.RawMessage(deployment))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	res, err := deploymentResources(out)
	require.NoError(t, err)
	for _, r := range res {
		assert.False(t, r.Protected, r.URN)
	}
	assert.Contains(t, string(out), `"bytes":12345678901234567890`, "large numbers survive")
	assert.Contains(t, string(out), `"secrets_providers":{"type":"service"}`)
}

func TestDeploymentResources(t *testing.T) {
	res, err := deploymentResources(json.RawMessage(deployment))
	require.NoError(t, err)
	assert.Equal(t, []Resource{
		{URN: "urn:pulumi:hipaa::sce::pulumi:pulumi:Stack::sce-hipaa", Type: "pulumi:pulumi:Stack", Created: time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)},
		{URN: "urn:pulumi:hipaa::sce::aws:s3/bucketV2:BucketV2::hipaa-data-in", Type: awstype.S3BucketV2, Protected: true, Custom: true, Tagged: true},
		{URN: "urn:pulumi:hipaa::sce::aws:kms/key:Key::hipaa-key", Type: awstype.KMSKey, Protected: true, RetainOnDelete: true, Custom: true, Tagged: true},
		{URN: "urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-ssh-log-group", Type: awstype.CloudWatchLogGroup, ID: "/sce/hipaa/ssh", Custom: true},
		{URN: "urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-flow-logs-log-group", Type: awstype.CloudWatchLogGroup, ID: "/sce/hipaa/flow-logs", Custom: true},
		{URN: "urn:pulumi:hipaa::sce::aws:s3/bucketPolicy:BucketPolicy::hipaa-data-in-policy", Type: awstype.S3BucketPolicy, ID: "hipaa-data-in-1", Custom: true,
			PropertyDependencies: map[string][]string{"bucket": {"urn:pulumi:hipaa::sce::aws:s3/bucketV2:BucketV2::hipaa-data-in"}, "policy": {}}},
	}, res)
	withParent, notChecked := coverage(res)
	assert.Equal(t, map[string]int{awstype.S3BucketPolicy: 1}, withParent, "the policy's bucket property came from a bucket looked for")
	assert.Equal(t, map[string]int{awstype.CloudWatchLogGroup: 2}, notChecked)
	groups, err := logGroupNames(res)
	require.NoError(t, err)
	assert.Equal(t, []string{"/sce/hipaa/ssh", "/sce/hipaa/flow-logs"}, groups, "a log group's name is its ID, else its name output")
	assert.Equal(t, "20260301T120000Z", instanceOf(res, "arn:aws:kms:us-west-2:123456789012:key/x"))
	_, err = deploymentResources(json.RawMessage(`[`))
	assert.EqualError(t, err, "read stack state: unexpected end of JSON input")
}

func TestStateSurvivesARerunAndRefusesAnotherStack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hipaa.json")
	st, err := loadState(path, "hipaa", testNow)
	require.NoError(t, err)
	st.record(StepPreflight, statusDone, "ok", testNow)
	st.record(StepArchive, statusFailed, "AccessDenied", testNow)
	require.NoError(t, st.save(path))

	again, err := loadState(path, "hipaa", testNow)
	require.NoError(t, err)
	assert.True(t, again.done(StepPreflight))
	assert.False(t, again.done(StepArchive))
	_, err = loadState(path, "omop", testNow)
	assert.EqualError(t, err, `close-out state `+path+` is for stack "hipaa", format 4 (this sce writes format 4 for stack "omop"): `+
		`finish that close-out with the sce that started it, or move the file away`)

	// A close-out an earlier sce began (format 2) is not resumed: it did not
	// record what this one's report and checks rely on.
	st.Version = 2
	require.NoError(t, st.save(path))
	_, err = loadState(path, "hipaa", testNow)
	assert.EqualError(t, err, `close-out refused: `+path+` is the state of a close-out of stack "hipaa" that an sce writing format 2 `+
		`began (this sce writes format 4, and would report what that one never recorded): finish it with the sce that began it`)
	assert.ErrorIs(t, err, ErrRefused)
	st.record(StepReport, statusDone, "", testNow)
	st.Outputs.ArchiveBucket, st.Outputs.PIT, st.Instance = "acct-archive", "hipaa", "20260301T120000Z"
	require.NoError(t, st.save(path))
	_, err = loadState(path, "hipaa", testNow)
	assert.EqualError(t, err, `close-out refused: `+path+` is the state of a close-out of stack "hipaa" that an sce writing format 2 `+
		`finished (this sce writes format 4): its report is s3://acct-archive/closeout/hipaa/20260301T120000Z/CLOSEOUT-REPORT.md; `+
		`this sce neither resumes nor rechecks it`)
}

func TestOneCloseoutAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hipaa.lock")
	unlock, err := lock(path)
	require.NoError(t, err)
	_, err = lock(path)
	assert.EqualError(t, err, "another close-out of this stack is running from this state directory (lock file "+path+"); if none is, remove the file")
	unlock()
	unlock2, err := lock(path)
	require.NoError(t, err)
	unlock2()
}

func TestParseOutputsNamesWhatIsMissing(t *testing.T) {
	_, err := parseOutputs(map[string]any{"pit": "hipaa", "bucketNames": map[string]any{"data-in": "x"}})
	assert.EqualError(t, err, "the stack has no output bucketNames.access-logs, bucketNames.logs, bucketNames.output, "+
		"bucketNames.ancillary, bucketNames.egress, kmsKeyArn: is it an sce project stack, deployed with `pulumi up`?")
}

// TestStateRecordsEveryBuildThatRan: a close-out resumed by another sce
// build records both, in order, once each, as it does operators.
func TestStateRecordsEveryBuildThatRan(t *testing.T) {
	st := &State{}
	st.ran("arn:aws:sts::1:assumed-role/a/x", "sce v1.4.0, commit a")
	st.ran("arn:aws:sts::1:assumed-role/a/x", "sce v1.5.0, commit b")
	st.ran("arn:aws:sts::1:assumed-role/a/x", "sce v1.4.0, commit a")
	assert.Equal(t, []string{"sce v1.4.0, commit a", "sce v1.5.0, commit b"}, st.Builds)
	assert.Equal(t, []string{"arn:aws:sts::1:assumed-role/a/x"}, st.Operators)
}
