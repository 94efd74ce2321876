package closeout

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/english"
)

// Names of what a project keeps on purpose after its stack is destroyed.
// They follow the project's naming (<pit>-<role>); a contract test checks
// them against the shipped stacks' plans.
const (
	// backupVaultSuffix names the project's AWS Backup vault: <pit>-backup-vault.
	backupVaultSuffix = "-backup-vault"
	// finalSnapshotSuffix names the snapshot a destroy takes of the
	// warehouse: <pit>-warehouse-final.
	finalSnapshotSuffix = "-warehouse-final"
	// warehouseSuffix names the project's warehouse cluster: <pit>-warehouse.
	warehouseSuffix = "-warehouse"
)

// RecoveryPoint is one AWS Backup recovery point in the project's vault.
type RecoveryPoint struct {
	// Arn is the recovery point (an EBS snapshot's or an AMI's ARN).
	Arn string `json:"arn"`
	// ResourceArn is the volume or instance it backs up.
	ResourceArn string `json:"resourceArn"`
	// Status is AWS Backup's (COMPLETED, PARTIAL, ...).
	Status string `json:"status"`
	// Created is when it was made.
	Created time.Time `json:"created"`
	// DeleteAt is when the plan's lifecycle deletes it (zero: never).
	DeleteAt time.Time `json:"deleteAt,omitzero"`
	// EncryptionKeyArn is the KMS key that encrypts it.
	EncryptionKeyArn string `json:"encryptionKeyArn"`
	// Backing are the EBS snapshots behind an AMI recovery point, which the
	// Tagging API lists on their own.
	Backing []string `json:"backing,omitempty"`
}

// Vault is the project's backup vault as close-out finds it.
type Vault struct {
	// Exists is false when the vault is gone.
	Exists bool `json:"exists"`
	// Arn is the vault's ARN.
	Arn string `json:"arn,omitempty"`
	// Locked and MinRetentionDays are its vault lock: a locked vault keeps
	// every recovery point at least MinRetentionDays after its creation.
	Locked           bool `json:"locked"`
	MinRetentionDays int  `json:"minRetentionDays"`
	// Points are its recovery points.
	Points []RecoveryPoint `json:"points"`
}

// Snapshot is a warehouse snapshot.
type Snapshot struct {
	// ID and Arn identify it.
	ID  string `json:"id"`
	Arn string `json:"arn"`
	// Status is Redshift's (available, creating, ...).
	Status string `json:"status"`
	// Encrypted and KMSKeyID say how it is encrypted.
	Encrypted bool   `json:"encrypted"`
	KMSKeyID  string `json:"kmsKeyId"`
	// Created is when it was taken.
	Created time.Time `json:"created"`
}

// Retention looks up what a project keeps on purpose: its backup vault's
// recovery points and its warehouse's final snapshot, and, before the
// destroy takes that snapshot, the warehouse's status. The real one calls
// AWS Backup, EC2 and Redshift (AWSRetention); tests use a fake.
type Retention interface {
	// BackupVault describes the vault name and lists its recovery points;
	// Exists is false when there is no such vault.
	BackupVault(ctx context.Context, name string) (Vault, error)
	// WarehouseSnapshot describes the manual snapshot id; nil when it does
	// not exist.
	WarehouseSnapshot(ctx context.Context, id string) (*Snapshot, error)
	// WarehouseStatus is the Redshift status of the cluster id (available,
	// paused, resuming, ...); "" when there is no such cluster.
	WarehouseStatus(ctx context.Context, id string) (string, error)
}

// Kept is one trace the project keeps on purpose, with why and until when.
type Kept struct {
	// Kind is "recovery point", "backup vault", "warehouse snapshot" or
	// "KMS key".
	Kind string `json:"kind"`
	// Arn identifies it.
	Arn string `json:"arn"`
	// Detail says what it is, how it is encrypted and until when it is kept.
	Detail string `json:"detail"`
	// Also are other ARNs of the same trace (an AMI's snapshots).
	Also []string `json:"also,omitempty"`
}

// retainedCheck accounts for the recovery points and the final snapshot:
// what is kept and why, and what is left that should not be.
type retainedCheck struct {
	kept  []Kept
	left  []string
	need  keyNeed
	notes []string
}

// arns are every ARN the kept traces account for.
func (c retainedCheck) arns() map[string]bool {
	out := map[string]bool{}
	for _, k := range c.kept {
		out[k.Arn] = true
		for _, a := range k.Also {
			out[a] = true
		}
	}
	return out
}

// retained looks up the vault and, when the project had a warehouse, its
// final snapshot.
func (r *runner) retained(ctx context.Context, keyState string, keyDeletion time.Time) (retainedCheck, error) {
	var c retainedCheck
	if r.env.Retention == nil {
		return c, fmt.Errorf("close-out needs AWS Backup and Redshift (Env.Retention) to account for recovery points and snapshots")
	}
	vault, err := r.env.Retention.BackupVault(ctx, r.st.Outputs.PIT+backupVaultSuffix)
	if err != nil {
		return c, fmt.Errorf("backup vault %s: %w", r.st.Outputs.PIT+backupVaultSuffix, err)
	}
	r.accountVault(&c, vault)
	if r.hadWarehouse() {
		if err := r.accountFinalSnapshot(ctx, &c, keyState); err != nil {
			return c, err
		}
	}
	r.accountKey(&c, keyState, keyDeletion)
	return c, nil
}

