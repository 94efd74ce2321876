package egress

import (
	"strings"
	"time"
)

// stamp formats a time for messages.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// principal is who an identity is for the airlock's four-eyes rule: an
// assumed role's session name is chosen by whoever assumes the role, so
// every session of a role is the role (arn:aws:iam::<account>:role/<name>);
// other identities are their ARN.
func principal(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && parts[2] == "sts" {
		if rest, ok := strings.CutPrefix(parts[5], "assumed-role/"); ok {
			role, _, _ := strings.Cut(rest, "/")
			return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role
		}
	}
	return arn
}
