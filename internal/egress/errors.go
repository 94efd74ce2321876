package egress

import (
	"errors"
	"fmt"
)

// ErrRefused marks a request, approval or rejection the airlock refuses:
// the caller is the requester's principal, a file changed, the request was
// already decided. Nothing was written or copied.
var ErrRefused = errors.New("refused")

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
