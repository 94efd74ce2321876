package sce_hipaa

import rego.v1

# tags.rego: the project tag on every taggable resource, and Pulumi's
# protect option on everything whose loss loses PHI or audit evidence.

# taggable_types are the AWS resource types sce creates that accept tags
# (any other resource with a tags input is checked too).
taggable_types := {
	"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable",
	"aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip",
	"aws:ec2/networkAcl:NetworkAcl", "aws:ec2/securityGroup:SecurityGroup",
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/vpcEndpoint:VpcEndpoint",
	"aws:ec2/flowLog:FlowLog", "aws:ec2/instance:Instance", "aws:ebs/volume:Volume",
	"aws:ec2/launchTemplate:LaunchTemplate", "aws:kms/key:Key", "aws:s3/bucketV2:BucketV2",
	"aws:s3/bucket:Bucket", "aws:cloudtrail/trail:Trail", "aws:cloudwatch/logGroup:LogGroup",
	"aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/eventRule:EventRule",
	"aws:sns/topic:Topic", "aws:iam/role:Role", "aws:iam/policy:Policy",
	"aws:iam/instanceProfile:InstanceProfile", "aws:cfg/rule:Rule",
	"aws:rds/instance:Instance", "aws:rds/cluster:Cluster",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
}

# METADATA
# title: Every taggable resource carries the project tag
# description: >-
#   The sce:pit tag ties each resource to one research project: the inventory,
#   cost reports, Config rule scopes and close-out all find resources by it.
# custom:
#   message: Add the project tags (sce:pit and the others) to the resource's tags.
#   control: Inventory
#   hipaa: ["164.308(a)(1)(ii)(A)", "164.316(b)(1)"]
#   types: ["*"]
deny_tags_pit contains msg if {
	taggable
	some tag in required_tags
	not has_tag(tag)
	not exempt_component
	msg := sprintf("Resource '%s' (%s) lacks the tag %s", [input.__name, input.__type, tag])
}

# taggable holds for a known taggable type or any resource with a tags input.
taggable if input.__type in taggable_types

taggable if is_object(input.tags)

# required_tags are the tags every taggable resource carries (config
# requiredTags): one value for the whole evaluation.
required_tags := setting("deny_tags_pit", "requiredTags")

# has_tag(tag) holds when the input's tags include tag, or are not known yet.
has_tag(tag) if input.tags[tag] != null

has_tag(_) if unknown(input.tags)

# exempt_component holds for children of a component config exempts (the
# account baseline): the type chain of the URN names the parent types.
exempt_component if {
	parts := split(input.__urn, "::")
	chain := split(parts[2], "$")
	some t in setting("deny_tags_pit", "exemptComponents")
	t in chain
}

# METADATA
# title: PHI and audit resources are protected
# description: >-
#   Pulumi's protect option refuses to delete the PHI and log buckets, the KMS
#   keys and the data volumes, so a mistaken destroy or replacement cannot
#   lose data. Close-out lifts it on purpose.
# custom:
#   message: >-
#     Set the resource option protect (pulumi.Protect(true)); close-out runs with this
#     rule disabled in the policy config.
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.310(d)(2)(iv)", "164.312(c)(1)"]
#   findings: ["5.2", "5.5"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:kms/key:Key
#     - aws:ebs/volume:Volume
deny_protect_phi contains msg if {
	input.__type in bucket_types
	name_matches(input.__name, protected_bucket_patterns)
	not input.__options.protect == true
	msg := sprintf("S3 bucket '%s' holds PHI or audit logs but is not protected (protect option)", [input.__name])
}

deny_protect_phi contains msg if {
	input.__type in {key_type, volume_type}
	not input.__options.protect == true
	msg := sprintf("%s '%s' is not protected (protect option): deleting it loses PHI", [protected_kind, input.__name])
}

protected_kind := "KMS key" if {
	input.__type == key_type
} else := "EBS volume"

# protected_bucket_patterns are the protectedBuckets setting, split once.
protected_bucket_patterns := name_patterns(setting("deny_protect_phi", "protectedBuckets"))
