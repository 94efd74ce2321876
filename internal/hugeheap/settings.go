package hugeheap

import (
	"fmt"
	"strings"
)

// The kernel settings Reserve reads.
const (
	thpEnabled  = "/sys/kernel/mm/transparent_hugepage/enabled"
	thpPageSize = "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"
	overcommit  = "/proc/sys/vm/overcommit_memory"
)

// settings are the kernel's and the process's settings that decide
// whether advice helps and is safe.
type settings struct {
	// thp is the content of thpEnabled ("always [madvise] never").
	thp string
	// overcommit is the content of /proc/sys/vm/overcommit_memory.
	overcommit string
	// godebug is the process's GODEBUG.
	godebug string
	// memLimit is the process's GOMEMLIMIT.
	memLimit string
	// limited names a finite limit on the process's address space
	// ("ulimit -v"); empty if there is none.
	limited string
	// bits32 is whether addresses have 32 bits.
	bits32 bool
}

// skipReason says why advising huge pages would be pointless or unsafe
// under s; empty when advice helps.
func (s settings) skipReason() string {
	switch {
	case hasSetting(s.godebug, "disablethp=1"):
		return "GODEBUG=disablethp=1 asks for a heap without huge pages"
	case hasSetting(s.godebug, "madvdontneed=0"):
		return "GODEBUG=madvdontneed=0: pages the heap returns may keep their contents, so the block could be zeroed page by page"
	case strings.TrimSpace(s.overcommit) == "2":
		return "strict overcommit accounting (vm.overcommit_memory=2) counts the reserved address space as memory"
	case s.memLimit != "" && s.memLimit != "off":
		return "GOMEMLIMIT=" + s.memLimit + " is set: the block would count toward it until it is freed"
	case hasSetting(s.godebug, "harddecommit=1"):
		return "GODEBUG=harddecommit=1 remaps the pages the heap returns, which drops their advice"
	case s.bits32:
		return "a 32-bit address space has no room to spare for a reserve"
	case s.limited != "":
		return "the address space is limited (" + s.limited + "): a large heap mapping could fail, which the Go runtime does not survive"
	}
	switch mode := selectedMode(s.thp); mode {
	case "madvise":
		return ""
	case "always":
		return "the kernel backs all memory with huge pages already (transparent_hugepage is always)"
	case "never":
		return "the kernel's transparent huge pages are off (transparent_hugepage is never)"
	default:
		return fmt.Sprintf("unknown transparent_hugepage setting %q", strings.TrimSpace(s.thp))
	}
}

// selectedMode is the bracketed choice of a THP setting: madvise for
// "always [madvise] never"; empty when none is bracketed.
func selectedMode(setting string) string {
	for _, f := range strings.Fields(setting) {
		if len(f) > 2 && strings.HasPrefix(f, "[") && strings.HasSuffix(f, "]") {
			return f[1 : len(f)-1]
		}
	}
	return ""
}

// hasSetting reports whether the comma-separated GODEBUG value godebug
// sets kv; the last setting of a name wins, as in the Go runtime.
func hasSetting(godebug, kv string) bool {
	name, _, _ := strings.Cut(kv, "=")
	found := false
	for _, s := range strings.Split(godebug, ",") {
		s = strings.TrimSpace(s)
		if n, _, _ := strings.Cut(s, "="); n == name {
			found = s == kv
		}
	}
	return found
}
