package audit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

const (
	benchFiles          = 200
	benchRecordsPerFile = 5000
)

// writeBenchTrail writes files × perFile records: 60% S3 data events on the
// project's PHI buckets, 20% on another bucket, 20% management events.
func writeBenchTrail(b testing.TB, dir string, files, perFile int) {
	b.Helper()
	principals := []string{alice, bob, mallory, "arn:aws:sts::123456789012:assumed-role/sce-researcher/carol"}
	for f := range files {
		var buf bytes.Buffer
		buf.WriteString(`{"Records":[`)
		for i := range perFile {
			if i > 0 {
				buf.WriteByte(',')
			}
			t := t0.Add(time.Duration(f*perFile+i) * time.Second).Format(time.RFC3339)
			p := principals[i%len(principals)]
			switch i % 5 {
			case 0, 1, 2:
				fmt.Fprintf(&buf, benchS3Record, t, "GetObject", p, dataIn, i%997, dataIn, i%997, dataIn)
			case 3:
				fmt.Fprintf(&buf, benchS3Record, t, "PutObject", p, "other-bucket", i, "other-bucket", i, "other-bucket")
			default:
				fmt.Fprintf(&buf, benchMgmtRecord, t)
			}
		}
		buf.WriteString("]}")
		path := filepath.Join(dir, fmt.Sprintf("cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2026/03/02/123456789012_CloudTrail_us-west-2_20260302T%04dZ_%04d.json.gz", f, f))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, trailtest.Gzip(buf.Bytes()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

const benchS3Record = `{"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"%[3]s","accountId":"123456789012","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/sce-researcher","accountId":"123456789012","userName":"sce-researcher"},"attributes":{"creationDate":"2026-03-02T09:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[1]s","eventSource":"s3.amazonaws.com","eventName":"%[2]s","awsRegion":"us-west-2","sourceIPAddress":"10.16.1.10","userAgent":"[aws-cli/2.15.0 Python/3.11 Linux/6.1 exe/x86_64.amzn.2023]","requestParameters":{"bucketName":"%[4]s","Host":"%[4]s.s3.us-west-2.amazonaws.com","key":"cohort/part-%05[5]d.parquet"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"SSEApplied":"SSE_KMS","AuthenticationMethod":"AuthHeader","x-amz-id-2":"abc","bytesTransferredOut":52428},"requestID":"ABCDEF0123456789","eventID":"6f1c2a9e-0000-0000-0000-000000000000","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::%[6]s/cohort/part-%05[7]d.parquet"},{"accountId":"123456789012","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::%[8]s"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012","vpcEndpointId":"vpce-0abc","vpcEndpointAccountId":"123456789012","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"s3.us-west-2.amazonaws.com"}}`

const benchMgmtRecord = `{"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-0abc","arn":"arn:aws:sts::123456789012:assumed-role/hipaa-worker/i-0abc","accountId":"123456789012"},"eventTime":"%s","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-west-2","sourceIPAddress":"10.16.1.10","userAgent":"aws-sdk-go-v2","requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,"requestID":"r","eventID":"e","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}`

// BenchmarkAuditMillionRecords reads one million records from 200 files
// and reports records per second and the peak heap in use.
func BenchmarkAuditMillionRecords(b *testing.B) {
	dir := b.TempDir()
	writeBenchTrail(b, dir, benchFiles, benchRecordsPerFile)
	runtime.GC()
	peak := sampleHeap()
	var rep *Report
	for b.Loop() {
		var err error
		rep, err = Run(context.Background(), Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
		if err != nil {
			b.Fatal(err)
		}
	}
	heap := peak()
	if rep.Records != benchFiles*benchRecordsPerFile {
		b.Fatalf("read %d records", rep.Records)
	}
	b.ReportMetric(float64(rep.Records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(rep.Len()), "events")
}

// sampleHeap samples the heap in use until the returned function is
// called, which returns the largest sample.
func sampleHeap() func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}
