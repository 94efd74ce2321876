package request

import (
	"errors"
	"fmt"

	"github.com/sce-dev/sce/sce"
)

// CheckPIT checks a PIT given to approve with the rules of sce:pit (a
// lowercase letter first, then a-z, 0-9 and '-'), before anything is read:
// the PIT names the stack file. Its length, which depends on the region, is
// checked when the new stack file is planned.
func CheckPIT(pit string) error {
	var verrs sce.ValidationErrors
	if !errors.As(sce.Validate(pit, sce.EnvironmentArgs{}), &verrs) {
		return nil
	}
	for _, e := range verrs {
		if e.Key == sce.ConfigNamespace+":pit" {
			return fmt.Errorf("--pit: %s", e.Message)
		}
	}
	return nil
}
