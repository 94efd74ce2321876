//go:build !unix

package cputime

import "time"

// available is whether Used reads the CPU time.
const available = false

// Used is zero where the process CPU time cannot be read.
func Used() time.Duration { return 0 }
