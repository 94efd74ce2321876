//go:build !linux

package main

import "testing"

// runAsNobody skips t: running a test again as another user is done on
// Linux only.
func runAsNobody(t *testing.T) {
	t.Helper()
	t.Skip("root may write read-only files, and running the test as the user nobody is done on Linux only")
}
