package egress

import (
	"errors"
	"fmt"
)

// ErrRefused marks a request, approval or rejection the airlock refuses:
// the caller is the requester's principal, a file changed, the request was
// already decided. Nothing was written or copied.
var ErrRefused = errors.New("refused")

// ErrInvalid marks input the airlock cannot use (an empty reason, a
// prefix with nothing under it, an unknown request ID): the caller fixes
// the flag or argument the message names.
var ErrInvalid = errors.New("invalid input")

// inputError is an ErrInvalid error with its own message.
type inputError struct{ msg string }

func (e inputError) Error() string        { return e.msg }
func (e inputError) Is(target error) bool { return target == ErrInvalid }

// invalid makes an ErrInvalid error.
func invalid(format string, a ...any) error { return inputError{msg: fmt.Sprintf(format, a...)} }

var (
	// errExists is a document written once that is already there.
	errExists = errors.New("already written")
	// errEmptyIdentity is an identity service that answered nothing.
	errEmptyIdentity = errors.New("the identity service returned no ARN")
)

// refused makes an ErrRefused error.
func refused(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, a...))
}

func wrap(what string, err error) error { return fmt.Errorf("%s: %w", what, err) }
