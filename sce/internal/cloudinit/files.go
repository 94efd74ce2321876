package cloudinit

import (
	"encoding/json"
	"strings"
)

// Paths of files cloud-init writes.
const (
	cloudWatchAgentConfigPath = "/opt/aws/amazon-cloudwatch-agent/etc/sce.json"
	mountScriptPath           = "/usr/local/sbin/sce-mount-data"
)

// auditRules record changes to accounts, sudo and sshd settings, and every
// command a researcher runs; on workers also changes under /data.
func auditRules(role Role) string {
	rules := []string{
		"# sce: who did what, per user (45 CFR 164.312(b))",
		"-w /etc/ssh/sshd_config -p wa -k sce-sshd",
		"-w /etc/ssh/sshd_config.d/ -p wa -k sce-sshd",
		"-w /etc/passwd -p wa -k sce-identity",
		"-w /etc/group -p wa -k sce-identity",
		"-w /etc/shadow -p wa -k sce-identity",
		"-w /etc/sudoers -p wa -k sce-sudoers",
		"-w /etc/sudoers.d/ -p wa -k sce-sudoers",
		"-a always,exit -F arch=b64 -S execve -F auid>=1000 -F auid!=unset -k sce-commands",
		// 32-bit programs enter the kernel through the 32-bit table, which
		// the b64 rule does not see.
		"-a always,exit -F arch=b32 -S execve -F auid>=1000 -F auid!=unset -k sce-commands",
	}
	if role == Worker {
		rules = append(rules, "-w /data -p wa -k sce-data-change")
	}
	// Last (the file is named zz-sce.rules so augenrules loads it last):
	// lock the rules until reboot, so not even a researcher with sudo can
	// switch auditing off.
	return strings.Join(append(rules, "-e 2", ""), "\n")
}

// auditRulesDir is where augenrules reads the rules it loads.
const auditRulesDir = "/etc/audit/rules.d"

// auditRulesFile is sce's rules file in auditRulesDir, named to load last.
const auditRulesFile = auditRulesDir + "/zz-sce.rules"

// auditRulesStaged is where write_files puts sce's rules: auditd, which may
// start while cloud-init writes files, would load (and lock, -e 2) rules it
// found in auditRulesDir before /data is mounted. runcmd moves them in just
// before it loads them (hostCommands).
const auditRulesStaged = "/etc/audit/sce-staged.rules"

// dropTaskNever is the shell command that deletes, from every rules file
// in dir, a rule "-a task,never" (or "-a never,task"): some images ship it
// to keep syscall auditing off, and the kernel then audits no syscall of
// any process started after it, which would silently disable sce's rules.
func dropTaskNever(dir string) string {
	return `sed -i -E '/^[[:space:]]*-a[[:space:]]+(task,never|never,task)[[:space:]]*$/d' ` + dir + `/*.rules`
}

// auditdAfterDataPath is the drop-in that orders auditd after /data.
const auditdAfterDataPath = "/etc/systemd/system/auditd.service.d/sce-after-data.conf"

// auditdAfterData makes auditd, which loads the audit rules when it starts,
// wait at boot for the data volume's mount (written to fstab with nofail by
// the mount script): otherwise the /data watch would be set on the empty
// mount point and miss the volume until the next reboot. Wants, not
// Requires: a missing volume delays auditd by the device timeout, never
// stops it.
const auditdAfterData = `# sce: load the /data audit watch after the data volume is mounted.
[Unit]
Wants=data.mount
After=data.mount
`

// cloudWatchAgentConfig ships the SSH log and the audit log to the
// project's log group, one stream per instance and file.
func cloudWatchAgentConfig(logGroup string) string {
	type file struct {
		FilePath      string `json:"file_path"`
		LogGroupName  string `json:"log_group_name"`
		LogStreamName string `json:"log_stream_name"`
	}
	cfg := map[string]any{
		"agent": map[string]any{"run_as_user": "root"},
		"logs": map[string]any{"logs_collected": map[string]any{"files": map[string]any{"collect_list": []file{
			{FilePath: "/var/log/secure", LogGroupName: logGroup, LogStreamName: "{instance_id}/secure"},
			{FilePath: "/var/log/audit/audit.log", LogGroupName: logGroup, LogStreamName: "{instance_id}/audit"},
		}}}},
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "{}" // unreachable: the value has only strings and maps
	}
	return string(b) + "\n"
}

// mountScript mounts the data volume at /data. It formats the volume ONLY
// when the device holds no filesystem and no partition table at all (blkid
// -p exits 2): a replaced worker gets the same volume back, and formatting
// it would destroy the research data (docs/deployment-facts.md#12).
func mountScript(volumeID string) string {
	return strings.NewReplacer("VOLUME_NODASH", strings.ReplaceAll(volumeID, "-", ""), "VOLUME_ID", volumeID,
		"RESEARCHERS", researcherGroup).Replace(mountScriptTemplate)
}

// mountScriptTemplate is the mount script; the SCE_* variables exist only so
// that tests can run it against a scratch file instead of a device.
const mountScriptTemplate = `#!/bin/bash
# sce: mount the project data volume at /data; never format a volume that holds data.
set -euo pipefail
dev=${SCE_DATA_DEVICE:-/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_VOLUME_NODASH}
fstab=${SCE_FSTAB:-/etc/fstab}
dir=${SCE_DATA_DIR:-/data}
for _ in $(seq 1 "${SCE_WAIT_TRIES:-120}"); do [ -e "$dev" ] && break; sleep 5; done
if [ ! -e "$dev" ]; then echo "sce: data volume VOLUME_ID is not attached after 10 minutes" >&2; exit 1; fi
set +e; blkid -p "$dev" >/dev/null 2>&1; probe=$?; set -e
case "$probe" in
  0) echo "sce: $dev already holds a filesystem: mounting it as it is" ;;
  2) echo "sce: $dev is blank: creating an XFS filesystem"; mkfs.xfs -L sce-data "$dev" ;;
  *) echo "sce: cannot tell whether $dev holds data (blkid exit $probe): not formatting, not mounting" >&2; exit 1 ;;
esac
uuid=$(blkid -s UUID -o value "$dev")
mkdir -p "$dir"
grep -q "UUID=$uuid " "$fstab" || echo "UUID=$uuid $dir xfs defaults,nofail 0 2" >> "$fstab"
mount "$dir" || mountpoint -q "$dir"
chgrp RESEARCHERS "$dir"
chmod 2770 "$dir"
`
