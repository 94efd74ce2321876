package closeout

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// awsWire answers the JSON 1.1 operations of KMS, CloudWatch Logs and the
// tagging API, the REST operation of AWS Backup and the EC2 query
// operations the inspector and the retention lookups send, as AWS does on
// the wire, and records each operation it was asked.
type awsWire struct {
	mu    sync.Mutex
	asked []string
	// bodies are the request bodies, in the order of asked.
	bodies []string
}

// awsWireAnswers maps an operation to its response body; a body starting with
// "!" is a 400 error of that AWS error type.
var awsWireAnswers = map[string]string{
	"TrentService.DescribeKey":              `{"KeyMetadata":{"KeyId":"k1","KeyState":"PendingDeletion","DeletionDate":1767225600}}`,
	"Logs_20140328.DescribeLogGroups":       `{"logGroups":[{"logGroupName":"/sce/hipaa/flow"}]}`,
	"Logs_20140328.DescribeLogGroups+page2": `{"logGroups":[{"logGroupName":"/sce/hipaa/audit"}]}`,
	"ResourceGroupsTaggingAPI_20170126.GetResources": `{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:s3:::hipaa-data"}],` +
		`"PaginationToken":"2"}`,
	"ResourceGroupsTaggingAPI_20170126.GetResources+page2": `{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:sns:us-west-2:` +
		`123456789012:hipaa-alerts"}],"PaginationToken":""}`,
	"TrentService.DescribeKey+gone": `!NotFoundException`,
	"Logs_20140328.FilterLogEvents": `{"events":[{"logStreamName":"i-1/auth","timestamp":1780000000000,"ingestionTime":1780000000007,` +
		`"eventId":"e1","message":"Accepted publickey for alice"}],"nextToken":"f2"}`,
	"Logs_20140328.FilterLogEvents+page2": `{"events":[{"logStreamName":"i-1/audit","timestamp":1780000001000,` +
		`"ingestionTime":1780000001007,"eventId":"e2","message":"cat /data/x"}]}`,
	"GET /backup-vaults/hipaa-vault": `{"BackupVaultArn":"arn:aws:backup:us-west-2:123456789012:backup-vault:hipaa-vault",` +
		`"Locked":true,"MinRetentionDays":35}`,
	"GET /backup-vaults/hipaa-vault/recovery-points": `{"RecoveryPoints":[{"RecoveryPointArn":"arn:aws:ec2:us-west-2::image/ami-1",` +
		`"ResourceArn":"arn:aws:ec2:us-west-2:123456789012:instance/i-1","Status":"COMPLETED"}]}`,
	"DescribeImages": `<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><imagesSet><item><blockDeviceMapping>` +
		`<item><ebs><snapshotId>snap-1</snapshotId></ebs></item></blockDeviceMapping></item></imagesSet></DescribeImagesResponse>`,
	"DescribeNetworkInterfaces": `<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><networkInterfaceSet>` +
		`<item><networkInterfaceId>eni-1</networkInterfaceId><description>bastion</description></item></networkInterfaceSet>` +
		`</DescribeNetworkInterfacesResponse>`,
	"DescribeClusters": `<DescribeClustersResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/"><DescribeClustersResult>` +
		`<Clusters><Cluster><ClusterStatus>paused</ClusterStatus></Cluster></Clusters></DescribeClustersResult></DescribeClustersResponse>`,
	"DescribeClusterSnapshots": `<DescribeClusterSnapshotsResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">` +
		`<DescribeClusterSnapshotsResult><Snapshots><Snapshot><SnapshotIdentifier>hipaa-warehouse-final</SnapshotIdentifier>` +
		`<Status>available</Status><Encrypted>true</Encrypted></Snapshot></Snapshots></DescribeClusterSnapshotsResult>` +
		`</DescribeClusterSnapshotsResponse>`,
	"GET /backup-vaults/gone": `!ResourceNotFoundException`,
	"DescribeAddresses": `<DescribeAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><addressesSet>` +
		`<item><publicIp>198.51.100.7</publicIp><allocationId>eipalloc-1</allocationId></item></addressesSet></DescribeAddressesResponse>`,
}