// accountVault keeps the vault and its points, saying until when the lock
// holds each; an empty vault is a leftover.
func (r *runner) accountVault(c *retainedCheck, v Vault) {
	name := r.st.Outputs.PIT + backupVaultSuffix
	if !v.Exists {
		c.notes = append(c.notes, "backup vault "+name+": gone, with its recovery points")
		return
	}
	if len(v.Points) == 0 {
		c.left = append(c.left, fmt.Sprintf("backup vault %s holds no recovery point: delete it (aws backup delete-backup-vault --backup-vault-name %s)", name, name))
		return
	}
	points := slices.Clone(v.Points)
	slices.SortFunc(points, func(a, b RecoveryPoint) int { return a.Created.Compare(b.Created) })
	last := time.Time{}
	for _, p := range points {
		until := r.lockedUntil(v, p)
		last = latest(last, until, p.DeleteAt)
		c.kept = append(c.kept, Kept{Kind: "recovery point", Arn: p.Arn, Also: p.Backing, Detail: r.pointDetail(v, p, until)})
		if p.EncryptionKeyArn != r.st.Outputs.KMSKeyArn {
			c.left = append(c.left, fmt.Sprintf("recovery point %s is encrypted with %s, not the project key", p.Arn, orUnknown(p.EncryptionKeyArn)))
			continue
		}
		c.need.point(p.DeleteAt, until)
	}
	until := "that nothing deletes"
	if !last.IsZero() {
		until = "until " + day(last) + " at the latest"
	}
	c.kept = append(c.kept, Kept{Kind: "backup vault", Arn: v.Arn, Detail: fmt.Sprintf("%s, %s, holding %s %s",
		name, lockSummary(v), english.Plural(len(points), "recovery point"), until)})
}

// lockedUntil is when the vault lock stops keeping p: its creation plus
// the lock's minimum retention; zero without a lock.
func (r *runner) lockedUntil(v Vault, p RecoveryPoint) time.Time {
	if !v.Locked || v.MinRetentionDays <= 0 {
		return time.Time{}
	}
	return p.Created.AddDate(0, 0, v.MinRetentionDays)
}

func (r *runner) pointDetail(v Vault, p RecoveryPoint, until time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s of %s, created %s, %s", orUnknown(p.Status), p.ResourceArn, day(p.Created), encryptedWith(p.EncryptionKeyArn, r.st.Outputs.KMSKeyArn))
	switch {
	case until.IsZero():
		b.WriteString("; no vault lock keeps it")
	case until.After(r.env.Now()):
		fmt.Fprintf(&b, "; the vault lock keeps it until %s (created + %d days)", day(until), v.MinRetentionDays)
	default:
		fmt.Fprintf(&b, "; the vault lock kept it until %s (created + %d days): it can be deleted", day(until), v.MinRetentionDays)
	}
	if !p.DeleteAt.IsZero() {
		fmt.Fprintf(&b, "; the backup plan's lifecycle deletes it on %s", day(p.DeleteAt))
	} else {
		b.WriteString("; no lifecycle deletes it")
	}
	return b.String()
}

// accountFinalSnapshot keeps the warehouse's final snapshot when it is
// encrypted with the project key, or notes that it is gone.
func (r *runner) accountFinalSnapshot(ctx context.Context, c *retainedCheck, keyState string) error {
	id := r.st.Outputs.PIT + finalSnapshotSuffix
	s, err := r.env.Retention.WarehouseSnapshot(ctx, id)
	if err != nil {
		return fmt.Errorf("warehouse snapshot %s: %w", id, err)
	}
	switch {
	case s == nil && r.opts.FinalSnapshotDeleted:
		c.notes = append(c.notes, "warehouse final snapshot "+id+": gone, deleted by the operator as chosen")
	case s == nil:
		c.left = append(c.left, "warehouse final snapshot "+id+" is missing: the destroy should have taken it; "+
			"if it was deleted on purpose, run close-out with --final-snapshot-deleted")
	case r.opts.FinalSnapshotDeleted:
		c.left = append(c.left, fmt.Sprintf("warehouse final snapshot %s still exists, though the operator chose to delete it "+
			"(aws redshift delete-cluster-snapshot --snapshot-identifier %s)", id, id))
	case !s.Encrypted || s.KMSKeyID != r.st.Outputs.KMSKeyArn:
		c.left = append(c.left, fmt.Sprintf("warehouse final snapshot %s is not encrypted with the project key (encrypted: %s, key %s)",
			id, yesNo(s.Encrypted), orUnknown(s.KMSKeyID)))
	default:
		c.need.snapshot, c.need.forever = true, true
		c.kept = append(c.kept, Kept{Kind: "warehouse snapshot", Arn: s.Arn, Detail: fmt.Sprintf("%s, %s, taken %s by the destroy, "+
			"encrypted with the project key (%s): kept until deleted; once the key is deleted it cannot be restored",
			id, s.Status, day(s.Created), keyStateWord(keyState))})
	}
	return nil
}

// hadWarehouse reports whether the stack held a Redshift cluster before
// close-out (preflight recorded its resources).
func (r *runner) hadWarehouse() bool {
	return slices.ContainsFunc(r.st.Existed, func(res Resource) bool { return res.Type == awstype.RedshiftCluster })
}

func lockSummary(v Vault) string {
	if !v.Locked {
		return "not locked"
	}
	return fmt.Sprintf("locked (each recovery point kept at least %d days)", v.MinRetentionDays)
}

func encryptedWith(key, project string) string {
	if key == project {
		return "encrypted with the project key"
	}
	return "encrypted with " + orUnknown(key)
}

func keyStateWord(state string) string {
	switch state {
	case "":
		return "the key is deleted"
	case keyPendingDeletion:
		return "the key is pending deletion"
	}
	return "the key is " + state
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

func day(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.DateOnly)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
