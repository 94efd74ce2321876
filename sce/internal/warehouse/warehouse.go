// Package warehouse creates a project's optional Amazon Redshift warehouse:
// its subnet and parameter groups, the role COPY and UNLOAD act through,
// the audit log groups, the protected encrypted cluster and its audit
// logging. The security group admitting the workers stays with the other
// security groups of the environment; the warehouse takes its ID.
package warehouse

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/redshift"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Port is Redshift's port.
const Port = 5439

// AdminUser is the warehouse's admin user; its password is made and kept
// by Secrets Manager, never by sce.
const AdminUser = "sceadmin"

// maintenanceWindow is the weekly maintenance window (UTC): Sunday 10:00,
// the night in the Americas.
const maintenanceWindow = "sun:10:00-sun:10:30"

// LogExports are the audit logs the cluster exports to CloudWatch Logs.
func LogExports() []string { return []string{"connectionlog", "userlog", "useractivitylog"} }

// ID is the cluster's identifier (and the prefix of its log groups).
func ID(n naming.Namer) string { return n.Logical("warehouse") }

// Arn is the cluster's ARN, built as a string so a policy can name the
// cluster before it exists.
func Arn(n naming.Namer) string { return n.ARN("redshift", "cluster:"+ID(n)) }

// LogGroup is the log group Redshift writes export of cluster id to.
func LogGroup(id, export string) string { return "/aws/redshift/cluster/" + id + "/" + export }

// Args are the inputs of New.
type Args struct {
	// KeyArn is the project key: it encrypts the cluster, its admin secret
	// and its log groups.
	KeyArn pulumi.StringOutput
	// NodeType and NodeCount size the provisioned cluster (validated).
	NodeType  string
	NodeCount int
	// DatabaseName is the database created with the cluster.
	DatabaseName string
	// SnapshotRetentionDays keeps automated snapshots that many days.
	SnapshotRetentionDays int
	// LogRetentionDays is how long the audit log groups keep their events.
	LogRetentionDays int
	// SecurityGroupID is the warehouse's security group.
	SecurityGroupID pulumi.StringInput
	// SubnetIDs are the project's private subnets.
	SubnetIDs pulumi.StringArrayInput
	// DataInArn and OutputArn are the ARNs of the buckets COPY reads and
	// UNLOAD writes.
	DataInArn, OutputArn string
	// PrivateTags returns the tags of a resource in the private subnets.
	PrivateTags func(name string) pulumi.StringMap
}

// Warehouse is what the Environment's outputs read from the warehouse.
type Warehouse struct {
	// Cluster is the Redshift cluster.
	Cluster *redshift.Cluster
	// Role is the role COPY and UNLOAD name.
	Role *iam.Role
}

// New creates the warehouse: subnet group, parameter group, COPY/UNLOAD
// role, audit log groups, the protected cluster and its audit logging.
func New(s scope.Scope, a Args) (*Warehouse, error) {
	subnets, params, err := groups(s, a)
	if err != nil {
		return nil, err
	}
	role, attachment, err := copyRole(s, a)
	if err != nil {
		return nil, err
	}
	logGroups, err := logGroups(s, a)
	if err != nil {
		return nil, err
	}
	c, err := cluster(s, a, subnets, params, role, attachment)
	if err != nil {
		return nil, err
	}
	if _, err := redshift.NewLogging(s.Ctx, s.Names.Logical("warehouse-logging"), &redshift.LoggingArgs{
		ClusterIdentifier: c.ClusterIdentifier, LogDestinationType: pulumi.String("cloudwatch"),
		LogExports: pulumi.ToStringArray(LogExports()),
	}, s.Opts(pulumi.DependsOn(logGroups))...); err != nil {
		return nil, fmt.Errorf("warehouse logging: %w", err)
	}
	return &Warehouse{Cluster: c, Role: role}, nil
}

