// Package iamdoc renders IAM-style policy documents (key, bucket, endpoint,
// role and trust policies) with a fixed field order, so a document is
// byte-identical between runs.
package iamdoc

import (
	"encoding/json"
	"fmt"
	"maps"
)

// Document is an IAM-style policy document.
type Document struct {
	// Version is the policy language version (always Version).
	Version string `json:"Version"`
	// Statement holds the document's statements, in order.
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Principal, Action and Resource hold a
// string or a list, as IAM allows.
type Statement struct {
	// Sid names the statement.
	Sid string `json:"Sid"`
	// Effect is Allow or Deny.
	Effect string `json:"Effect"`
	// Principal is who the statement applies to (resource policies only).
	Principal any `json:"Principal,omitempty"`
	// Action is the action or actions the statement covers.
	Action any `json:"Action"`
	// Resource is the resource or resources the statement covers.
	Resource any `json:"Resource,omitempty"`
	// NotResource, instead of Resource, covers every resource but the ones
	// named.
	NotResource any `json:"NotResource,omitempty"`
	// Condition restricts when the statement applies.
	Condition Conditions `json:"Condition,omitempty"`
}

// Conditions maps an operator (StringEquals, ArnLike, ...) to key/value tests.
type Conditions map[string]map[string]any

// Effects of a statement.
const (
	// Allow grants the statement's actions.
	Allow = "Allow"
	// Deny refuses the statement's actions, whatever else allows them.
	Deny = "Deny"
)

// Version is the only current IAM policy language version.
const Version = "2012-10-17"

// JSON renders statements as a policy document.
func JSON(stmts ...Statement) (string, error) {
	b, err := json.Marshal(Document{Version: Version, Statement: stmts})
	if err != nil {
		return "", fmt.Errorf("render policy: %w", err)
	}
	return string(b), nil
}

// Service is a service principal such as {"Service": "cloudtrail.amazonaws.com"}.
func Service(names ...string) map[string]any {
	if len(names) == 1 {
		return map[string]any{"Service": names[0]}
	}
	return map[string]any{"Service": names}
}

// AWSPrincipal is an account or role principal such as {"AWS": "arn:aws:iam::123456789012:root"}.
func AWSPrincipal(arn string) map[string]any { return map[string]any{"AWS": arn} }

// TrustPolicy lets one service assume a role, only on behalf of account;
// extra adds condition tests to the account test.
func TrustPolicy(account, svc string, extra Conditions) (string, error) {
	cond := Conditions{"StringEquals": {"aws:SourceAccount": account}}
	for op, tests := range extra {
		if cond[op] == nil {
			cond[op] = map[string]any{}
		}
		maps.Copy(cond[op], tests)
	}
	return JSON(Statement{
		Sid: "AssumeRoleFrom" + svc, Effect: Allow, Principal: Service(svc),
		Action: "sts:AssumeRole", Condition: cond,
	})
}

// UnconditionedTrustPolicy lets one service assume a role with no condition:
// for a service that sends neither aws:SourceAccount nor aws:SourceArn when
// it assumes the role, where TrustPolicy's conditions would refuse it
// (CloudTrail's delivery to CloudWatch Logs, docs/deployment-facts.md#22).
// The role's permissions policy is then what limits it.
func UnconditionedTrustPolicy(svc string) (string, error) {
	return JSON(Statement{
		Sid: "AssumeRoleFrom" + svc, Effect: Allow, Principal: Service(svc),
		Action: "sts:AssumeRole",
	})
}

// SessionKeyContext is the condition that limits a use of a KMS key to the
// data key of a Session Manager session: the session's client generates it
// and the instance's agent decrypts it with the encryption context
// aws:ssm:SessionId (and aws:ssm:TargetId), which no other use of the key
// carries.
func SessionKeyContext() Conditions {
	return Conditions{"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "aws:ssm:SessionId"}}
}

// KeyThroughS3 is the statement, with the Sid UseProjectKeyThroughS3, that
// lets a role use the KMS key keyArn for S3 in region only (ViaS3): the
// Decrypt and GenerateDataKey that reading and writing SSE-KMS objects
// need, and nothing outside S3.
func KeyThroughS3(keyArn any, region string) Statement {
	return Statement{Sid: "UseProjectKeyThroughS3", Effect: Allow, Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: keyArn,
		Condition: ViaS3(region)}
}

// ViaS3 is the condition that a KMS request comes from Amazon S3 in region
// on the caller's behalf: kms:ViaService equals s3.<region>.amazonaws.com.
func ViaS3(region string) Conditions {
	return Conditions{"StringEquals": {"kms:ViaService": fmt.Sprintf("s3.%s.amazonaws.com", region)}}
}
