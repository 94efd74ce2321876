package closeout

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

// ARNs of the project's backup vault and recovery points in the tests.
const (
	vaultArn    = "arn:aws:backup:us-west-2:123456789012:backup-vault:hipaa-backup-vault"
	dailyPoint  = "arn:aws:ec2:us-west-2::snapshot/snap-0daily"
	amiPoint    = "arn:aws:ec2:us-west-2::image/ami-0monthly"
	amiSnapshot = "arn:aws:ec2:us-west-2::snapshot/snap-0ami"
	dataVolume  = "arn:aws:ec2:us-west-2:123456789012:volume/vol-0data"
	worker      = "arn:aws:ec2:us-west-2:123456789012:instance/i-0worker"
	finalArn    = "arn:aws:redshift:us-west-2:123456789012:snapshot:hipaa-warehouse/hipaa-warehouse-final"
)

// lockedVault is the project's vault, locked for 35 days, with the daily
// point of the data volume from two days before close-out and a monthly
// AMI of the worker from a month before.
func lockedVault() Vault {
	return Vault{Exists: true, Arn: vaultArn, Locked: true, MinRetentionDays: 35, Points: []RecoveryPoint{
		{Arn: dailyPoint, ResourceArn: dataVolume, Status: "COMPLETED", Created: time.Date(2027, 6, 29, 5, 10, 0, 0, time.UTC),
			DeleteAt: time.Date(2027, 8, 3, 5, 10, 0, 0, time.UTC), EncryptionKeyArn: projectKey},
		{Arn: amiPoint, ResourceArn: worker, Status: "COMPLETED", Created: time.Date(2027, 5, 1, 5, 12, 0, 0, time.UTC),
			DeleteAt: time.Date(2028, 4, 30, 5, 12, 0, 0, time.UTC), EncryptionKeyArn: projectKey, Backing: []string{amiSnapshot}},
	}}
}

// TestRecoveryPointsAreKeptNotLeftBehind closes out a project whose
// locked vault holds two recovery points, which the Tagging API lists with
// the vault and the AMI's snapshot: they are reported as kept, with the
// date the lock holds each until, and the no-trace check passes.
func TestRecoveryPointsAreKeptNotLeftBehind(t *testing.T) {
	w := newWorld(t)
	w.retention.vault = lockedVault()
	w.inspector.keyState = keyEnabled
	w.inspector.tagged = []string{projectKey, vaultArn, dailyPoint, amiPoint, amiSnapshot}
	st, err := w.run()
	require.NoError(t, err)

	assert.Equal(t, []string{"hipaa-backup-vault"}, w.retention.asked, "no warehouse, no snapshot looked up")
	assert.Equal(t, []Kept{
		{Kind: "recovery point", Arn: amiPoint, Also: []string{amiSnapshot}, Detail: "COMPLETED of " + worker + ", created 2027-05-01, " +
			"encrypted with the project key; the vault lock kept it until 2027-06-05 (created + 35 days): it can be deleted; " +
			"the backup plan's lifecycle deletes it on 2028-04-30"},
		{Kind: "recovery point", Arn: dailyPoint, Detail: "COMPLETED of " + dataVolume + ", created 2027-06-29, " +
			"encrypted with the project key; the vault lock keeps it until 2027-08-03 (created + 35 days); " +
			"the backup plan's lifecycle deletes it on 2027-08-03"},
		{Kind: "backup vault", Arn: vaultArn, Detail: "hipaa-backup-vault, locked (each recovery point kept at least 35 days), " +
			"holding 2 recovery points until 2028-04-30 at the latest"},
		keptKey("2 recovery points", "until 2028-04-30"),
	}, st.Trace.Kept)
	assert.Equal(t, "nothing left behind in account 123456789012, region us-west-2; kept on purpose: 2 recovery points, 1 backup vault, 1 KMS key; "+
		"KMS key enabled, kept for what it encrypts (see Kept on purpose); 1 recorded resource of 1 type not looked for "+
		"(the report lists it under Not checked)",
		st.Steps[len(st.Steps)-2].Detail)

	md := w.read(archive, testLayout.report()+".md")
	assert.Contains(t, md, "\n## Kept on purpose\n\n"+
		"- recovery point "+amiPoint+": COMPLETED of "+worker+", created 2027-05-01, encrypted with the project key; "+
		"the vault lock kept it until 2027-06-05 (created + 35 days): it can be deleted; the backup plan's lifecycle deletes it on 2028-04-30\n"+
		"  - with its snapshots "+amiSnapshot+"\n"+
		"- recovery point "+dailyPoint+": COMPLETED of "+dataVolume+", created 2027-06-29, encrypted with the project key; "+
		"the vault lock keeps it until 2027-08-03 (created + 35 days); the backup plan's lifecycle deletes it on 2027-08-03\n"+
		"- backup vault "+vaultArn+": hipaa-backup-vault, locked (each recovery point kept at least 35 days), "+
		"holding 2 recovery points until 2028-04-30 at the latest\n"+
		"- KMS key "+projectKey+": "+keptKey("2 recovery points", "until 2028-04-30").Detail+"\n\n## Accounted for through their resource\n\nNone.\n\n## Not checked\n")
	assert.Contains(t, md, "- resources tagged sce:pit=hipaa (Resource Groups Tagging API), besides what is kept on purpose: none left (")
	var rep Report
	require.NoError(t, json.Unmarshal([]byte(w.read(archive, testLayout.report()+".json")), &rep))
	assert.Equal(t, st.Trace.Kept, rep.Trace.Kept)
}