// groups creates the subnet group over the private subnets and the
// parameter group that requires TLS and logs every user's queries.
func groups(s scope.Scope, a Args) (*redshift.SubnetGroup, *redshift.ParameterGroup, error) {
	pit := s.Names.PIT
	name := s.Names.Logical("warehouse-subnets")
	subnets, err := redshift.NewSubnetGroup(s.Ctx, name, &redshift.SubnetGroupArgs{
		Name: pulumi.String(name), Description: pulumi.String("Private subnets of project " + pit),
		SubnetIds: a.SubnetIDs, Tags: a.PrivateTags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse subnet group: %w", err)
	}
	pname := s.Names.Logical("warehouse-params")
	params, err := redshift.NewParameterGroup(s.Ctx, pname, &redshift.ParameterGroupArgs{
		Name: pulumi.String(pname), Family: pulumi.String("redshift-1.0"),
		Description: pulumi.String("Project " + pit + ": TLS only, user activity logged"),
		Parameters: redshift.ParameterGroupParameterArray{
			redshift.ParameterGroupParameterArgs{Name: pulumi.String("require_ssl"), Value: pulumi.String("true")},
			redshift.ParameterGroupParameterArgs{Name: pulumi.String("enable_user_activity_logging"), Value: pulumi.String("true")},
		},
		Tags: s.Tags(pname),
	}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse parameter group: %w", err)
	}
	return subnets, params, nil
}

// logGroups creates the log groups Redshift exports its audit logs to,
// encrypted with the project key and kept as long as the project's logs.
func logGroups(s scope.Scope, a Args) ([]pulumi.Resource, error) {
	var out []pulumi.Resource
	for _, export := range LogExports() {
		name := s.Names.Logical("warehouse-" + export + "-log-group")
		lg, err := cloudwatch.NewLogGroup(s.Ctx, name, &cloudwatch.LogGroupArgs{
			Name: pulumi.String(LogGroup(ID(s.Names), export)), KmsKeyId: a.KeyArn,
			RetentionInDays: pulumi.Int(a.LogRetentionDays), Tags: s.Tags(name),
		}, s.Opts()...)
		if err != nil {
			return nil, fmt.Errorf("warehouse log group %s: %w", export, err)
		}
		out = append(out, lg)
	}
	return out, nil
}

// cluster creates the protected, encrypted, private cluster. Its admin
// password is created and kept by Secrets Manager with the project key; a
// destroy takes a final snapshot first.
func cluster(s scope.Scope, a Args, subnets *redshift.SubnetGroup, params *redshift.ParameterGroup,
	role *iam.Role, attachment pulumi.Resource) (*redshift.Cluster, error) {
	id := ID(s.Names)
	clusterType := "multi-node"
	if a.NodeCount == 1 {
		clusterType = "single-node"
	}
	c, err := redshift.NewCluster(s.Ctx, id, &redshift.ClusterArgs{
		ClusterIdentifier: pulumi.String(id), NodeType: pulumi.String(a.NodeType),
		ClusterType: pulumi.String(clusterType), NumberOfNodes: pulumi.Int(a.NodeCount),
		DatabaseName: pulumi.String(a.DatabaseName), MasterUsername: pulumi.String(AdminUser),
		ManageMasterPassword: pulumi.Bool(true), MasterPasswordSecretKmsKeyId: a.KeyArn,
		Encrypted: pulumi.Bool(true), KmsKeyId: a.KeyArn,
		PubliclyAccessible: pulumi.Bool(false), EnhancedVpcRouting: pulumi.Bool(true),
		ClusterSubnetGroupName: subnets.Name, ClusterParameterGroupName: params.Name,
		VpcSecurityGroupIds: pulumi.StringArray{a.SecurityGroupID},
		IamRoles:            pulumi.StringArray{role.Arn}, DefaultIamRoleArn: role.Arn,
		AutomatedSnapshotRetentionPeriod: pulumi.Int(a.SnapshotRetentionDays),
		AllowVersionUpgrade:              pulumi.Bool(true),
		PreferredMaintenanceWindow:       pulumi.String(maintenanceWindow),
		SkipFinalSnapshot:                pulumi.Bool(false), FinalSnapshotIdentifier: pulumi.String(id + "-final"),
		Tags: a.PrivateTags(id),
	}, s.Opts(pulumi.Protect(true), pulumi.DependsOn([]pulumi.Resource{attachment}))...)
	if err != nil {
		return nil, fmt.Errorf("warehouse cluster: %w", err)
	}
	return c, nil
}