func (w *awsWire) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	op := r.Header.Get("X-Amz-Target")
	switch {
	case op == "Logs_20140328.DescribeLogGroups" && strings.Contains(string(body), `"nextToken":"2"`),
		op == "ResourceGroupsTaggingAPI_20170126.GetResources" && strings.Contains(string(body), `"PaginationToken":"2"`),
		op == "Logs_20140328.FilterLogEvents" && strings.Contains(string(body), `"nextToken":"f2"`):
		op += "+page2"
	case op == "TrentService.DescribeKey" && strings.Contains(string(body), "key/gone"):
		op += "+gone"
	case op == "" && r.Method == http.MethodPost:
		op = strings.SplitN(strings.TrimPrefix(string(body), "Action="), "&", 2)[0]
	case op == "":
		op = r.Method + " " + strings.TrimSuffix(r.URL.Path, "/")
	}
	w.mu.Lock()
	w.asked = append(w.asked, op)
	w.bodies = append(w.bodies, string(body))
	w.mu.Unlock()
	answer, ok := awsWireAnswers[op]
	if op == "Logs_20140328.DescribeLogGroups" {
		answer = strings.TrimSuffix(answer, "}") + `,"nextToken":"2"}`
	}
	switch {
	case !ok:
		http.Error(rw, "unexpected operation "+op, http.StatusNotImplemented)
	case strings.HasPrefix(answer, "!"):
		rw.Header().Set("X-Amzn-Errortype", answer[1:])
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(rw, `{"__type":"`+answer[1:]+`","message":"not found"}`)
	default:
		if strings.HasPrefix(answer, "<") {
			rw.Header().Set("Content-Type", "text/xml")
		} else {
			rw.Header().Set("Content-Type", "application/x-amz-json-1.1")
		}
		_, _ = io.WriteString(rw, answer)
	}
}

// wireConfig is an AWS configuration whose every service is srv.
func wireConfig(srv *httptest.Server) aws.Config {
	return aws.Config{Region: "us-west-2", BaseEndpoint: aws.String(srv.URL), HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}
}

// TestAWSInspectorOnTheWire: the inspector's clients send the operations
// and read the answers of the real AWS protocols.
func TestAWSInspectorOnTheWire(t *testing.T) {
	wire := &awsWire{}
	srv := httptest.NewServer(wire)
	defer srv.Close()
	in, ctx := NewAWSInspector(wireConfig(srv)), context.Background()

	state, deletion, err := in.KeyState(ctx, "arn:aws:kms:us-west-2:123456789012:key/k1")
	require.NoError(t, err)
	assert.Equal(t, "PendingDeletion", state)
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), deletion.UTC())
	state, _, err = in.KeyState(ctx, "arn:aws:kms:us-west-2:123456789012:key/gone")
	require.NoError(t, err, "a key KMS does not find is gone, not an error")
	assert.Empty(t, state)

	groups, err := in.LogGroups(ctx, "/sce/hipaa")
	require.NoError(t, err)
	assert.Equal(t, []string{"log group /sce/hipaa/flow", "log group /sce/hipaa/audit"}, groups)

	tagged, err := in.TaggedResources(ctx, "hipaa")
	require.NoError(t, err)
	assert.Equal(t, []string{"arn:aws:s3:::hipaa-data", "arn:aws:sns:us-west-2:123456789012:hipaa-alerts"}, tagged,
		"both pages of the tagging API (the module predates its newer paginator middleware)")

	ips, err := in.ElasticIPs(ctx, "hipaa", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Elastic IP 198.51.100.7 (eipalloc-1)"}, ips)

	enis, err := in.NetworkInterfaces(ctx, "", "hipaa")
	require.NoError(t, err)
	assert.Equal(t, []string{"network interface eni-1 (bastion)"}, enis)

	assert.Equal(t, []string{"TrentService.DescribeKey", "TrentService.DescribeKey+gone", "Logs_20140328.DescribeLogGroups",
		"Logs_20140328.DescribeLogGroups+page2", "ResourceGroupsTaggingAPI_20170126.GetResources",
		"ResourceGroupsTaggingAPI_20170126.GetResources+page2", "DescribeAddresses", "DescribeNetworkInterfaces"}, wire.asked)
}

