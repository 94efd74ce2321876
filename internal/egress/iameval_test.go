package egress

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A small evaluator of IAM policy documents, enough to read the planned
// identity and bucket policies of the airlock statement by statement: Allow
// and Deny, actions and resources with wildcards, the principals of bucket
// policies, and the condition operators the stacks use. An operator it does
// not know fails the test instead of being ignored.

// iamStatement is one statement of a policy document.
type iamStatement struct {
	Sid       string
	Effect    string
	Principal any
	Action    any
	Resource  any
	// NotResource covers every resource but those it names.
	NotResource any
	Condition   map[string]map[string]any
}

// iamDoc is a parsed policy document, named for messages.
type iamDoc struct {
	name       string
	statements []iamStatement
	bucket     bool // a resource policy: its statements name principals
}

// parseDoc parses a policy document given as a JSON string.
func parseDoc(t *testing.T, name string, raw any, bucket bool) iamDoc {
	t.Helper()
	s, ok := raw.(string)
	require.True(t, ok, "policy of %s is %T, not a JSON string", name, raw)
	var doc struct{ Statement []iamStatement }
	require.NoError(t, json.Unmarshal([]byte(s), &doc), name)
	require.NotEmpty(t, doc.Statement, name)
	return iamDoc{name: name, statements: doc.Statement, bucket: bucket}
}

// iamRequest is one call: who, what, on which ARN, and the condition keys
// the request carries (an absent key is not in ctx).
type iamRequest struct {
	principal, action, resource string
	ctx                         map[string]string
}

// allowed decides a request the way IAM does within one account: an
// explicit Deny in any document wins, otherwise an Allow in any document
// is needed. It returns the statement that decided, for messages.
func allowed(t *testing.T, r iamRequest, docs ...iamDoc) (bool, string) {
	t.Helper()
	var allow string
	for _, d := range docs {
		for _, st := range d.statements {
			if !applies(t, d, st, r) {
				continue
			}
			switch st.Effect {
			case "Deny":
				return false, d.name + " " + st.Sid
			case "Allow":
				allow = d.name + " " + st.Sid
			default:
				t.Fatalf("%s %s: effect %q", d.name, st.Sid, st.Effect)
			}
		}
	}
	return allow != "", allow
}

// applies reports whether statement st of document d covers request r.
func applies(t *testing.T, d iamDoc, st iamStatement, r iamRequest) bool {
	if d.bucket && !principalMatches(st.Principal, r.principal) {
		return false
	}
	if !anyGlob(st.Action, r.action, true) || !resourceMatches(t, st, r.resource) {
		return false
	}
	for op, tests := range st.Condition {
		for key, want := range tests {
			if !conditionHolds(t, op, r.ctx, key, values(want)) {
				return false
			}
		}
	}
	return true
}

// resourceMatches reports whether the statement's Resource, or everything
// but its NotResource, covers arn.
func resourceMatches(t *testing.T, st iamStatement, arn string) bool {
	if st.NotResource != nil {
		require.Nil(t, st.Resource, "statement %s has both Resource and NotResource", st.Sid)
		return !anyGlob(st.NotResource, arn, false)
	}
	return anyGlob(st.Resource, arn, false)
}

// principalMatches reports whether a bucket policy's Principal names arn.
func principalMatches(p any, arn string) bool {
	if p == "*" {
		return true
	}
	m, ok := p.(map[string]any)
	return ok && anyGlob(m["AWS"], arn, false)
}

// conditionHolds evaluates one condition key test of operator op.
func conditionHolds(t *testing.T, op string, ctx map[string]string, key string, want []string) bool {
	got, present := ctx[key]
	matches := func(like bool) bool {
		for _, w := range want {
			if (like && glob(w, got, false)) || (!like && w == got) {
				return true
			}
		}
		return false
	}
	switch op {
	case "ArnEquals", "StringEquals", "Bool":
		return present && matches(false)
	case "ArnLike", "StringLike":
		return present && matches(true)
	case "ArnNotEquals", "StringNotEquals":
		return !present || !matches(false)
	case "ArnNotLike", "StringNotLike":
		return !present || !matches(true)
	case "Null":
		return len(want) == 1 && (want[0] == "true") != present
	}
	t.Fatalf("condition operator %s is not known to this evaluator: teach it before relying on it", op)
	return false
}

// values is a policy value that may be one string or a list of them.
func values(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// anyGlob reports whether one of the patterns in v matches s.
func anyGlob(v any, s string, fold bool) bool {
	for _, p := range values(v) {
		if glob(p, s, fold) {
			return true
		}
	}
	return false
}

// glob matches IAM wildcards: * any run of characters (slashes included),
// ? one character; actions compare case-insensitively.
func glob(pattern, s string, fold bool) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	if fold {
		re = "(?i)" + re
	}
	return regexp.MustCompile(re).MatchString(s)
}

func TestEvaluatorReadsPoliciesAsIAMDoes(t *testing.T) {
	bucket := iamDoc{name: "b", bucket: true, statements: []iamStatement{
		{Sid: "DenyWrite", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*",
			Condition: map[string]map[string]any{"ArnNotEquals": {"aws:PrincipalArn": []any{"arn:aws:iam::1:role/w"}}}},
		{Sid: "DenyUnconditional", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/once/*",
			Condition: map[string]map[string]any{"Null": {"s3:if-none-match": "true"}}},
		{Sid: "DenyOutsideOpen", Effect: "Deny", Principal: "*", Action: "s3:PutObject", NotResource: []any{"arn:aws:s3:::b/*"}},
	}}
	identity := iamDoc{name: "i", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}
	for _, c := range []struct {
		who, resource string
		ctx           map[string]string
		want          bool
	}{
		{"arn:aws:iam::1:role/w", "arn:aws:s3:::b/x", nil, true},
		{"arn:aws:iam::1:role/other", "arn:aws:s3:::b/x", nil, false},
		{"arn:aws:iam::1:role/w", "arn:aws:s3:::b/once/x", nil, false},
		{"arn:aws:iam::1:role/w", "arn:aws:s3:::b/once/x", map[string]string{"s3:if-none-match": "*"}, true},
		{"arn:aws:iam::1:role/w", "arn:aws:s3:::c/x", nil, false},
	} {
		ctx := map[string]string{"aws:PrincipalArn": c.who}
		for k, v := range c.ctx {
			ctx[k] = v
		}
		got, _ := allowed(t, iamRequest{principal: c.who, action: "S3:PutObject", resource: c.resource, ctx: ctx}, identity, bucket)
		require.Equal(t, c.want, got, "%s %s %v", c.who, c.resource, c.ctx)
	}
	got, _ := allowed(t, iamRequest{principal: "arn:aws:iam::1:role/w", action: "s3:GetObject", resource: "arn:aws:s3:::b/x"}, bucket)
	require.False(t, got, "no Allow, no access")
}
