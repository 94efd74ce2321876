package closeout

import (
	"fmt"
	"time"

	"github.com/sce-dev/sce/internal/english"
)

// keyEnabled is the state of a KMS key that encrypts and decrypts.
const keyEnabled = "Enabled"

// keyNeed is what close-out keeps that the project key must outlive:
// recovery points of EBS volumes and instances keep their source's
// encryption (the project key), and so does the warehouse's final
// snapshot. A deleted key makes every one of them unrestorable.
type keyNeed struct {
	// points counts the kept recovery points encrypted with the key.
	points int
	// snapshot is true when the final snapshot is kept.
	snapshot bool
	// until is the latest day a kept point may still exist.
	until time.Time
	// forever is true when something is kept until deleted by hand (the
	// final snapshot, a point no lifecycle deletes).
	forever bool
}

// none reports whether nothing kept needs the key.
func (n keyNeed) none() bool { return n.points == 0 && !n.snapshot }

// point records a kept recovery point encrypted with the key, which its
// lifecycle deletes at deleteAt (zero: never).
func (n *keyNeed) point(deleteAt, lockedUntil time.Time) {
	n.points++
	if deleteAt.IsZero() {
		n.forever = true
		return
	}
	n.until = latest(n.until, deleteAt, lockedUntil)
}

// what names what needs the key: "2 recovery points and the warehouse's
// final snapshot".
func (n keyNeed) what() string {
	var parts []string
	if n.points > 0 {
		parts = append(parts, english.Plural(n.points, "recovery point"))
	}
	if n.snapshot {
		parts = append(parts, "the warehouse's final snapshot")
	}
	return english.And(parts)
}

// howLong says until when the key is needed.
func (n keyNeed) howLong() string {
	if n.forever {
		return "as long as they are kept"
	}
	return "until " + day(n.until)
}

// accountKey decides what the project key's state means, given what is
// kept: a key nothing needs must be pending deletion or gone; a key
// something kept needs must stay enabled until that is deleted. The stack
// keeps the key out of the destroy (retainOnDelete) for this reason, so
// after close-out IT schedules its deletion once the last recovery point
// is gone.
func (r *runner) accountKey(c *retainedCheck, state string, deletion time.Time) {
	arn, n := r.st.Outputs.KMSKeyArn, c.need
	schedule := fmt.Sprintf("aws kms schedule-key-deletion --key-id %s --pending-window-in-days 30", arn)
	switch {
	case n.none() && (state == keyPendingDeletion || state == ""):
	case n.none():
		c.left = append(c.left, fmt.Sprintf("KMS key %s is %s and nothing kept needs it: schedule its deletion (%s)", arn, state, schedule))
	case state == keyEnabled:
		c.kept = append(c.kept, Kept{Kind: "KMS key", Arn: arn, Detail: fmt.Sprintf("the project key, enabled: %s encrypted with it "+
			"can only be restored while it exists, so it is kept %s; then schedule its deletion (%s) and delete its alias "+
			"(aws kms delete-alias --alias-name alias/%s)", n.what(), n.howLong(), schedule, r.st.Outputs.PIT)})
	case state == keyPendingDeletion && !n.forever && !deletion.Before(n.until):
		c.notes = append(c.notes, fmt.Sprintf("KMS key %s: pending deletion on %s, after the last of %s it encrypts ends (%s)",
			arn, day(deletion), n.what(), day(n.until)))
	case state == keyPendingDeletion:
		c.left = append(c.left, fmt.Sprintf("KMS key %s is pending deletion on %s, but it must outlive %s encrypted with it (%s): "+
			"cancel the deletion (aws kms cancel-key-deletion --key-id %s, then aws kms enable-key --key-id %s) or they can never be restored",
			arn, day(deletion), n.what(), n.howLong(), arn, arn))
	case state == "":
		c.notes = append(c.notes, fmt.Sprintf("KMS key %s: deleted, so %s encrypted with it can no longer be restored", arn, n.what()))
	default:
		c.left = append(c.left, fmt.Sprintf("KMS key %s is %s, but it must outlive %s encrypted with it (%s): enable it (aws kms enable-key --key-id %s)",
			arn, state, n.what(), n.howLong(), arn))
	}
}
