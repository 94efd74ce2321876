package hugeheap

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSkipReason(t *testing.T) {
	madvise := "always [madvise] never\n"
	for _, tt := range []struct {
		name string
		s    settings
		want string
	}{
		{"madvise", settings{thp: madvise, overcommit: "0\n"}, ""},
		{"madvise, heuristic overcommit off", settings{thp: madvise, overcommit: "1\n"}, ""},
		{"always", settings{thp: "[always] madvise never\n", overcommit: "0\n"},
			"the kernel backs all memory with huge pages already (transparent_hugepage is always)"},
		{"never", settings{thp: "always madvise [never]\n", overcommit: "0\n"},
			"the kernel's transparent huge pages are off (transparent_hugepage is never)"},
		{"nothing selected", settings{thp: "always madvise never\n"},
			`unknown transparent_hugepage setting "always madvise never"`},
		{"strict overcommit", settings{thp: madvise, overcommit: "2\n"},
			"strict overcommit accounting (vm.overcommit_memory=2) counts the reserved address space as memory"},
		{"disablethp", settings{thp: madvise, godebug: "gctrace=1,disablethp=1"},
			"GODEBUG=disablethp=1 asks for a heap without huge pages"},
		{"disablethp set back", settings{thp: madvise, godebug: "disablethp=1,disablethp=0"}, ""},
		{"disablethp=0", settings{thp: madvise, godebug: "disablethp=0"}, ""},
		{"another setting's value", settings{thp: madvise, godebug: "xdisablethp=1"}, ""},
		{"set with another", settings{thp: madvise, godebug: "disablethp=1,gctrace=1"}, "GODEBUG=disablethp=1 asks for a heap without huge pages"},
		{"MADV_FREE", settings{thp: madvise, godebug: ",madvdontneed=0"},
			"GODEBUG=madvdontneed=0: pages the heap returns may keep their contents, so the block could be zeroed page by page"},
		{"GOMEMLIMIT", settings{thp: madvise, memLimit: "100MiB"}, "GOMEMLIMIT=100MiB is set: the block would count toward it until it is freed"},
		{"GOMEMLIMIT off", settings{thp: madvise, memLimit: "off"}, ""},
		{"32-bit", settings{thp: madvise, bits32: true}, "a 32-bit address space has no room to spare for a reserve"},
		{"harddecommit", settings{thp: madvise, godebug: "harddecommit=1"},
			"GODEBUG=harddecommit=1 remaps the pages the heap returns, which drops their advice"},
		{"ulimit -v", settings{thp: madvise, limited: "ulimit -v"},
			"the address space is limited (ulimit -v): a large heap mapping could fail, which the Go runtime does not survive"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.s.skipReason())
		})
	}
}

func TestSelectedMode(t *testing.T) {
	assert.Equal(t, "madvise", selectedMode("always [madvise] never"))
	assert.Equal(t, "always", selectedMode("[always] madvise never"))
	assert.Equal(t, "", selectedMode("always madvise never"))
	assert.Equal(t, "", selectedMode("[] madvise"))
}

func TestRegionString(t *testing.T) {
	assert.Equal(t, "62 MiB of heap advised for huge pages at 0x40200000",
		Region{Start: 0x40200000, Len: 62 << 20}.String())
	assert.Equal(t, "62 MiB of heap advised for huge pages at 0x40200000 (the runtime zeroed 8 MiB of it first, in small pages); "+
		"then the kernel refused to advise 6 MiB for huge pages: invalid argument",
		Region{Start: 0x40200000, Len: 62 << 20, Zeroed: 8 << 20,
			Skipped: "the kernel refused to advise 6 MiB for huge pages: invalid argument"}.String())
	assert.Equal(t, "no huge pages advised: the kernel's transparent huge pages are off (transparent_hugepage is never)",
		Region{Skipped: "the kernel's transparent huge pages are off (transparent_hugepage is never)"}.String())
}
