package sce

import (
	"encoding/json"
	"fmt"
)

// policyDocument is an IAM-style policy (key, bucket, endpoint, role and
// trust policies). Fields marshal in a fixed order, so documents are
// byte-identical between runs.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

// statement is one policy statement. Principal, Action and Resource hold a
// string or a list, as IAM allows.
type statement struct {
	Sid       string     `json:"Sid"`
	Effect    string     `json:"Effect"`
	Principal any        `json:"Principal,omitempty"`
	Action    any        `json:"Action"`
	Resource  any        `json:"Resource,omitempty"`
	Condition conditions `json:"Condition,omitempty"`
}

// conditions maps an operator (StringEquals, ArnLike, ...) to key/value tests.
type conditions map[string]map[string]any

// Effects of a statement.
const (
	allow = "Allow"
	deny  = "Deny"
)

// policyVersion is the only current IAM policy language version.
const policyVersion = "2012-10-17"

// policyJSON renders statements as a policy document.
func policyJSON(stmts ...statement) (string, error) {
	b, err := json.Marshal(policyDocument{Version: policyVersion, Statement: stmts})
	if err != nil {
		return "", fmt.Errorf("render policy: %w", err)
	}
	return string(b), nil
}

// service is a service principal such as {"Service": "cloudtrail.amazonaws.com"}.
func service(names ...string) map[string]any {
	if len(names) == 1 {
		return map[string]any{"Service": names[0]}
	}
	return map[string]any{"Service": names}
}

// awsPrincipal is an account or role principal such as {"AWS": "arn:aws:iam::123456789012:root"}.
func awsPrincipal(arn string) map[string]any { return map[string]any{"AWS": arn} }

// trustPolicy lets one service assume a role, only on behalf of this account.
func trustPolicy(n namer, svc string, extra conditions) (string, error) {
	cond := conditions{"StringEquals": {"aws:SourceAccount": n.account}}
	for op, tests := range extra {
		if cond[op] == nil {
			cond[op] = map[string]any{}
		}
		for k, v := range tests {
			cond[op][k] = v
		}
	}
	return policyJSON(statement{
		Sid: "AssumeRoleFrom" + svc, Effect: allow, Principal: service(svc),
		Action: "sts:AssumeRole", Condition: cond,
	})
}
