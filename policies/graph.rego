package sce_hipaa

import rego.v1

# graph.rego: helpers for the stack rules, which see every resource at once
# (input.resources) with its dependencies and property dependencies. Links
# between resources go through propertyDependencies, which Pulumi knows at
# preview time even when the IDs and ARNs themselves are unknown.

# pd(r, prop) are the URNs the value of r's input prop came from.
pd(r, prop) := object.get(r, ["propertyDependencies", prop], [])

# deps(r) are the URNs r depends on.
deps(r) := object.get(r, "dependencies", [])

# resources_by_type maps each type token to the stack's resources of that
# type, in input order. OPA indexes the inner comprehension by type, so the
# map takes one pass over the resources, and every lookup after it is cheap.
resources_by_type := {t: rs |
	some t in {r.__type | some r in input.resources}
	rs := [r | some r in input.resources; r.__type == t]
}

# of_types(types) are the stack's resources of the given types.
of_types(types) := [r | some t in types; some r in object.get(resources_by_type, t, [])]

# refers(r, prop, target) holds when r's input prop came from target.
refers(r, prop, target) if target.__urn in pd(r, prop)

# buckets are the stack's S3 buckets.
buckets := of_types(bucket_types)

# bucket_ref(c, prop, b) holds when c's input prop names bucket b: through a
# property dependency, or by the bucket's literal name when both are known.
bucket_ref(c, prop, b) if refers(c, prop, b)

bucket_ref(c, prop, b) if {
	v := c[prop]
	is_string(v)
	v == b.bucket
	known(v)
}

# bucket_targets(c, prop) are the URNs of the stack's buckets that c's input
# prop names, as bucket_ref decides: b.__urn in bucket_targets(c, prop) holds
# exactly when bucket_ref(c, prop, b) does for a bucket b of the stack. It
# reads c once, instead of once for every bucket.
bucket_targets(c, prop) := {u | some u in pd(c, prop)} | {u |
	v := c[prop]
	is_string(v)
	known(v)
	some u in object.get(bucket_urns_by_name, v, [])
}

# bucket_urns_by_name maps each literal bucket name to the URNs of the
# stack's buckets given that name.
bucket_urns_by_name := {n: us |
	some n in {b.bucket | some b in buckets}
	us := [b.__urn | some b in buckets; b.bucket == n]
}

# companions(types) maps each bucket's URN to its configuration resources of
# the given types (the resources whose input "bucket" names it), by type
# (in set order), then in input order. It looks each bucket and type up in
# bucket_configs, so a call costs one lookup per bucket and type.
companions(types) := {b.__urn: cs |
	some b in buckets
	cs := [c | some t in types; some c in bucket_configs[[b.__urn, t]]]
}

# bucket_configs maps [URN, type] to the stack's resources of the type
# whose input "bucket" names the bucket of the URN, in input order. OPA
# indexes the inner comprehension by key, so the map takes one pass over
# the links.
bucket_configs := {k: cs |
	some k in {[l[0], l[1].__type] | some l in bucket_links}
	cs := [l[1] | some l in bucket_links; [l[0], l[1].__type] == k]
}

# bucket_links are the pairs [URN, c] of every resource c of the stack and
# each bucket URN in bucket_targets(c, "bucket"): those of the resources
# with an input "bucket" in input order, then those of the resources with
# only a property dependency for it. Other resources have no targets, and
# reading the two fields inline spares a function call per resource. For
# the resources with an input "bucket" (most of the links) the targets are
# bucket_targets(c, "bucket") written out, which spares two more.
bucket_links := array.concat(
	[[u, c] |
		some c in input.resources
		v := c.bucket
		v != false
		some u in ({u | some u in object.get(c, ["propertyDependencies", "bucket"], [])} | {u |
			is_string(v)
			known(v)
			some u in object.get(bucket_urns_by_name, v, [])
		})
	],
	[[u, c] | some c in input.resources; c.propertyDependencies.bucket; not c.bucket; some u in bucket_targets(c, "bucket")],
)

sse_configs := companions(sse_types)

versionings := companions(versioning_types)

public_access_blocks := companions(public_access_block_types)

ownerships := companions(ownership_types)

bucket_policies := companions(bucket_policy_types)

loggings := companions(logging_types)

object_locks := companions(object_lock_types)

# log_target(b) holds when another bucket delivers server access logs to b
# (bucket_ref of a logging resource's targetBucket, read once per plan) and
# b delivers its own logs nowhere: a bucket that logs (to itself or to
# another) is a source, and never gets the log target's exceptions (SSE-S3,
# no Object Lock), whatever logs into it.
log_target(b) if {
	b.__urn in log_target_urns
	not log_source(b)
}

