// Package awsarn reads what sce needs from Amazon Resource Names, on the
// AWS SDK's parser.
package awsarn

import "github.com/aws/aws-sdk-go-v2/aws/arn"

// Account is the account ID of an ARN (a role's, a caller identity's), or
// "" when s is not an ARN.
func Account(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.AccountID
}
