package sce_hipaa

import rego.v1

# cloudtrail.rego: the audit trail of API calls and PHI object access.

trail_type := "aws:cloudtrail/trail:Trail"

# METADATA
# title: CloudTrail log files are encrypted with a KMS key
# description: >-
#   Trail log files record who touched PHI; SSE-KMS with the project key keeps
#   them readable only to principals the key policy allows.
# custom:
#   message: Set kmsKeyId to the project key's ARN (the key policy must allow cloudtrail.amazonaws.com).
#   control: Audit trail
#   hipaa: ["164.312(b)", "164.312(a)(2)(iv)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
deny_cloudtrail_kms contains msg if {
	input.__type == trail_type
	not is_set(input, "kmsKeyId")
	msg := sprintf("CloudTrail trail '%s' does not encrypt its log files with a KMS key (kmsKeyId)", [input.__name])
}

# METADATA
# title: CloudTrail log file validation is on
# description: >-
#   Digest files signed by CloudTrail prove that no log file was changed or
#   deleted after delivery.
# custom:
#   message: Set enableLogFileValidation to true.
#   control: Tamper-proof audit logs
#   hipaa: ["164.312(b)", "164.312(c)(1)", "164.312(c)(2)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
deny_cloudtrail_log_validation contains msg if {
	input.__type == trail_type
	unset_or_not(input, "enableLogFileValidation", {true})
	msg := sprintf("CloudTrail trail '%s' does not validate its log files (enableLogFileValidation)", [input.__name])
}

# METADATA
# title: CloudTrail records every region and global services
# description: >-
#   A multi-region trail with global service events also records calls made in
#   regions the project does not use and to IAM, which an intruder would try.
# custom:
#   message: Set isMultiRegionTrail to true and leave includeGlobalServiceEvents true.
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.3", "2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
deny_cloudtrail_multi_region contains msg if {
	input.__type == trail_type
	unset_or_not(input, "isMultiRegionTrail", {true})
	msg := sprintf("CloudTrail trail '%s' records one region only (isMultiRegionTrail)", [input.__name])
}

deny_cloudtrail_multi_region contains msg if {
	input.__type == trail_type
	input.includeGlobalServiceEvents == false
	msg := sprintf("CloudTrail trail '%s' leaves out global service events such as IAM (includeGlobalServiceEvents)", [input.__name])
}

# METADATA
# title: CloudTrail logging is on
# description: A trail whose logging is stopped records nothing.
# custom:
#   message: Remove enableLogging false (the default is true).
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
deny_cloudtrail_logging contains msg if {
	input.__type == trail_type
	input.enableLogging == false
	msg := sprintf("CloudTrail trail '%s' has logging turned off (enableLogging false)", [input.__name])
}

# METADATA
# title: CloudTrail delivers to CloudWatch Logs
# description: >-
#   Delivery to a CloudWatch log group lets metric filters and alarms review
#   API activity as it happens, not days later in S3.
# custom:
#   message: Set cloudWatchLogsGroupArn (the group ARN with ":*") and cloudWatchLogsRoleArn.
#   control: Activity review and alerting
#   hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
deny_cloudtrail_cloudwatch contains msg if {
	input.__type == trail_type
	some prop in ["cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"]
	not is_set(input, prop)
	msg := sprintf("CloudTrail trail '%s' does not deliver to CloudWatch Logs (%s)", [input.__name, prop])
}

# METADATA
# title: CloudTrail records management events, read and write
# description: >-
#   Event selectors (or advanced event selectors) that leave out management
#   events, or keep only reads or only writes, hide configuration changes from
#   the audit trail.
# custom:
#   message: >-
#     In eventSelectors, keep includeManagementEvents true and readWriteType All; with advancedEventSelectors,
#     keep one selector with eventCategory Management and no other field.
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
deny_cloudtrail_management_events contains msg if {
	input.__type == trail_type
	selectors := input.eventSelectors
	is_array(selectors)
	count(selectors) > 0
	not management_events(selectors)
	msg := sprintf("CloudTrail trail '%s' has event selectors that do not record all management events", [input.__name])
}

deny_cloudtrail_management_events contains msg if {
	input.__type == trail_type
	selectors := input.advancedEventSelectors
	is_array(selectors)
	count(selectors) > 0
	not advanced_management_events(selectors)
	msg := sprintf("CloudTrail trail '%s' has advanced event selectors that do not record all management events", [input.__name])
}

# advanced_management_events(selectors) holds when one advanced selector
# records every management event: eventCategory Management and no other
# field (readOnly, eventSource ... would keep some out), or selectors not
# known yet.
advanced_management_events(selectors) if {
	some s in selectors
	fields := selector_fields(s)
	object.keys(fields) == {"eventCategory"}
	as_array(fields.eventCategory.equals) == ["Management"]
}

advanced_management_events(selectors) if {
	some s in selectors
	selector_unknown(s)
}

# management_events(selectors) holds when one selector records management
# events, reads and writes (or says so with values not known yet).
management_events(selectors) if {
	some s in selectors
	not s.includeManagementEvents == false
	read_write_all(s)
}

# read_write_all(s) holds for a selector that records reads and writes.
read_write_all(s) if not is_set(s, "readWriteType")

read_write_all(s) if s.readWriteType == "All"

read_write_all(s) if unknown(s.readWriteType)
