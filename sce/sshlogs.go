package sce

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/sce/internal/alerts"
)

// logGroupSSH is the log group of the instances' SSH and audit logs.
const logGroupSSH = "ssh"

// failedLoginThreshold is how many failed SSH attempts in five minutes raise an alarm.
const failedLoginThreshold = 5

// sshAlarmSpecs returns the alarms on the instances' SSH log: repeated failed
// logins, and any login of a user who is not one of the researchers.
func sshAlarmSpecs(researchers []Researcher) []alerts.Alarm {
	known := make([]string, 0, len(researchers))
	for _, r := range researchers {
		known = append(known, fmt.Sprintf(`-"Accepted publickey for %s from"`, r.Username))
	}
	return []alerts.Alarm{
		{Slug: "failed-ssh-logins", Description: "Repeated failed SSH logins on the bastion or a worker",
			Pattern:   `?"Failed publickey" ?"Invalid user" ?"authentication failure" ?"Connection closed by invalid user"`,
			Threshold: failedLoginThreshold},
		{Slug: "unknown-ssh-user", Description: "An SSH login by a user who is not a configured researcher",
			Pattern: strings.TrimSpace(`"Accepted publickey for" ` + strings.Join(known, " ")), Threshold: 1},
	}
}

// sshLogging creates the KMS-encrypted log group the CloudWatch agent ships
// /var/log/secure and the audit log to, and its alarms. It returns the
// group's name for the agent's configuration.
func (b *builder) sshLogging() (string, error) {
	lg, err := b.logGroup(logGroupSSH)
	if err != nil {
		return "", fmt.Errorf("ssh logging: %w", err)
	}
	for _, a := range sshAlarmSpecs(b.args.Researchers) {
		if err := b.logAlarm(lg.Name, a); err != nil {
			return "", fmt.Errorf("ssh logging: %w", err)
		}
	}
	return b.Names.LogGroup(logGroupSSH), nil
}
