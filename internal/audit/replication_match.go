package audit

import (
	"slices"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// replicationSession is what an ARN of a session of the replication role
// of project pit contains: arn:<partition>:sts::<account>:assumed-role/<role>/<session>.
func replicationSession(pit string) string {
	return ":assumed-role/" + sce.ReplicationRoleName(pit) + "/"
}

// replicationActions are the event names of the S3 actions the
// replication role's policy allows (sce.ReplicationRoleActions without
// "s3:"). An action whose event name differs from its IAM name (the
// version ACL and tags are read with GetObjectAcl and GetObjectTagging)
// is not among them, so such a call stays among people's events.
func replicationActions() []string {
	actions := sce.ReplicationRoleActions()
	for i, a := range actions {
		actions[i] = strings.TrimPrefix(a, "s3:")
	}
	return actions
}

// allRoles are the roles of every bucket sce creates.
func allRoles() []string {
	var out []string
	for _, r := range sce.BucketRoles() {
		out = append(out, string(r))
	}
	return out
}

// replication reports whether an event is the project's S3 replication:
// a session of the project's replication role, in the account the bucket
// is in, doing what the role is allowed. The bucket's account is the one
// in its name (<pit>-<role>-<account>-<region>, its replica's too), which
// sce gives it in the account it creates it in, and which every copy of
// the event carries; recipientAccountId is not used, because the copy of
// a cross-account call delivered to the caller's account names the
// caller's. A session of a role of that name in another account, a bucket
// whose name has no account (--bucket), or any other action is people's.
func (m *matcher) replication(e *rawEvent) bool {
	if m.replicationSession == "" || !strings.Contains(e.principal, m.replicationSession) ||
		!slices.Contains(m.replicationActions, e.action) {
		return false
	}
	account, ok := m.sessionAccount(e.principal)
	return ok && account == m.bucketAccount(e.bucket)
}

// sessionAccount is the account of a principal that is a session of the
// project's replication role,
// arn:<partition>:sts::<account>:assumed-role/<role>/<session>; ok is
// false for any other principal.
func (m *matcher) sessionAccount(principal string) (account string, ok bool) {
	parts := strings.SplitN(principal, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sts" || parts[3] != "" || !accountID(parts[4]) {
		return "", false
	}
	session, ok := strings.CutPrefix(parts[5], m.replicationSession[1:])
	if !ok || session == "" || strings.Contains(session, "/") {
		return "", false
	}
	return parts[4], true
}

// bucketAccount is the account in the name of one of the project's
// buckets or replicas, <pit>-<role>-<account>-<region>[-replica]; "" for
// a bucket named otherwise.
func (m *matcher) bucketAccount(bucket string) string {
	if found := m.projectBuckets.FindStringSubmatch(bucket); found != nil {
		return found[2]
	}
	return ""
}

// accountID reports whether s is a 12-digit AWS account ID.
func accountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
