package compute

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/loggroup"
)

// LogGroupSSH is the log group role of the instances' SSH and audit logs.
const LogGroupSSH = "ssh"

// failedLoginThreshold is how many failed SSH attempts in five minutes raise an alarm.
const failedLoginThreshold = 5

// SSHAlarms returns the alarms on the instances' SSH log: repeated failed
// logins, and any login of a user who is not one of the researchers
// (usernames).
func SSHAlarms(usernames []string) []alerts.Alarm {
	return []alerts.Alarm{
		{Slug: "failed-ssh-logins", Description: "Repeated failed SSH logins on the bastion or a worker",
			Pattern:   `?"Failed publickey" ?"Invalid user" ?"authentication failure" ?"Connection closed by invalid user"`,
			Threshold: failedLoginThreshold},
		{Slug: "unknown-ssh-user", Description: "An SSH login by a user who is not a configured researcher",
			Pattern: UnknownUserPattern(usernames), Threshold: 1},
	}
}

// UnknownUserPattern is the filter pattern of the unknown-user alarm: an
// accepted login whose user is none of usernames. It grows with every
// researcher, so validation checks its length against CloudWatch Logs' limit.
func UnknownUserPattern(usernames []string) string {
	known := make([]string, 0, len(usernames))
	for _, u := range usernames {
		known = append(known, fmt.Sprintf(`-"Accepted publickey for %s from"`, u))
	}
	return strings.TrimSpace(`"Accepted publickey for" ` + strings.Join(known, " "))
}

// sshLogging creates the KMS-encrypted log group the CloudWatch agent ships
// /var/log/secure and the audit log to, and its alarms. It returns the
// group's name for the agent's configuration.
func (b *builder) sshLogging() (string, error) {
	lg, err := loggroup.New(b.Scope, LogGroupSSH, b.a.KeyArn, b.a.LogRetentionDays)
	if err != nil {
		return "", fmt.Errorf("ssh logging: %w", err)
	}
	usernames := make([]string, len(b.a.Users))
	for i, u := range b.a.Users {
		usernames[i] = u.Username
	}
	for _, a := range SSHAlarms(usernames) {
		if err := alerts.NewLogAlarm(b.Scope, b.a.AlertTopicArn, lg.Name, a); err != nil {
			return "", fmt.Errorf("ssh logging: %w", err)
		}
	}
	return b.Names.LogGroup(LogGroupSSH), nil
}