// TestTaggedSnapshotOutsideTheVaultIsLeftBehind keeps the vault's points
// but still finds a tagged snapshot no recovery point accounts for.
func TestTaggedSnapshotOutsideTheVaultIsLeftBehind(t *testing.T) {
	w := newWorld(t)
	w.retention.vault = lockedVault()
	w.inspector.keyState = keyEnabled
	stray := "arn:aws:ec2:us-west-2::snapshot/snap-0manual"
	w.inspector.tagged = []string{projectKey, dailyPoint, stray}
	_, err := w.run()
	require.Error(t, err)
	assert.Equal(t, "close-out step verify-no-trace failed: 1 thing of project hipaa is left: "+stray+
		" (some APIs lag a few minutes behind deletions: run close-out again to recheck); "+
		"fix the cause and run `sce closeout hipaa` again: it continues from this step", err.Error())
}

func TestRecoveryPointProblemsAreLeftovers(t *testing.T) {
	tests := []struct {
		name  string
		vault Vault
		want  string
	}{
		{"another key", func() Vault {
			v := lockedVault()
			v.Points[0].EncryptionKeyArn = "arn:aws:kms:us-west-2:123456789012:key/other"
			return v
		}(), "recovery point " + dailyPoint + " is encrypted with arn:aws:kms:us-west-2:123456789012:key/other, not the project key"},
		{"empty vault", Vault{Exists: true, Arn: vaultArn, Locked: true, MinRetentionDays: 35},
			"backup vault hipaa-backup-vault holds no recovery point: delete it (aws backup delete-backup-vault --backup-vault-name hipaa-backup-vault)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.retention.vault = tt.vault
			if len(tt.vault.Points) > 0 {
				w.inspector.keyState = keyEnabled // the remaining point needs it
			}
			_, err := w.run()
			require.Error(t, err)
			assert.Equal(t, "close-out step verify-no-trace failed: 1 thing of project hipaa is left: "+tt.want+
				" (some APIs lag a few minutes behind deletions: run close-out again to recheck); "+
				"fix the cause and run `sce closeout hipaa` again: it continues from this step", err.Error())
		})
	}
}

func TestUnlockedVaultSaysNoLockKeepsThePoints(t *testing.T) {
	w := newWorld(t)
	v := lockedVault()
	v.Locked, v.Points = false, v.Points[:1]
	v.Points[0].DeleteAt = time.Time{}
	w.retention.vault = v
	w.inspector.keyState = keyEnabled
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, "COMPLETED of "+dataVolume+", created 2027-06-29, encrypted with the project key; no vault lock keeps it; no lifecycle deletes it",
		st.Trace.Kept[0].Detail)
	assert.Equal(t, "hipaa-backup-vault, not locked, holding 1 recovery point that nothing deletes", st.Trace.Kept[1].Detail)
	assert.Equal(t, keptKey("1 recovery point", "as long as they are kept"), st.Trace.Kept[2])
}

// warehouseWorld is a project whose stack held a Redshift cluster.
func warehouseWorld(t *testing.T) *world {
	w := newWorld(t)
	w.stack.resources = append(w.stack.resources, Resource{URN: "urn:pulumi:hipaa::sce::aws:redshift/cluster:Cluster::hipaa-warehouse",
		Type: awstype.RedshiftCluster, Protected: true, Custom: true, Tagged: true})
	return w
}

func finalSnapshot(key string) *Snapshot {
	return &Snapshot{ID: "hipaa-warehouse-final", Arn: finalArn, Status: "available", Encrypted: key != "", KMSKeyID: key,
		Created: time.Date(2027, 7, 1, 9, 30, 0, 0, time.UTC)}
}

