// Package session creates what a project without a bastion needs for
// researchers' SSH through AWS Systems Manager Session Manager: the
// project's session preferences (a Session document with KMS encryption,
// the project's session log group and logs bucket, and an idle timeout),
// and the customer-managed policy IT attaches to researchers' AWS
// identities, which allows SSH sessions only to the project's instances and
// only through the project's own SSH session document, which reaches port
// 22 alone (AWS's AWS-StartSSHSession accepts any port).
//
// The account's default preferences document, SSM-SessionManagerRunShell,
// exists once per account and region and is shared by every project and by
// IT's own sessions: a project stack never owns it (two projects would
// overwrite each other's settings, and destroying one would delete the
// account's). The project's preferences live in a document of its own.
package session

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// LogGroupSessions is the log group role of the project's session logs.
const LogGroupSessions = "sessions"

// IdleTimeoutMinutes ends a session nobody has typed into for this long.
const IdleTimeoutMinutes = 15

// S3KeyPrefix is where session logs land in the project's logs bucket.
const S3KeyPrefix = "session-manager/"

// Args are the inputs of Build.
type Args struct {
	// KeyArn is the project key that encrypts sessions and their logs.
	KeyArn pulumi.StringOutput
	// LogRetentionDays is how long the session log group keeps events.
	LogRetentionDays int
	// LogsBucket is the name of the project's logs bucket.
	LogsBucket pulumi.StringInput
}

// Result holds what Build created.
type Result struct {
	// Preferences is the project's Session Manager preferences document.
	Preferences *ssm.Document
	// ResearcherPolicy is the policy IT attaches to researchers' identities.
	ResearcherPolicy *iam.Policy
}

// Build creates the session log group, the preferences document (for IT's
// shell sessions, which name it), the SSH session document (researchers'
// sessions, with their own preferences) and the researchers' session
// policy.
func Build(s scope.Scope, a Args) (Result, error) {
	lg, err := loggroup.New(s, LogGroupSessions, a.KeyArn, a.LogRetentionDays)
	if err != nil {
		return Result{}, fmt.Errorf("session logs: %w", err)
	}
	content := pulumi.All(a.KeyArn, lg.Name, a.LogsBucket).ApplyT(func(v []any) (string, error) {
		return PreferencesContent(v[0].(string), v[1].(string), v[2].(string))
	}).(pulumi.StringOutput)
	doc, err := sessionDocument(s, s.Names.Logical("session-preferences"), content)
	if err != nil {
		return Result{}, fmt.Errorf("session preferences: %w", err)
	}
	if _, err := sshDocument(s, a.KeyArn); err != nil {
		return Result{}, err
	}
	policy, err := researcherPolicy(s, a.KeyArn)
	if err != nil {
		return Result{}, err
	}
	return Result{Preferences: doc, ResearcherPolicy: policy}, nil
}

// PreferencesContent is the preferences document: sessions encrypted with
// the project key, their output streamed to the project's log group and
// written to its logs bucket (both encrypted), shell sessions ended after
// IdleTimeoutMinutes idle, no run-as (IT's sessions run as ssm-user).
func PreferencesContent(keyArn, logGroup, bucket string) (string, error) {
	inputs := encryptedInputs(keyArn)
	inputs["cloudWatchLogGroupName"] = logGroup
	inputs["cloudWatchStreamingEnabled"] = true
	inputs["s3BucketName"] = bucket
	inputs["s3KeyPrefix"] = S3KeyPrefix
	inputs["runAsEnabled"] = false
	inputs["shellProfile"] = map[string]string{"linux": ""}
	return documentJSON("session preferences", map[string]any{
		"schemaVersion": "1.0",
		"description":   "sce session preferences: KMS-encrypted sessions, logged to the project's log group and logs bucket",
		"sessionType":   "Standard_Stream",
		"inputs":        inputs,
	})
}

// encryptedInputs are the session preferences both of the project's
// Session documents hold: the data channel encrypted with the project key
// keyArn, log destinations (if any) required encrypted, and the idle
// timeout.
func encryptedInputs(keyArn string) map[string]any {
	return map[string]any{
		"kmsKeyId":                    keyArn,
		"idleSessionTimeout":          strconv.Itoa(IdleTimeoutMinutes),
		"s3EncryptionEnabled":         true,
		"cloudWatchEncryptionEnabled": true,
	}
}

// documentJSON is a Session document's content, what names it in an error.
func documentJSON(what string, doc map[string]any) (string, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("%s content: %w", what, err)
	}
	return string(b), nil
}

// ResearcherPolicyDocument allows an SSH session only through the project's
// SSH session document (SSHDocumentName, port 22 alone) and only to
// instances tagged with the project's PIT, forbids every other session
// document (ssm:SessionDocumentAccessCheck: no fallback to a shell as
// ssm-user, no AWS-StartSSHSession or port forwarding to another port),
// lets researchers end or resume only their own sessions, and lets their
// client generate a session's data key with the project key keyArn (the
// SSH session document encrypts its sessions with it), for nothing else.
func ResearcherPolicyDocument(n naming.Namer, keyArn string) (string, error) {
	docCheck := map[string]any{"ssm:SessionDocumentAccessCheck": "true"}
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "SSHSessionsToProjectInstances", Effect: iamdoc.Allow, Action: "ssm:StartSession",
			Resource: n.ARN("ec2", "instance/*"),
			Condition: iamdoc.Conditions{
				"StringEquals": {"ssm:resourceTag/" + tags.PIT: n.PIT},
				"BoolIfExists": docCheck,
			}},
		iamdoc.Statement{Sid: "OnlyTheSSHDocument", Effect: iamdoc.Allow, Action: "ssm:StartSession",
			Resource:  n.ARN("ssm", "document/"+SSHDocumentName(n)),
			Condition: iamdoc.Conditions{"BoolIfExists": docCheck}},
		iamdoc.Statement{Sid: "EndOwnSessions", Effect: iamdoc.Allow, Action: []string{"ssm:TerminateSession", "ssm:ResumeSession"},
			Resource: n.ARN("ssm", "session/${aws:userid}-*")},
		iamdoc.Statement{Sid: "GenerateSessionDataKeys", Effect: iamdoc.Allow, Action: "kms:GenerateDataKey", Resource: keyArn,
			Condition: iamdoc.SessionKeyContext()},
	)
}

// researcherPolicy creates <pit>-researcher-session, the customer-managed
// policy IT attaches to the researchers' IAM Identity Center permission set,
// group or users (sce attaches it to no one: researchers' identities live
// outside the project stack).
func researcherPolicy(s scope.Scope, keyArn pulumi.StringOutput) (*iam.Policy, error) {
	doc := keyArn.ApplyT(func(key string) (string, error) {
		return ResearcherPolicyDocument(s.Names, key)
	}).(pulumi.StringOutput)
	name := s.Names.Logical("researcher-session")
	p, err := iam.NewPolicy(s.Ctx, name, &iam.PolicyArgs{
		Name: pulumi.String(name),
		Description: pulumi.String(fmt.Sprintf("sce %s: SSH through Session Manager (%s) to the project's instances only; "+
			"attach to the researchers' identities", s.Names.PIT, SSHDocumentName(s.Names))),
		Policy: doc, Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("researcher session policy: %w", err)
	}
	return p, nil
}