// TestAWSRetentionOnTheWire: the retention lookups read a vault with an AMI
// recovery point, a missing vault, and the warehouse's cluster and final
// snapshot over the Backup REST, EC2 and Redshift query protocols.
func TestAWSRetentionOnTheWire(t *testing.T) {
	wire := &awsWire{}
	srv := httptest.NewServer(wire)
	defer srv.Close()
	r, ctx := NewAWSRetention(wireConfig(srv)), context.Background()

	v, err := r.BackupVault(ctx, "hipaa-vault")
	require.NoError(t, err)
	assert.Equal(t, Vault{Exists: true, Arn: "arn:aws:backup:us-west-2:123456789012:backup-vault:hipaa-vault", Locked: true,
		MinRetentionDays: 35, Points: []RecoveryPoint{{Arn: "arn:aws:ec2:us-west-2::image/ami-1",
			ResourceArn: "arn:aws:ec2:us-west-2:123456789012:instance/i-1", Status: "COMPLETED",
			Backing: []string{"arn:aws:ec2:us-west-2::snapshot/snap-1"}}}}, v)

	gone, err := r.BackupVault(ctx, "gone")
	require.NoError(t, err)
	assert.Equal(t, Vault{}, gone)

	status, err := r.WarehouseStatus(ctx, "hipaa-warehouse")
	require.NoError(t, err)
	assert.Equal(t, "paused", status)

	snap, err := r.WarehouseSnapshot(ctx, "hipaa-warehouse-final")
	require.NoError(t, err)
	assert.Equal(t, &Snapshot{ID: "hipaa-warehouse-final", Status: "available", Encrypted: true}, snap)

	assert.Equal(t, []string{"GET /backup-vaults/hipaa-vault", "GET /backup-vaults/hipaa-vault/recovery-points", "DescribeImages",
		"GET /backup-vaults/gone", "DescribeClusters", "DescribeClusterSnapshots"}, wire.asked)
}

// TestAWSLogsOnTheWire: the CloudWatch Logs client reads every page of a
// group's events, from its first to the export's end, over the JSON 1.1
// protocol.
func TestAWSLogsOnTheWire(t *testing.T) {
	wire := &awsWire{}
	srv := httptest.NewServer(wire)
	defer srv.Close()
	var out bytes.Buffer
	until := time.Date(2027, 7, 1, 9, 0, 0, 0, time.UTC)
	n, err := writeEvents(context.Background(), NewAWSLogs(wireConfig(srv)), "/sce/hipaa/ssh", until, &out)
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	assert.Equal(t, `{"logStreamName":"i-1/auth","timestamp":1780000000000,"ingestionTime":1780000000007,"eventId":"e1","message":"Accepted publickey for alice"}
{"logStreamName":"i-1/audit","timestamp":1780000001000,"ingestionTime":1780000001007,"eventId":"e2","message":"cat /data/x"}
`, gunzip(t, out.String()))
	assert.Equal(t, []string{"Logs_20140328.FilterLogEvents", "Logs_20140328.FilterLogEvents+page2"}, wire.asked)
	assert.JSONEq(t, `{"logGroupName":"/sce/hipaa/ssh","endTime":1814432400000,"startFromHead":true}`, wire.bodies[0])
}

// TestAWSLogsRetriesThrottling: the CloudWatch Logs reader asks for a page
// up to logsMaxAttempts times while FilterLogEvents answers
// ThrottlingException, and fails after that (the backoff is zeroed here).
func TestAWSLogsRetriesThrottling(t *testing.T) {
	for _, throttled := range []int{logsMaxAttempts - 1, logsMaxAttempts} {
		var asked int
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
			asked++
			rw.Header().Set("Content-Type", "application/x-amz-json-1.1")
			if asked <= throttled {
				rw.Header().Set("X-Amzn-Errortype", "ThrottlingException")
				rw.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(rw, `{"__type":"ThrottlingException","message":"Rate exceeded"}`)
				return
			}
			_, _ = io.WriteString(rw, `{"events":[{"logStreamName":"i-1/auth","timestamp":1780000000000,"eventId":"e1","message":"m"}]}`)
		}))
		cfg := wireConfig(srv)
		cfg.Retryer = func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}
		n, err := writeEvents(context.Background(), NewAWSLogs(cfg), "/sce/hipaa/ssh", time.Now(), io.Discard)
		srv.Close()
		if throttled < logsMaxAttempts {
			require.NoError(t, err)
			assert.Equal(t, int64(1), n)
			assert.Equal(t, throttled+1, asked)
			continue
		}
		require.ErrorContains(t, err, "ThrottlingException")
		assert.Equal(t, logsMaxAttempts, asked)
	}
}
