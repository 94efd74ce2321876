package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
)

// The same log file must count once. A file reached twice (two sources
// that overlap, the same folder given twice, a link) is listed once: its
// real path or S3 object is the same. A copy of a log file elsewhere (a
// folder copied beside the original, a bucket synced into another) is
// found by its content: files of the same size are hashed (SHA-256 of the
// bytes as stored) while they are read, and of files with the same
// content only the first counts, in the order of the sources given,
// then of the names; digest files likewise, hashed before the log files
// are read, with or without verification. Both are named in the
// report. Events are not matched by CloudTrail's eventID: that would hold
// the ID of every event read in memory, more than the audit's flat memory
// allows for millions of events; a log file CloudTrail delivered holds
// each event once, so a copy of the event is a copy of its file.

// leftOut is a file left out, name, and the file listed or read before
// it that it repeats, first: the same file (same real path or S3 object)
// or a copy of it.
type leftOut struct {
	name, first string
}

// dropSameFiles lists each file once: the first of the files with the same
// real path or S3 object. It returns the others.
func dropSameFiles(files []file) (kept []file, dropped []leftOut) {
	first := map[string]string{}
	for _, f := range files {
		if name, seen := first[f.real]; seen {
			dropped = append(dropped, leftOut{name: f.name, first: name})
			continue
		}
		first[f.real] = f.name
		kept = append(kept, f)
	}
	return kept, dropped
}

// sameFileDetail says why a file reached twice was left out. When the
// file it is the same as was itself left out as a copy of read (read is
// not ""), it names read, the file whose events count.
func sameFileDetail(s leftOut, read string) string {
	detail := "is the same file as " + s.first
	if s.name == s.first {
		detail = "is in more than one of the sources"
	}
	if read == "" {
		return detail + ": read once"
	}
	return detail + ", a copy of " + read + ": read once, as " + read
}

// markPossibleCopies sets hashed on the log files whose size another log
// file has: only they can be byte-identical copies.
func markPossibleCopies(logs []file) {
	sizes := map[int64]int{}
	for _, f := range logs {
		sizes[f.size]++
	}
	for i := range logs {
		logs[i].hashed = logs[i].size < 0 || sizes[logs[i].size] > 1
	}
}

// copyFinding is the finding for a log or digest file with the same
// content as the file first.
func copyFinding(name, first string) Finding {
	return Finding{File: name, Detail: "has the same content as " + first + " (SHA-256 of the file as stored): a copy, read once"}
}

// dropCopiedDigestFiles leaves out the digest files with the same bytes
// as stored as a digest before them (in the order of sortFiles), with or
// without verification, so that the files counted are the same either
// way. It returns each copy left out with the digest it copies. Only digests whose size another digest has are read and hashed; a
// digest that cannot be read stays, for the verification to name. A
// digest compressed again (other bytes, the same content) is found only
// when the digests are read to be verified (see dropCopiedDigests).
func dropCopiedDigestFiles(ctx context.Context, w int, digests []file) (kept []file, dropped []leftOut, err error) {
	markPossibleCopies(digests)
	first := map[string]string{}
	type sum struct {
		i   int
		sha string
	}
	err = parallel(ctx, w, len(digests), func() struct{} { return struct{}{} }, func(_ struct{}, i int) sum {
		if !digests[i].hashed {
			return sum{i, ""}
		}
		return sum{i, storedSHA256(ctx, digests[i])}
	}, func(s sum) {
		f := digests[s.i]
		if name, seen := first[s.sha]; seen && s.sha != "" {
			dropped = append(dropped, leftOut{name: f.name, first: name})
			return
		}
		first[s.sha] = f.name
		kept = append(kept, f)
	})
	if err != nil {
		return nil, nil, err
	}
	return kept, dropped, nil
}

// storedSHA256 is the hex SHA-256 of f as stored, or "" when it cannot be
// read.
func storedSHA256(ctx context.Context, f file) string {
	rc, _, err := f.open(ctx)
	if err != nil {
		return ""
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
