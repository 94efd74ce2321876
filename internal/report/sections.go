package report

// sectionTitles names the sections of 45 CFR Part 164 the policy pack cites.
func sectionTitles() map[string]string {
	return map[string]string{
		"164.308(a)(1)(ii)(A)": "Risk analysis",
		"164.308(a)(1)(ii)(B)": "Risk management",
		"164.308(a)(1)(ii)(D)": "Information system activity review",
		"164.308(a)(4)":        "Information access management",
		"164.308(a)(5)(ii)(B)": "Protection from malicious software",
		"164.308(a)(5)(ii)(C)": "Log-in monitoring",
		"164.308(a)(6)(ii)":    "Security incidents: response and reporting",
		"164.308(a)(7)(ii)(A)": "Data backup plan",
		"164.308(a)(7)(ii)(B)": "Disaster recovery plan",
		"164.310(d)(2)(iv)":    "Data backup and storage",
		"164.312(a)(1)":        "Access control",
		"164.312(a)(2)(i)":     "Unique user identification",
		"164.312(a)(2)(iv)":    "Encryption and decryption",
		"164.312(b)":           "Audit controls",
		"164.312(c)(1)":        "Integrity",
		"164.312(c)(2)":        "Mechanism to authenticate electronic PHI",
		"164.312(d)":           "Person or entity authentication",
		"164.312(e)(1)":        "Transmission security",
		"164.312(e)(2)(i)":     "Transmission security: integrity controls",
		"164.312(e)(2)(ii)":    "Transmission security: encryption",
		"164.316(b)(1)":        "Documentation",
		"164.316(b)(2)(i)":     "Documentation: time limit (retention)",
	}
}

// findingTitles are the findings of a vulnerability assessment of a
// healthcare AWS estate that the rules answer (custom.findings), in the
// assessment's words, shortened (docs/policy-pack.md).
func findingTitles() map[string]string {
	return map[string]string{
		"1.1":  "MFA not found for any user",
		"1.2":  "IAM roles with overly permissive policies",
		"1.3":  "No role assigned to any EC2 instance",
		"1.4":  "Root volume not encrypted",
		"1.5":  "RDS not encrypted",
		"1.6":  "S3 bucket: KMS key encryption not enabled",
		"1.7":  "IMDSv2 optional on the EC2 instance",
		"2.1":  "IAM policies overly permissive (full read/write)",
		"2.2":  "Database: no regular backup",
		"2.3":  "Multi-region strategy not implemented",
		"2.4":  "S3 bucket versioning not turned on",
		"2.5":  "S3 bucket: only default encryption",
		"2.6":  "S3 bucket: Object Lock not enabled",
		"2.7":  "S3 bucket: server access logging disabled",
		"2.8":  "S3 bucket allows cleartext communication",
		"2.9":  "S3 bucket: access logging not enabled",
		"2.11": "Security events: no real-time monitoring",
		"2.12": "RDS instance: no monitoring",
		"2.14": "RDS: no encryption in transit and at rest",
		"3.1":  "VM: weak authentication requirements",
		"3.3":  "VM: inbound and outbound rules open to 0.0.0.0/0",
		"3.4":  "VM: EBS volumes not encrypted",
		"3.6":  "VM: unused security group found",
		"4.2":  "Network segmentation poor",
		"4.3":  "Security group configuration poor",
		"4.5":  "Firewall policies not found",
		"4.6":  "Subnet flow logs not configured",
		"5.1":  "Backup retention period not enough",
		"5.2":  "Termination protection not enabled",
		"5.4":  "Deletion protection not enabled",
		"5.5":  "EC2: deletion protection not enabled",
		"5.6":  "Disaster recovery plan not found",
	}
}
