//go:build !unix

package main

import "os"

// faultsCounted is whether minorFaults counts: not here.
const faultsCounted = false

// minorFaults counts nothing where the system gives no resource usage.
func minorFaults(*os.ProcessState) int64 { return 0 }
