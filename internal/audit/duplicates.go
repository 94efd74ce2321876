package audit

// The same log file must count once. A file reached twice (two sources
// that overlap, the same folder given twice, a link) is listed once: its
// real path or S3 object is the same. A copy of a log file elsewhere (a
// folder copied beside the original, a bucket synced into another) is
// found by its content: files of the same size are hashed (SHA-256 of the
// bytes as stored) while they are read, and of files with the same
// content only the first counts, in the order of the sources given,
// then of the names. Both are named in the
// report. Events are not matched by CloudTrail's eventID: that would hold
// the ID of every event read in memory, more than the audit's flat memory
// allows for millions of events; a log file CloudTrail delivered holds
// each event once, so a copy of the event is a copy of its file.

// dropSameFiles lists each file once: the first of the files with the same
// real path or S3 object. It returns the others as findings.
func dropSameFiles(files []file) (kept []file, dropped []Finding) {
	first := map[string]string{}
	for _, f := range files {
		if name, seen := first[f.real]; seen {
			dropped = append(dropped, Finding{File: f.name, Detail: sameFileDetail(f.name, name)})
			continue
		}
		first[f.real] = f.name
		kept = append(kept, f)
	}
	return kept, dropped
}

func sameFileDetail(name, first string) string {
	if name == first {
		return "is in more than one of the sources: read once"
	}
	return "is the same file as " + first + ": read once"
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

// copyFinding is the finding for a log file with the same content as the
// log file first.
func copyFinding(name, first string) Finding {
	return Finding{File: name, Detail: "has the same content as " + first + " (SHA-256 of the file as stored): a copy, read once"}
}
