package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sce-dev/sce/internal/request"
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
// one per line as "file:line: key: message", ready for an editor; one that
// names a flag rather than a file ("--pit: ...") starts "sce: " as every
// other error about a flag does.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var cerrs stackfile.ConfigErrors
	if errors.As(err, &cerrs) {
		for _, e := range cerrs {
			if strings.HasPrefix(e.Path, "-") {
				fmt.Fprint(stderr, "sce: ")
			}
			fmt.Fprintln(stderr, e.Error())
		}
		return exitUsage
	}
	fmt.Fprintln(stderr, "sce: "+err.Error())
	var coded interface{ ExitCode() int }
	switch {
	case isUsage(err):
		return exitUsage
	case errors.As(err, &coded):
		return coded.ExitCode()
	}
	return exitFailure
}

// isUsage tells the errors that exit with exitUsage: a usageError, the
// stack file errors that name a wrong input: a stack name that is not one
// (*stackfile.NameError), a stack without a file (*stackfile.NotFoundError)
// and a stacks directory that cannot be read (*stackfile.DirError), and a
// site file whose VPC pool has no free block (*request.PoolFullError), and
// a stacks directory whose account has no CloudTrail trail left for one more
// project (*request.TrailLimitError).
func isUsage(err error) bool {
	var (
		usage    *usageError
		name     *stackfile.NameError
		notFound *stackfile.NotFoundError
		dir      *stackfile.DirError
		full     *request.PoolFullError
		trails   *request.TrailLimitError
	)
	return errors.As(err, &usage) || errors.As(err, &name) || errors.As(err, &notFound) || errors.As(err, &dir) ||
		errors.As(err, &full) || errors.As(err, &trails)
}
