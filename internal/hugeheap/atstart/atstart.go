// Package atstart advises the first stretch of a program's heap for
// transparent huge pages while the program starts, before the packages
// that allocate most at start are initialized (see package hugeheap).
// Import it for its side effect, first, in a main package:
//
//	import _ "github.com/sce-dev/sce/internal/hugeheap/atstart"
//
// Go initializes packages in import-path order among those whose imports
// are ready. This one needs only the standard library, golang.org/x/sys
// and package hugeheap, so it runs long before the Pulumi SDK, OPA and
// protobuf, whose imports come later; cmd/sce's start test proves the order
// holds.
package atstart

import "github.com/sce-dev/sce/internal/hugeheap"

// Size is how much heap is advised at start: more than `sce plan` of one
// stack grows its heap by, with the baseline it references and the policy
// evaluation (about 30 MiB).
const Size = 64 << 20

// region is what the advice at start did.
var region = hugeheap.Reserve(Size)

// Result is what the advice at start did: the advised region, or why there
// is none.
func Result() hugeheap.Region { return region }
