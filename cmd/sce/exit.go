package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/sce-dev/sce/internal/stackfile"
)

// Exit codes of sce.
const (
	exitOK      = 0 // success
	exitFailure = 1 // the command failed
	exitUsage   = 2 // wrong arguments, flags, stack name or stack config: fix the input
)

// usageError marks an error in how sce was called; it exits with exitUsage.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef makes a usageError.
func usagef(format string, a ...any) error { return &usageError{err: fmt.Errorf(format, a...)} }

// exitCode prints err to stderr and returns the exit code. Config errors print
// one per line as "file:line: key: message", ready for an editor.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var cerrs stackfile.ConfigErrors
	if errors.As(err, &cerrs) {
		for _, e := range cerrs {
			fmt.Fprintln(stderr, e.Error())
		}
		return exitUsage
	}
	fmt.Fprintln(stderr, "sce: "+err.Error())
	var (
		usage    *usageError
		notFound *stackfile.NotFoundError
		coded    interface{ ExitCode() int }
	)
	switch {
	case errors.As(err, &usage) || errors.As(err, &notFound):
		return exitUsage
	case errors.As(err, &coded):
		return coded.ExitCode()
	}
	return exitFailure
}
