// Package atstart advises a stretch of a program's heap for transparent
// huge pages while the program starts, before the packages that allocate
// most at start are initialized (see package hugeheap). Import it for its
// side effect in a main package:
//
//	import _ "github.com/sce-dev/sce/internal/hugeheap/atstart"
//
// Go initializes packages in import-path order among those whose imports
// are ready, whatever the order of the import lines. This one's imports
// (hugeheap's included) are all initialized early, so it runs before the
// Pulumi SDK, OPA and protobuf. Importing a package that sorts late, such
// as runtime/debug, would move it behind protobuf: cmd/sce's
// TestHugePagesAdvisedBeforeTheHeavyPackages guards the order.
package atstart

import "github.com/sce-dev/sce/internal/hugeheap"

// Size is how much heap is advised at start: address space, not memory,
// enough for `sce plan --all` of about 80 stacks (6 MiB each), and more
// about ten times what `sce plan` of one stack grows its heap by. Reserve takes less on
// a machine with less than 2 GiB, and none when GOMEMLIMIT is set.
const Size = 512 << 20

// region is what the advice at start did.
var region = hugeheap.Reserve(Size)

// Result is what the advice at start did, for tests and diagnostics: the
// advised region, or why there is none.
func Result() hugeheap.Region { return region }