log_target(b) if {
	b.bucket in log_target_names
	not log_source(b)
}

# log_source(b) holds when a logging resource delivers b's access logs.
log_source(b) if count(loggings[b.__urn]) > 0

# log_targets are the stack's buckets that receive server access logs
# (log_target), in input order.
log_targets := [b | some b in buckets; log_target(b)]

# log_target_urns are the URNs the logging resources' targetBucket came from.
log_target_urns := {u | some l in of_types(logging_types); some u in pd(l, "targetBucket")}

# log_target_names are the known literal names of the logging resources'
# targetBucket.
log_target_names := {v |
	some l in of_types(logging_types)
	v := l.targetBucket
	is_string(v)
	known(v)
}

# trails are the stack's CloudTrail trails.
trails := of_types({"aws:cloudtrail/trail:Trail"})

# trail_bucket(t, b) holds when trail t delivers its log files to bucket b.
trail_bucket(t, b) if bucket_ref(t, "s3BucketName", b)

# ---- networks -------------------------------------------------------------

vpcs := of_types({"aws:ec2/vpc:Vpc"})

subnets := of_types({"aws:ec2/subnet:Subnet"})

route_tables := of_types({"aws:ec2/routeTable:RouteTable"})

internet_gateways := of_types({"aws:ec2/internetGateway:InternetGateway"})

main_associations := of_types({"aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"})

# igw_route(rt) holds when route table rt has a route to an internet gateway:
# a separate Route resource or an inline route.
igw_route(rt) if {
	some r in of_types({"aws:ec2/route:Route"})
	refers(r, "routeTableId", rt)
	to_internet_gateway(r, "gatewayId")
}

igw_route(rt) if to_internet_gateway(rt, "routes")

igw_route(rt) if {
	some route in as_array(rt.routes)
	is_string(route.gatewayId)
	startswith(route.gatewayId, "igw-")
}

# to_internet_gateway(r, prop) holds when r's input prop came from an
# internet gateway, or is a literal internet gateway ID.
to_internet_gateway(r, prop) if {
	some igw in internet_gateways
	refers(r, prop, igw)
}

to_internet_gateway(r, prop) if {
	is_string(r[prop])
	startswith(r[prop], "igw-")
}

# main_table(rt) holds when rt is the main route table of its VPC.
main_table(rt) if {
	some a in main_associations
	refers(a, "routeTableId", rt)
}

# subnet_tables(s) are the route tables explicitly associated with subnet s.
subnet_tables(s) := [rt |
	some a in of_types({"aws:ec2/routeTableAssociation:RouteTableAssociation"})
	refers(a, "subnetId", s)
	some rt in route_tables
	refers(a, "routeTableId", rt)
]

# public_subnet(s) holds when subnet s routes to an internet gateway, through
# its own route table or, without one, the VPC's main route table.
public_subnet(s) if {
	some rt in subnet_tables(s)
	igw_route(rt)
}

public_subnet(s) if {
	count(subnet_tables(s)) == 0
	some rt in route_tables
	main_table(rt)
	igw_route(rt)
}

# instance_subnet(i, s) holds when instance i is launched in subnet s.
instance_subnet(i, s) if refers(i, "subnetId", s)

# subnet_vpc(s, v) holds when subnet s belongs to VPC v.
subnet_vpc(s, v) if refers(s, "vpcId", v)

# ---- instances ------------------------------------------------------------

instances := of_types({instance_type})

# public_allowed(name) holds for the instances config allows a public IP:
# the bastion, by design.
public_allowed(name) if name_matches(name, public_instance_patterns)

# public_instance_patterns are the publicInstances setting, split once.
public_instance_patterns := name_patterns(setting("deny_ec2_public_ip", "publicInstances"))

# eip_instance(e, i) holds when elastic IP (or EIP association) e is attached
# to instance i.
eip_instance(e, i) if {
	e.__type == "aws:ec2/eip:Eip"
	refers(e, "instance", i)
}

eip_instance(e, i) if {
	e.__type == "aws:ec2/eipAssociation:EipAssociation"
	refers(e, "instanceId", i)
}

eips := of_types({"aws:ec2/eip:Eip", "aws:ec2/eipAssociation:EipAssociation"})

# internet_facing(i) holds when instance i has a public address: an
# auto-assigned public IP or an elastic IP.
internet_facing(i) if i.associatePublicIpAddress == true

internet_facing(i) if {
	some e in eips
	eip_instance(e, i)
}
