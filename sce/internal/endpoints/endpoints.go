// Package endpoints creates the interface VPC endpoints that carry a
// project's management traffic (Systems Manager, its message channels,
// CloudWatch Logs, KMS, STS) inside the VPC, so patching, sessions and log
// shipping do not depend on the NAT gateway.
package endpoints
