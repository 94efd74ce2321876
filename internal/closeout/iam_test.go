package closeout

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

// iamWire answers IAM's query protocol as AWS does: an entity it has is a
// GetXResult, any other a 404 NoSuchEntity error, and a name in denied a
// 403 AccessDenied. It records each request's form.
type iamWire struct {
	mu     sync.Mutex
	has    map[string]bool
	denied string
	asked  []url.Values
}

func (w *iamWire) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	w.mu.Lock()
	w.asked = append(w.asked, form)
	w.mu.Unlock()
	action := form.Get("Action")
	id := form.Get("RoleName") + form.Get("PolicyArn") + form.Get("InstanceProfileName")
	rw.Header().Set("Content-Type", "text/xml")
	switch {
	case id == w.denied:
		rw.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(rw, iamError("AccessDenied", "User is not authorized to perform: iam:"+action))
	case !w.has[id]:
		rw.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(rw, iamError("NoSuchEntity", "The entity "+id+" cannot be found."))
	default:
		_, _ = io.WriteString(rw, `<`+action+`Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><`+action+`Result>`+
			`</`+action+`Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></`+action+`Response>`)
	}
}

// iamError is IAM's query-protocol error document.
func iamError(code, message string) string {
	return `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>` + code +
		`</Code><Message>` + message + `</Message></Error><RequestId>r1</RequestId></ErrorResponse>`
}

// iamTestEntities are a role, a policy and an instance profile as the
// state records them.
var iamTestEntities = []Resource{
	{Type: awstype.IAMRole, ID: "hipaa-worker-role"},
	{Type: awstype.IAMPolicy, ID: "arn:aws:iam::123456789012:policy/hipaa-worker-policy-1a2b3c"},
	{Type: awstype.IAMInstanceProfile, ID: "hipaa-worker-profile-4d5e6f"},
}

// TestAWSInspectorIAMOnTheWire: each entity is asked of IAM with the
// operation and parameter its type needs; one IAM answers NoSuchEntity for
// is gone, the others are left, and any other error stops the search with
// the entity named.
func TestAWSInspectorIAMOnTheWire(t *testing.T) {
	wire := &iamWire{has: map[string]bool{"hipaa-worker-role": true, "hipaa-worker-profile-4d5e6f": true}}
	srv := httptest.NewServer(wire)
	defer srv.Close()
	in, ctx := NewAWSInspector(wireConfig(srv)), context.Background()

	left, err := in.IAMEntities(ctx, iamTestEntities)
	require.NoError(t, err)
	assert.Equal(t, []string{"IAM role hipaa-worker-role", "IAM instance profile hipaa-worker-profile-4d5e6f"}, left)
	want := []url.Values{
		{"Action": {"GetRole"}, "RoleName": {"hipaa-worker-role"}, "Version": {"2010-05-08"}},
		{"Action": {"GetPolicy"}, "PolicyArn": {"arn:aws:iam::123456789012:policy/hipaa-worker-policy-1a2b3c"}, "Version": {"2010-05-08"}},
		{"Action": {"GetInstanceProfile"}, "InstanceProfileName": {"hipaa-worker-profile-4d5e6f"}, "Version": {"2010-05-08"}},
	}
	assert.Equal(t, want, wire.asked)

	wire.denied = "hipaa-worker-role"
	_, err = in.IAMEntities(ctx, iamTestEntities)
	require.Error(t, err)
	assert.Regexp(t, `^look up IAM role hipaa-worker-role \(the operator needs iam:GetRole\): operation error IAM: GetRole, https response error StatusCode: 403, `+
		`RequestID: r1, api error AccessDenied: User is not authorized to perform: iam:GetRole$`, err.Error())
}

// TestIAMLeftoversFailTheStepAndNameThem: the no-trace check looks up the
// stack's IAM roles, policies and instance profiles by the IDs the state
// records, names those IAM still has, and passes once they are gone. A
// role whose ID the state does not record, and a policy attachment (it
// goes with its role), are counted under Not checked instead.
func TestIAMLeftoversFailTheStepAndNameThem(t *testing.T) {
	w := newWorld(t)
	w.stack.resources = append(w.stack.resources,
		Resource{URN: "urn:pulumi:hipaa::sce::aws:iam/policy:Policy::hipaa-worker-policy", Type: awstype.IAMPolicy,
			ID: iamTestEntities[1].ID, Custom: true, Tagged: true},
		Resource{URN: "urn:pulumi:hipaa::sce::aws:iam/instanceProfile:InstanceProfile::hipaa-worker-profile",
			Type: awstype.IAMInstanceProfile, ID: iamTestEntities[2].ID, Custom: true, Tagged: true},
		Resource{URN: "urn:pulumi:hipaa::sce::aws:iam/rolePolicyAttachment:RolePolicyAttachment::hipaa-worker-attach",
			Type: awstype.IAMRolePolicyAttachment, ID: "hipaa-worker-role-20260301120000000000000001", Custom: true},
		Resource{URN: "urn:pulumi:hipaa::sce::aws:iam/role:Role::hipaa-pending-role", Type: awstype.IAMRole, Custom: true, Tagged: true})
	w.inspector.iamLeft = []string{"hipaa-worker-role", iamTestEntities[2].ID}
	_, err := w.run()
	require.Error(t, err)
	assert.Equal(t, "close-out step verify-no-trace failed: 2 things of project hipaa are left: IAM role hipaa-worker-role; "+
		"IAM instance profile "+iamTestEntities[2].ID+" (some APIs lag a few minutes behind deletions: run close-out again to recheck); "+
		"fix the cause and run `sce closeout hipaa` again: it continues from this step", err.Error())
	assert.Equal(t, []string{"hipaa-worker-role", iamTestEntities[1].ID, iamTestEntities[2].ID}, w.inspector.iamAsked)

	w.inspector.iamLeft = nil
	st, err := w.run()
	require.NoError(t, err)
	i := slices.IndexFunc(st.Trace.Checks, func(c Check) bool { return strings.HasPrefix(c.Name, "the stack's ") })
	require.GreaterOrEqual(t, i, 0, "the IAM search ran")
	assert.Equal(t, "the stack's 1 IAM role, 1 IAM policy and 1 IAM instance profile, each looked up in IAM by name (ARN for a policy)",
		st.Trace.Checks[i].Name)
	assert.Equal(t, []string{}, st.Trace.Checks[i].Found)
	assert.Equal(t, map[string]int{awstype.KMSAlias: 1, awstype.IAMRolePolicyAttachment: 1, awstype.IAMRole: 1}, st.Trace.NotChecked)
}
