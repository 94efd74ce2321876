package closeout

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// archivedRoles are the buckets whose current objects are archived.
func archivedRoles() []sce.BucketRole {
	return []sce.BucketRole{sce.BucketDataIn, sce.BucketOutput, sce.BucketLogs, sce.BucketAccessLogs}
}

// emptyOrder is the order buckets are emptied in: the audit logs last, so
// that they record the emptying of the others.
func emptyOrder() []sce.BucketRole {
	return []sce.BucketRole{sce.BucketDataIn, sce.BucketOutput, sce.BucketAncillary, sce.BucketEgress, sce.BucketAccessLogs, sce.BucketLogs}
}

// Outputs are the project stack outputs close-out needs, recorded in the
// state file at preflight so that later steps work after the stack is gone.
type Outputs struct {
	// PIT is the project identifier.
	PIT string `json:"pit"`
	// Buckets maps bucket role (data-in, ...) to bucket name.
	Buckets map[string]string `json:"buckets"`
	// KMSKeyArn is the project key.
	KMSKeyArn string `json:"kmsKeyArn"`
	// VPCID and the public addresses find network leftovers.
	VPCID           string `json:"vpcId,omitempty"`
	NATPublicIP     string `json:"natPublicIp,omitempty"`
	BastionPublicIP string `json:"bastionPublicIp,omitempty"`
	// ArchiveBucket and ArchiveKeyArn are the account baseline's archive.
	ArchiveBucket string `json:"archiveBucket"`
	ArchiveKeyArn string `json:"archiveKeyArn"`
}

// parseOutputs reads the project stack outputs; problems name the output.
func parseOutputs(raw map[string]any) (Outputs, error) {
	o := Outputs{
		PIT: str(raw[sce.OutputPIT]), KMSKeyArn: str(raw[sce.OutputKmsKeyArn]), VPCID: str(raw[sce.OutputVpcID]), NATPublicIP: str(raw[sce.OutputNatPublicIP]), BastionPublicIP: str(raw[sce.OutputBastionPublicIP]),
		ArchiveBucket: str(raw[sce.OutputArchiveBucketName]), ArchiveKeyArn: str(raw[sce.OutputArchiveKeyArn]), Buckets: map[string]string{},
	}
	if m, ok := raw[sce.OutputBucketNames].(map[string]any); ok {
		for role, name := range m {
			o.Buckets[role] = str(name)
		}
	}
	var missing []string
	if o.PIT == "" {
		missing = append(missing, sce.OutputPIT)
	}
	for _, r := range sce.BucketRoles() {
		if o.Buckets[string(r)] == "" {
			missing = append(missing, sce.OutputBucketNames+"."+string(r))
		}
	}
	if o.KMSKeyArn == "" {
		missing = append(missing, sce.OutputKmsKeyArn)
	}
	if len(missing) > 0 {
		return o, fmt.Errorf("the stack has no output %s: is it an sce project stack, deployed with `pulumi up`?", strings.Join(missing, ", "))
	}
	return o, nil
}

// archiveFrom fills the archive bucket and key from another stack's
// outputs (the account baseline) where the project does not export them.
func (o *Outputs) archiveFrom(raw map[string]any) {
	if o.ArchiveBucket == "" {
		o.ArchiveBucket = str(raw[sce.OutputArchiveBucketName])
	}
	if o.ArchiveKeyArn == "" {
		o.ArchiveKeyArn = str(raw[sce.OutputArchiveKeyArn])
	}
}

// publicIPs are the project's public addresses.
func (o Outputs) publicIPs() []string {
	var out []string
	for _, ip := range []string{o.NATPublicIP, o.BastionPublicIP} {
		if ip != "" {
			out = append(out, ip)
		}
	}
	return out
}

// bucket is the name of the project's bucket of role.
func (o Outputs) bucket(role sce.BucketRole) string { return o.Buckets[string(role)] }

func str(v any) string {
	s, _ := v.(string)
	return s
}