func TestWarehouseFinalSnapshotIsKept(t *testing.T) {
	w := warehouseWorld(t)
	w.retention.snapshot = finalSnapshot(projectKey)
	w.inspector.keyState = keyEnabled
	w.inspector.tagged = []string{projectKey, finalArn}
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, []string{"hipaa-backup-vault", "hipaa-warehouse-final"}, w.retention.asked)
	assert.Equal(t, []Kept{{Kind: "warehouse snapshot", Arn: finalArn, Detail: "hipaa-warehouse-final, available, taken 2027-07-01 by the destroy, " +
		"encrypted with the project key (the key is Enabled): kept until deleted; once the key is deleted it cannot be restored"},
		keptKey("the warehouse's final snapshot", "as long as they are kept")}, st.Trace.Kept)
	assert.Equal(t, []string{"backup vault hipaa-backup-vault: gone, with its recovery points"}, st.Trace.Notes)
	assert.Contains(t, w.read(archive, testLayout.report()+".md"), "\n## Kept on purpose\n\n"+
		"- warehouse snapshot "+finalArn+": hipaa-warehouse-final, available, taken 2027-07-01 by the destroy, encrypted with the project key "+
		"(the key is Enabled): kept until deleted; once the key is deleted it cannot be restored\n"+
		"- KMS key "+projectKey+": "+keptKey("the warehouse's final snapshot", "as long as they are kept").Detail+"\n"+
		"- backup vault hipaa-backup-vault: gone, with its recovery points\n\n## Accounted for through their resource\n\nNone.\n\n## Not checked\n")
}

func TestWarehouseFinalSnapshotProblems(t *testing.T) {
	tests := []struct {
		name     string
		snapshot *Snapshot
		deleted  bool
		want     string
	}{
		{"missing", nil, false, "warehouse final snapshot hipaa-warehouse-final is missing: the destroy should have taken it; " +
			"if it was deleted on purpose, run close-out with --final-snapshot-deleted"},
		{"another key", finalSnapshot("arn:aws:kms:us-west-2:123456789012:key/other"), false,
			"warehouse final snapshot hipaa-warehouse-final is not encrypted with the project key (encrypted: yes, key arn:aws:kms:us-west-2:123456789012:key/other)"},
		{"not encrypted", finalSnapshot(""), false,
			"warehouse final snapshot hipaa-warehouse-final is not encrypted with the project key (encrypted: no, key unknown)"},
		{"chosen deleted but still there", finalSnapshot(projectKey), true,
			"warehouse final snapshot hipaa-warehouse-final still exists, though the operator chose to delete it " +
				"(aws redshift delete-cluster-snapshot --snapshot-identifier hipaa-warehouse-final)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := warehouseWorld(t)
			w.retention.snapshot = tt.snapshot
			opts := w.opts()
			opts.FinalSnapshotDeleted = tt.deleted
			_, err := Run(context.Background(), w.env(), opts)
			require.Error(t, err)
			assert.Equal(t, "close-out step verify-no-trace failed: 1 thing of project hipaa is left: "+tt.want+
				" (some APIs lag a few minutes behind deletions: run close-out again to recheck); "+
				"fix the cause and run `sce closeout hipaa` again: it continues from this step", err.Error())
		})
	}
}

func TestWarehouseFinalSnapshotDeletedAsChosen(t *testing.T) {
	w := warehouseWorld(t)
	opts := w.opts()
	opts.FinalSnapshotDeleted = true
	st, err := Run(context.Background(), w.env(), opts)
	require.NoError(t, err)
	assert.Empty(t, st.Trace.Kept)
	assert.Equal(t, []string{"backup vault hipaa-backup-vault: gone, with its recovery points",
		"warehouse final snapshot hipaa-warehouse-final: gone, deleted by the operator as chosen"}, st.Trace.Notes)
}

func TestNoTraceWithoutRetentionIsAnError(t *testing.T) {
	w := newWorld(t)
	env := w.env()
	env.Retention = nil
	_, err := Run(context.Background(), env, w.opts())
	require.Error(t, err)
	assert.Equal(t, "close-out step verify-no-trace failed: close-out needs AWS Backup and Redshift (Env.Retention) to account for "+
		"recovery points and snapshots; fix the cause and run `sce closeout hipaa` again: it continues from this step", err.Error())
}

// keptKey is the project key kept enabled for what, which needs it for
// howLong.
func keptKey(what, howLong string) Kept {
	return Kept{Kind: "KMS key", Arn: projectKey, Detail: "the project key, enabled: " + what + " encrypted with it can only be restored " +
		"while it exists, so it is kept " + howLong + "; then schedule its deletion (aws kms schedule-key-deletion --key-id " + projectKey +
		" --pending-window-in-days 30) and delete its alias (aws kms delete-alias --alias-name alias/hipaa)"}
}
