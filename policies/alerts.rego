package sce_hipaa

import rego.v1

# alerts.rego: CloudWatch log groups, the alert topic and alarms.

# METADATA
# title: Log groups are encrypted with a KMS key
# description: >-
#   Flow logs, trail events and SSH session logs can contain PHI and
#   identifiers; the project key encrypts them at rest.
# custom:
#   message: Set kmsKeyId to the project key's ARN (the key policy must allow logs.<region>.amazonaws.com).
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)", "164.312(b)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudwatch/logGroup:LogGroup
deny_logs_kms contains msg if {
	input.__type == "aws:cloudwatch/logGroup:LogGroup"
	not is_set(input, "kmsKeyId")
	msg := sprintf("Log group '%s' is not encrypted with a KMS key (kmsKeyId)", [input.__name])
}

# METADATA
# title: Log groups keep events long enough
# description: >-
#   Audit logs must outlive the questions asked about them; a retention below
#   the configured minimum deletes evidence too early. No retention (keep
#   forever) passes.
# custom:
#   message: Set retentionInDays to at least this rule's minimumDays (sce:logRetentionDays).
#   control: Audit log retention
#   hipaa: ["164.312(b)", "164.316(b)(2)(i)"]
#   findings: ["5.1"]
#   types:
#     - aws:cloudwatch/logGroup:LogGroup
deny_logs_retention contains msg if {
	input.__type == "aws:cloudwatch/logGroup:LogGroup"
	days := input.retentionInDays
	is_number(days)
	days > 0
	minimum := setting("deny_logs_retention", "minimumDays")
	days < minimum
	msg := sprintf("Log group '%s' keeps events %d days, below the minimum of %d", [input.__name, days, minimum])
}

# METADATA
# title: The alert topic is encrypted with a KMS key
# description: >-
#   Alert messages name resources and principals; the project key encrypts
#   them at rest (its policy lets CloudWatch and EventBridge publish).
# custom:
#   message: Set kmsMasterKeyId to the project key's ARN.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["2.11"]
#   types:
#     - aws:sns/topic:Topic
deny_sns_kms contains msg if {
	input.__type == "aws:sns/topic:Topic"
	not is_set(input, "kmsMasterKeyId")
	msg := sprintf("SNS topic '%s' is not encrypted with a KMS key (kmsMasterKeyId)", [input.__name])
}

# METADATA
# title: The alert topic accepts only TLS
# description: >-
#   The topic policy denies publishing without TLS, so alerts never cross the
#   network in clear text.
# custom:
#   message: Add a Deny statement for sns:Publish by "*" when aws:SecureTransport is false.
#   control: Encryption in transit
#   hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   findings: ["2.8"]
#   types:
#     - aws:sns/topicPolicy:TopicPolicy
deny_sns_tls_only contains msg if {
	input.__type == "aws:sns/topicPolicy:TopicPolicy"
	doc := policy_doc(input.policy)
	not denies_insecure_transport(doc, {"sns:publish", "sns:*", "*"})
	msg := sprintf("SNS topic policy '%s' does not deny publishing without TLS (aws:SecureTransport false)", [input.__name])
}

# METADATA
# title: Alarms notify someone
# description: >-
#   A security alarm without actions (or with actions disabled) changes state
#   without anyone being told, which is no review at all.
# custom:
#   message: Set alarmActions to the project's alert topic and leave actionsEnabled true.
#   control: Activity review and alerting
#   hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudwatch/metricAlarm:MetricAlarm
deny_cloudwatch_alarm_actions contains msg if {
	input.__type == "aws:cloudwatch/metricAlarm:MetricAlarm"
	input.actionsEnabled == false
	msg := sprintf("Alarm '%s' has its actions disabled (actionsEnabled false)", [input.__name])
}

deny_cloudwatch_alarm_actions contains msg if {
	input.__type == "aws:cloudwatch/metricAlarm:MetricAlarm"
	count(as_list(object.get(input, "alarmActions", []))) == 0
	not unknown(object.get(input, "alarmActions", []))
	msg := sprintf("Alarm '%s' notifies no one (no alarmActions)", [input.__name])
}
