package audit

import (
	"time"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

const (
	dataIn    = "hipaa-data-in-123456789012-us-west-2"
	output    = "hipaa-output-123456789012-us-west-2"
	ancillary = "hipaa-ancillary-123456789012-us-west-2"
	logsBkt   = "hipaa-logs-123456789012-us-west-2"
	alice     = "arn:aws:sts::123456789012:assumed-role/sce-researcher/alice"
	bob       = "arn:aws:sts::123456789012:assumed-role/sce-admin/bob"
	mallory   = "arn:aws:iam::123456789012:user/mallory"
)

// t0 is when the fixtures' first hour starts.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// studyTrail writes two hours of a project's trail: uploads, reads through
// the VPC endpoint, a denied read, events outside the PHI buckets, and a
// digest after each hour.
func studyTrail(tr *trailtest.Trail) (logs, digests []string) {
	logs = append(logs, tr.WriteLog(at(5), []map[string]any{
		trailtest.Management(at(1), "ec2.amazonaws.com", "DescribeInstances"),
		trailtest.S3Event{Time: at(2), Action: "PutObject", Bucket: dataIn, Key: "cohort/patients.csv", Principal: bob, SourceIP: "198.51.100.7"}.Record(),
		trailtest.S3Event{Time: at(3), Action: "GetObject", Bucket: ancillary, Key: "conda.tar", Principal: alice, SourceIP: "10.16.1.10", Endpoint: "vpce-0abc"}.Record(),
	}))
	logs = append(logs, tr.WriteLog(at(20), []map[string]any{
		trailtest.S3Event{Time: at(12), Action: "GetObject", Bucket: dataIn, Key: "cohort/patients.csv", Principal: alice, SourceIP: "10.16.1.10", Endpoint: "vpce-0abc", BytesOut: 2048}.Record(),
		trailtest.S3Event{Time: at(11), Action: "GetObject", Bucket: dataIn, Key: "cohort/patients.csv", Principal: mallory, SourceIP: "203.0.113.9", ErrorCode: "AccessDenied"}.Record(),
	}))
	digests = append(digests, tr.WriteDigest(at(60)))
	logs = append(logs, tr.WriteLog(at(75), []map[string]any{
		trailtest.S3Event{Time: at(70), Action: "PutObject", Bucket: output, Key: "results/model.rds", Principal: alice, SourceIP: "10.16.1.10", Endpoint: "vpce-0abc"}.Record(),
		trailtest.S3Event{Time: at(71), Action: "GetObject", Bucket: "other-project-data-in-123456789012-us-west-2", Key: "x", Principal: alice, SourceIP: "10.16.1.10"}.Record(),
	}))
	digests = append(digests, tr.WriteDigest(at(120)))
	return logs, digests
}
