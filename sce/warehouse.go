package sce

import (
	"fmt"
	"github.com/sce-dev/sce/sce/internal/network"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/redshift"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// TagWarehouse marks the VPC of a project with a Redshift warehouse: its
// default tenancy is "default", because Redshift refuses dedicated-tenancy
// VPCs; every sce instance still asks for dedicated tenancy itself.
const TagWarehouse = tags.Warehouse

// warehousePort is Redshift's port.
const warehousePort = 5439

// warehouseLogExports are the audit logs the cluster exports to CloudWatch Logs.
var warehouseLogExports = []string{"connectionlog", "userlog", "useractivitylog"}

// warehouse holds what the Environment's outputs read from the warehouse.
type warehouse struct {
	cluster *redshift.Cluster
	role    *iam.Role
}

// buildWarehouse creates the optional Redshift warehouse: security group,
// subnet group, parameter group, COPY/UNLOAD role, audit log groups, the
// protected cluster and its audit logging.
func (b *builder) buildWarehouse() error {
	w := b.args.Warehouse
	if w == nil {
		return nil
	}
	sg, err := b.warehouseSecurityGroup()
	if err != nil {
		return err
	}
	subnets, params, err := b.warehouseGroups()
	if err != nil {
		return err
	}
	role, attachment, err := b.warehouseRole()
	if err != nil {
		return err
	}
	logGroups, err := b.warehouseLogGroups()
	if err != nil {
		return err
	}
	cluster, err := b.warehouseCluster(w, sg, subnets, params, role, attachment)
	if err != nil {
		return err
	}
	if _, err := redshift.NewLogging(b.Ctx, b.Names.Logical("warehouse-logging"), &redshift.LoggingArgs{
		ClusterIdentifier: cluster.ClusterIdentifier, LogDestinationType: pulumi.String("cloudwatch"),
		LogExports: pulumi.ToStringArray(warehouseLogExports),
	}, b.Opts(pulumi.DependsOn(logGroups))...); err != nil {
		return fmt.Errorf("warehouse logging: %w", err)
	}
	b.warehouse = warehouse{cluster: cluster, role: role}
	return nil
}

// warehouseID is the cluster's identifier (and the prefix of its log groups).
func (b *builder) warehouseID() string { return b.Names.Logical("warehouse") }

// warehouseSecurityGroup admits 5439 from the workers' group only, lets the
// cluster reach S3 through the gateway endpoint (enhanced VPC routing), and
// lets the workers reach the cluster.
func (b *builder) warehouseSecurityGroup() (*ec2.SecurityGroup, error) {
	sg, _, err := b.securityGroup(cloudinit.Role("warehouse"), "Redshift warehouse of project "+b.pit+": 5439 in from the workers only", []sgRule{
		{Name: b.Names.Logical("warehouse-from-workers"), Ingress: true, Port: warehousePort, SourceGroup: b.workerSG.ID(), Description: "Redshift from the workers only"},
		{Name: b.Names.Logical("warehouse-s3-out"), Port: 443, PrefixList: b.net.S3Endpoint.PrefixListId, Description: "COPY and UNLOAD to S3 through the project's gateway endpoint"},
	})
	if err != nil {
		return nil, err
	}
	if _, err := b.sgRule(b.workerSG, sgRule{Name: b.Names.Logical("worker-warehouse-out"), Port: warehousePort, SourceGroup: sg.ID(),
		Description: "Redshift queries from the workers to the project's warehouse"}); err != nil {
		return nil, fmt.Errorf("security group rule worker-warehouse-out: %w", err)
	}
	return sg, nil
}

// warehouseGroups creates the subnet group over the private subnets and the
// parameter group that requires TLS and logs every user's queries.
func (b *builder) warehouseGroups() (*redshift.SubnetGroup, *redshift.ParameterGroup, error) {
	name := b.Names.Logical("warehouse-subnets")
	subnets, err := redshift.NewSubnetGroup(b.Ctx, name, &redshift.SubnetGroupArgs{
		Name: pulumi.String(name), Description: pulumi.String("Private subnets of project " + b.pit),
		SubnetIds: network.SubnetIDs(b.net.Private), Tags: b.privateTags(name),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse subnet group: %w", err)
	}
	pname := b.Names.Logical("warehouse-params")
	params, err := redshift.NewParameterGroup(b.Ctx, pname, &redshift.ParameterGroupArgs{
		Name: pulumi.String(pname), Family: pulumi.String("redshift-1.0"),
		Description: pulumi.String("Project " + b.pit + ": TLS only, user activity logged"),
		Parameters: redshift.ParameterGroupParameterArray{
			redshift.ParameterGroupParameterArgs{Name: pulumi.String("require_ssl"), Value: pulumi.String("true")},
			redshift.ParameterGroupParameterArgs{Name: pulumi.String("enable_user_activity_logging"), Value: pulumi.String("true")},
		},
		Tags: b.Tags(pname),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse parameter group: %w", err)
	}
	return subnets, params, nil
}

// warehouseLogGroups creates the log groups Redshift exports its audit logs
// to, encrypted with the project key and kept as long as the project's logs.
func (b *builder) warehouseLogGroups() ([]pulumi.Resource, error) {
	var out []pulumi.Resource
	for _, export := range warehouseLogExports {
		name := b.Names.Logical("warehouse-" + export + "-log-group")
		lg, err := cloudwatch.NewLogGroup(b.Ctx, name, &cloudwatch.LogGroupArgs{
			Name: pulumi.String(warehouseLogGroup(b.warehouseID(), export)), KmsKeyId: b.key.Arn,
			RetentionInDays: pulumi.Int(b.args.LogRetentionDays), Tags: b.Tags(name),
		}, b.Opts()...)
		if err != nil {
			return nil, fmt.Errorf("warehouse log group %s: %w", export, err)
		}
		out = append(out, lg)
	}
	return out, nil
}

// warehouseLogGroup is the log group Redshift writes export of cluster id to.
func warehouseLogGroup(id, export string) string { return "/aws/redshift/cluster/" + id + "/" + export }

// warehouseCluster creates the protected, encrypted, private cluster. Its
// admin password is created and kept by Secrets Manager with the project
// key; a destroy takes a final snapshot first.
func (b *builder) warehouseCluster(w *WarehouseArgs, sg *ec2.SecurityGroup, subnets *redshift.SubnetGroup,
	params *redshift.ParameterGroup, role *iam.Role, attachment pulumi.Resource) (*redshift.Cluster, error) {
	id := b.warehouseID()
	clusterType := "multi-node"
	if w.NodeCount == 1 {
		clusterType = "single-node"
	}
	cluster, err := redshift.NewCluster(b.Ctx, id, &redshift.ClusterArgs{
		ClusterIdentifier: pulumi.String(id), NodeType: pulumi.String(w.NodeType),
		ClusterType: pulumi.String(clusterType), NumberOfNodes: pulumi.Int(w.NodeCount),
		DatabaseName: pulumi.String(w.DatabaseName), MasterUsername: pulumi.String(WarehouseAdminUser),
		ManageMasterPassword: pulumi.Bool(true), MasterPasswordSecretKmsKeyId: b.key.Arn,
		Encrypted: pulumi.Bool(true), KmsKeyId: b.key.Arn,
		PubliclyAccessible: pulumi.Bool(false), EnhancedVpcRouting: pulumi.Bool(true),
		ClusterSubnetGroupName: subnets.Name, ClusterParameterGroupName: params.Name,
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()},
		IamRoles:            pulumi.StringArray{role.Arn}, DefaultIamRoleArn: role.Arn,
		AutomatedSnapshotRetentionPeriod: pulumi.Int(w.SnapshotRetentionDays),
		AllowVersionUpgrade:              pulumi.Bool(true),
		PreferredMaintenanceWindow:       pulumi.String(warehouseMaintenanceWindow),
		SkipFinalSnapshot:                pulumi.Bool(false), FinalSnapshotIdentifier: pulumi.String(id + "-final"),
		Tags: b.privateTags(id),
	}, b.Opts(pulumi.Protect(true), pulumi.DependsOn([]pulumi.Resource{attachment}))...)
	if err != nil {
		return nil, fmt.Errorf("warehouse cluster: %w", err)
	}
	return cluster, nil
}

// warehouseMaintenanceWindow is the weekly maintenance window (UTC): Sunday
// 10:00, the night in the Americas.
const warehouseMaintenanceWindow = "sun:10:00-sun:10:30"
