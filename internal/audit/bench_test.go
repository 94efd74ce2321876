package audit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/sce-dev/sce/internal/cputime"
)

// The benchmark trail: benchFiles log files of benchRecordsPerFile records,
// made from benchTemplates distinct contents (compressing five million
// records would take longer than reading them). Each file's gzip header
// has a time of its own, so that no two files are byte-identical: the
// audit reads a copy of a file once.
const (
	benchFiles          = 1000
	benchRecordsPerFile = 5000
	benchTemplates      = 16
)

// BenchmarkAuditFiveMillionRecords reads five million CloudTrail records
// (1,000 gzip files: 60% S3 data events on the project's PHI buckets, 20%
// on another bucket, 20% management events) and writes the report of the
// three million matching events as CSV. It reports records read per second
// (of wall-clock time, and of the process's CPU time, which is what counts
// on a busy machine) and the peak heap in use while reading and writing,
// and the CPU time of each run's two phases: reading the files (on every
// CPU) and writing the report (merging the events back in time order, on
// one).
func BenchmarkAuditFiveMillionRecords(b *testing.B) {
	dir := b.TempDir()
	writeBenchTrail(b, dir, benchFiles, benchTemplates, benchRecordsPerFile)
	runtime.GC()
	peak := sampleHeap()
	cpu := cputime.Used()
	var rep *Report
	var readCPU, writeCPU time.Duration
	for b.Loop() {
		var err error
		start := cputime.Used()
		rep, err = Run(context.Background(), provenance(Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}}))
		if err != nil {
			b.Fatal(err)
		}
		read := cputime.Used()
		if err := rep.Write(io.Discard, "csv"); err != nil {
			b.Fatal(err)
		}
		if err := rep.Close(); err != nil {
			b.Fatal(err)
		}
		readCPU, writeCPU = readCPU+read-start, writeCPU+cputime.Used()-read
	}
	heap, cpu := peak(), cputime.Used()-cpu
	b.ReportMetric(readCPU.Seconds()/float64(b.N), "read-cpu-s/op")
	b.ReportMetric(writeCPU.Seconds()/float64(b.N), "write-cpu-s/op")
	if rep.Records != benchFiles*benchRecordsPerFile || rep.Len() != benchFiles*benchRecordsPerFile*3/5 {
		b.Fatalf("read %d records, %d events", rep.Records, rep.Len())
	}
	b.ReportMetric(float64(rep.Records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		b.ReportMetric(float64(rep.Records)*float64(b.N)/cpu.Seconds(), "records/cpu-s")
	}
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(rep.Len()), "events")
}

// writeBenchTrail writes files log files of perFile records into dir,
// made from n distinct contents.
func writeBenchTrail(b testing.TB, dir string, files, n, perFile int) {
	b.Helper()
	templates := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range templates {
		wg.Go(func() { templates[i] = benchLogFile(uint64(i), perFile) })
	}
	wg.Wait()
	folder := filepath.Join(dir, "cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2026/03/02")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		b.Fatal(err)
	}
	for f := range files {
		delivered := t0.Add(time.Duration(f) * 5 * time.Minute).Format("20060102T1504Z")
		name := fmt.Sprintf("123456789012_CloudTrail_us-west-2_%s_%04dabcd.json.gz", delivered, f)
		if err := os.WriteFile(filepath.Join(folder, name), stampGzip(templates[f%n], uint32(f+1)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// stampGzip is a copy of the gzip file data whose header says it was
// modified at mtime (seconds since 1970): other bytes, the same content.
func stampGzip(data []byte, mtime uint32) []byte {
	out := bytes.Clone(data)
	binary.LittleEndian.PutUint32(out[4:8], mtime)
	return out
}

// benchLogFile is one gzip log file of n records whose IDs, addresses and
// sizes vary as CloudTrail's do, so that it compresses about as well as a
// real one.
func benchLogFile(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 42))
	principals := []string{alice, bob, mallory, "arn:aws:sts::123456789012:assumed-role/sce-researcher/carol"}
	start := t0.Add(time.Duration(seed) * time.Duration(n) * time.Second)
	var buf bytes.Buffer
	buf.WriteString(`{"Records":[`)
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		r := benchFields{t: start.Add(time.Duration(i) * time.Second).Format(time.RFC3339), rng: rng}
		p := principals[i%len(principals)]
		switch i % 5 {
		case 0, 1:
			r.s3(&buf, "GetObject", p, dataIn, i%997)
		case 2:
			r.s3(&buf, "PutObject", p, output, i%997)
		case 3:
			r.s3(&buf, "GetObject", p, "other-bucket", i)
		default:
			r.management(&buf)
		}
	}
	buf.WriteString("]}")
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, _ = zw.Write(buf.Bytes())
	_ = zw.Close()
	return out.Bytes()
}

