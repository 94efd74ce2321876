package closeout

import (
	"context"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sce-dev/sce/stacks"
)

// Stack is the project's Pulumi stack, as close-out uses it. The real one
// drives the Pulumi CLI through the Automation API (AutoStack); tests use a
// fake.
type Stack interface {
	// Outputs are the stack outputs (pit, bucketNames, kmsKeyArn, ...).
	Outputs(ctx context.Context) (map[string]any, error)
	// Config is the stack's config, decoded by stacks.DecodeConfig.
	Config(ctx context.Context) (stacks.Config, error)
	// Resources lists the resources in the stack's state.
	Resources(ctx context.Context) ([]Resource, error)
	// Unprotect lifts `protect` from every resource and returns how many
	// were protected.
	Unprotect(ctx context.Context) (int, error)
	// Destroy runs `pulumi destroy`, streaming its progress to w.
	Destroy(ctx context.Context, w io.Writer) error
}

// OutputReader reads a stack's outputs: the account baseline stack's, for
// the archive bucket and key when the project does not re-export them.
type OutputReader interface {
	Outputs(ctx context.Context) (map[string]any, error)
}

// ConfigReader reads a stack's config: the account baseline stack's, for
// the retention of its archive.
type ConfigReader interface {
	Config(ctx context.Context) (stacks.Config, error)
}

// Resource is one resource of the stack's state.
type Resource struct {
	// URN and Type identify it.
	URN  string `json:"urn"`
	Type string `json:"type"`
	// ID is the provider's ID of the resource (a log group's is its name).
	ID string `json:"id,omitempty"`
	// Protected is Pulumi's protect flag.
	Protected bool `json:"protected,omitempty"`
	// RetainOnDelete is Pulumi's retainOnDelete flag: `pulumi destroy`
	// drops the resource from the stack but leaves it in the account.
	RetainOnDelete bool `json:"retainOnDelete,omitempty"`
	// Custom is true for a resource a provider manages (an AWS resource,
	// or a provider itself); false for the stack and components.
	Custom bool `json:"custom,omitempty"`
	// Tagged says the state records the tag sce:pit on it (its inputs'
	// tags or its tagsAll output).
	Tagged bool `json:"tagged,omitempty"`
	// Created is when the resource was created, as the state records it
	// (zero when it does not).
	Created time.Time `json:"created,omitzero"`
	// PropertyDependencies are, by input property, the URNs of the
	// resources the property's value came from, as the state records them
	// (a bucket policy's bucket, for one).
	PropertyDependencies map[string][]string `json:"propertyDependencies,omitempty"`
}

// Inspector looks in the account for what is left of a project.
type Inspector interface {
	// TaggedResources lists the ARNs tagged sce:pit=<pit> (Resource Groups
	// Tagging API).
	TaggedResources(ctx context.Context, pit string) ([]string, error)
	// KeyState is a KMS key's state (Enabled, PendingDeletion, ...) and,
	// pending deletion, when it will be deleted; "" when the key is gone.
	KeyState(ctx context.Context, keyArn string) (string, time.Time, error)
	// LogGroups lists the log groups whose names start with prefix.
	LogGroups(ctx context.Context, prefix string) ([]string, error)
	// NetworkInterfaces lists the ENIs in the VPC or tagged with the PIT.
	NetworkInterfaces(ctx context.Context, vpcID, pit string) ([]string, error)
	// ElasticIPs lists the Elastic IPs tagged with the PIT or holding one
	// of ips (the project's NAT gateway and bastion addresses).
	ElasticIPs(ctx context.Context, pit string, ips []string) ([]string, error)
	// IAMEntities lists those of entities (IAM roles, policies and
	// instance profiles, by their recorded IDs) that IAM still has.
	IAMEntities(ctx context.Context, entities []Resource) ([]string, error)
}

// S3API is the part of the S3 client close-out uses; *s3.Client has it.
type S3API interface {
	ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput, opts ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	HeadBucket(ctx context.Context, in *s3.HeadBucketInput, opts ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, opts ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, opts ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObjectLockConfiguration(ctx context.Context, in *s3.GetObjectLockConfigurationInput, opts ...func(*s3.Options)) (*s3.GetObjectLockConfigurationOutput, error)
	GetBucketVersioning(ctx context.Context, in *s3.GetBucketVersioningInput, opts ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
	CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPart(ctx context.Context, in *s3.UploadPartInput, opts ...func(*s3.Options)) (*s3.UploadPartOutput, error)
	CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, opts ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}
