//go:build linux

// Package hugeheaptest reads what the kernel says about the process's
// memory, for tests of huge page advice: the mapping that holds an address
// (its flags and how much of it huge pages back) and how often the kernel
// could not find a huge page to fault in.
package hugeheaptest

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Mapping is one entry of /proc/self/smaps.
type Mapping struct {
	// Start and End are the mapping's addresses, End excluded.
	Start, End uintptr
	// Flags are its VmFlags; "hg" is madvise(MADV_HUGEPAGE).
	Flags []string
	// RssKiB is how much of it is resident.
	RssKiB int
	// AnonHugeKiB is how much of it huge pages back.
	AnonHugeKiB int
}

// Advised reports whether the mapping is advised for huge pages.
func (m Mapping) Advised() bool {
	for _, f := range m.Flags {
		if f == "hg" {
			return true
		}
	}
	return false
}

// MappingOf is the mapping of /proc/self/smaps that holds addr.
func MappingOf(addr uintptr) (Mapping, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return Mapping{}, err
	}
	defer f.Close()
	var cur *Mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if m, ok := mappingHeader(fields[0]); ok {
			if cur != nil && cur.Start <= addr && addr < cur.End {
				return *cur, nil
			}
			cur = &m
			continue
		}
		if cur != nil {
			cur.add(fields)
		}
	}
	if err := sc.Err(); err != nil {
		return Mapping{}, err
	}
	if cur != nil && cur.Start <= addr && addr < cur.End {
		return *cur, nil
	}
	return Mapping{}, fmt.Errorf("no mapping of /proc/self/smaps holds %#x", addr)
}

// mappingHeader parses the "start-end" that opens an smaps entry.
func mappingHeader(field string) (Mapping, bool) {
	lo, hi, ok := strings.Cut(field, "-")
	if !ok {
		return Mapping{}, false
	}
	start, err1 := strconv.ParseUint(lo, 16, 64)
	end, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil {
		return Mapping{}, false
	}
	return Mapping{Start: uintptr(start), End: uintptr(end)}, true
}

// add records the line of fields if it is one Mapping keeps.
func (m *Mapping) add(fields []string) {
	switch {
	case fields[0] == "VmFlags:":
		m.Flags = fields[1:]
	case fields[0] == "Rss:" && len(fields) > 1:
		m.RssKiB, _ = strconv.Atoi(fields[1])
	case fields[0] == "AnonHugePages:" && len(fields) > 1:
		m.AnonHugeKiB, _ = strconv.Atoi(fields[1])
	}
}

// FaultFallbacks is how often the kernel has had to fault in small pages
// where a huge page was wanted (thp_fault_fallback of /proc/vmstat), for
// a test to tell a kernel short of huge pages from advice not taken.
func FaultFallbacks() (uint64, error) {
	raw, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "thp_fault_fallback "); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/vmstat has no thp_fault_fallback")
}