// benchFields writes the varying fields of one record.
type benchFields struct {
	t   string
	rng *rand.Rand
}

func (f benchFields) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[f.rng.IntN(16)]
	}
	return string(b)
}

func (f benchFields) uuid() string {
	return f.hex(8) + "-" + f.hex(4) + "-" + f.hex(4) + "-" + f.hex(4) + "-" + f.hex(12)
}

func (f benchFields) ip() string {
	return "10.16." + strconv.Itoa(f.rng.IntN(4)) + "." + strconv.Itoa(4+f.rng.IntN(250))
}

func (f benchFields) id2() string {
	b := make([]byte, 57)
	for i := range b {
		b[i] = byte(f.rng.Uint32())
	}
	return base64.StdEncoding.EncodeToString(b)
}

// s3 writes an S3 data event on object cohort/part-<n>.parquet of bucket.
func (f benchFields) s3(buf *bytes.Buffer, action, principal, bucket string, n int) {
	session := principal[len(principal)-5:]
	fmt.Fprintf(buf, benchS3Record, f.t, action, principal, bucket, n, f.hex(12), session, f.ip(), f.rng.IntN(1<<26),
		f.id2(), f.hex(16), f.uuid(), action == "GetObject")
}

// management writes an EC2 management event.
func (f benchFields) management(buf *bytes.Buffer) {
	names := []string{"DescribeInstances", "DescribeVolumes", "DescribeTags", "DescribeInstanceStatus"}
	fmt.Fprintf(buf, benchMgmtRecord, f.t, names[f.rng.IntN(len(names))], f.hex(17), f.ip(), f.hex(16), f.uuid())
}

const benchS3Record = `{"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROA%[6]s:%[7]s","arn":"%[3]s",` +
	`"accountId":"123456789012","accessKeyId":"ASIA%[6]s","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA%[6]s",` +
	`"arn":"arn:aws:iam::123456789012:role/sce-researcher","accountId":"123456789012","userName":"sce-researcher"},` +
	`"attributes":{"creationDate":"2026-03-02T09:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[1]s",` +
	`"eventSource":"s3.amazonaws.com","eventName":"%[2]s","awsRegion":"us-west-2","sourceIPAddress":"%[8]s",` +
	`"userAgent":"[aws-cli/2.15.0 Python/3.11.6 Linux/6.1.72-96.166.amzn2023.x86_64 exe/x86_64.amzn.2023 command/s3.cp]",` +
	`"requestParameters":{"bucketName":"%[4]s","Host":"%[4]s.s3.us-west-2.amazonaws.com","key":"cohort/part-%05[5]d.parquet"},` +
	`"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256",` +
	`"bytesTransferredIn":0,"SSEApplied":"SSE_KMS","AuthenticationMethod":"AuthHeader","x-amz-id-2":"%[10]s",` +
	`"bytesTransferredOut":%[9]d},"requestID":"%[11]s","eventID":"%[12]s","readOnly":%[13]t,` +
	`"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::%[4]s/cohort/part-%05[5]d.parquet"},` +
	`{"accountId":"123456789012","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::%[4]s"}],"eventType":"AwsApiCall",` +
	`"managementEvent":false,"recipientAccountId":"123456789012","vpcEndpointId":"vpce-0abc","vpcEndpointAccountId":"123456789012",` +
	`"eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256",` +
	`"clientProvidedHostHeader":"%[4]s.s3.us-west-2.amazonaws.com"}}`

const benchMgmtRecord = `{"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-%[3]s",` +
	`"arn":"arn:aws:sts::123456789012:assumed-role/hipaa-worker/i-%[3]s","accountId":"123456789012"},"eventTime":"%[1]s",` +
	`"eventSource":"ec2.amazonaws.com","eventName":"%[2]s","awsRegion":"us-west-2","sourceIPAddress":"%[4]s",` +
	`"userAgent":"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.173.0",` +
	`"requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,"requestID":"%[5]s","eventID":"%[6]s",` +
	`"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}`

// sampleHeap samples the heap in use until the returned function is
// called, which returns the largest sample.
func sampleHeap() func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
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
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}
