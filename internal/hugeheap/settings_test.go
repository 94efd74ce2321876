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
			"strict overcommit accounting (vm.overcommit_memory=2) would count the reserved address space as memory"},
		{"disablethp", settings{thp: madvise, godebug: "gctrace=1,disablethp=1"},
			"GODEBUG=disablethp=1 asks for a heap without huge pages"},
		{"disablethp set back", settings{thp: madvise, godebug: "disablethp=1,disablethp=0"}, ""},
		{"disablethp=0", settings{thp: madvise, godebug: "disablethp=0"}, ""},
		{"another setting's value", settings{thp: madvise, godebug: "xdisablethp=1"}, ""},
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
	assert.Equal(t, "62 MiB of heap advised for huge pages at 0xc000200000",
		Region{Start: 0xc000200000, Len: 62 << 20}.String())
	assert.Equal(t, "no huge pages advised: the kernel's transparent huge pages are off (transparent_hugepage is never)",
		Region{Skipped: "the kernel's transparent huge pages are off (transparent_hugepage is never)"}.String())
}
