//go:build !linux

package cloudinit_test

import "testing"

// lockLab: the bench runs on Linux only (useradd, 127.0.0.2 on loopback).
func lockLab(t *testing.T) {
	t.Helper()
	skipOrFail(t, "not on Linux")
}
