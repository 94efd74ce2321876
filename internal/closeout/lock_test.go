package closeout

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

// deadRun leaves the lock of a close-out whose machine died.
func (w *world) deadRun() Lock {
	l := Lock{Stack: pit, PIT: pit, Instance: instance, Owner: "arn:aws:sts::123456789012:assumed-role/sce-admin/alice",
		Host: "alice-laptop", PID: 4242, Acquired: time.Date(2027, 6, 30, 17, 0, 0, 0, time.UTC)}
	data, err := json.Marshal(l)
	require.NoError(w.t, err)
	w.srv.Put(w.t, archive, testLayout.lock(), string(data))
	return l
}

func TestAStaleLockIsBrokenOnlyOnPurposeAndTheBreakIsRecorded(t *testing.T) {
	w := newWorld(t)
	dead := w.deadRun()
	_, err := w.run()
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrLocked))
	assert.Equal(t, "close-out locked: a close-out of stack hipaa is running: s3://"+archive+"/"+testLayout.lock()+" was taken by "+dead.Owner+
		" on alice-laptop (pid 4242) at 2027-06-30T17:00:00Z. Wait for it to end; if it is dead (its machine stopped, its process killed), "+
		"run `sce closeout hipaa --break-lock \"<why you are sure>\"`", err.Error())
	assert.Empty(t, w.archivePuts(nil))
	assert.Equal(t, lockVersions{locks: 1, held: true}, w.lockVersions(), "the stale lock is untouched")

	opts := w.opts()
	opts.BreakLock = "alice-laptop was wiped on 2027-07-01"
	st, err := Run(context.Background(), w.env(), opts)
	require.NoError(t, err)
	require.Len(t, st.LockBreaks, 1)
	b := st.LockBreaks[0]
	assert.Equal(t, BrokenLock{Owner: dead.Owner, Host: "alice-laptop", Acquired: dead.Acquired, By: operator, At: b.At,
		Reason: "alice-laptop was wiped on 2027-07-01"}, b)
	assert.Contains(t, w.read(archive, testLayout.report()+".md"), "- The lock of "+dead.Owner+" (host alice-laptop, taken 2027-06-30T17:00:00Z) "+
		"was broken by "+operator+" at "+stamp(b.At)+": alice-laptop was wiped on 2027-07-01\n")
	assert.Equal(t, lockVersions{locks: 2, released: 1}, w.lockVersions(), "the stale lock, the breaking run's lock, then its release")
	assert.Contains(t, w.log.String(), "broke the lock of "+dead.Owner+" (taken at 2027-06-30T17:00:00Z on alice-laptop): alice-laptop was wiped on 2027-07-01\n")
}

func TestTheLockRecordsItsOwner(t *testing.T) {
	w := newWorld(t)
	var held Lock
	w.stack.beforeDestroy = func(int) error {
		var err error
		held, _, err = readLock(context.Background(), w.s3, archive, testLayout.lock())
		return err
	}
	_, err := w.run()
	require.NoError(t, err)
	host, _ := os.Hostname()
	assert.Equal(t, Lock{Stack: pit, PIT: pit, Instance: instance, Owner: operator, Host: host, PID: os.Getpid(), Acquired: held.Acquired}, held)
	assert.Equal(t, testNow.Year(), held.Acquired.Year())
}

func TestInstanceIsTheStackCreationTimeOrTheKeyID(t *testing.T) {
	created := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("PST", -8*3600))
	assert.Equal(t, "20260301T200000Z", instanceOf([]Resource{{Type: awstype.EC2Vpc, Created: created.Add(time.Hour)}, {Type: stackType, Created: created}}, projectKey))
	assert.Equal(t, "key-project", instanceOf([]Resource{{Type: stackType}}, projectKey), "a state without creation times")
}

func TestArchiveKeysKeepTheirNameUpToS3sLimit(t *testing.T) {
	l := layout{pit: pit, instance: instance}
	prefix := l.objects() + "output/"
	fits := strings.Repeat("k", maxKeyBytes-len(prefix))
	assert.Equal(t, prefix+fits, l.archiveKey("output", fits))
	assert.False(t, l.hashedKey(l.archiveKey("output", fits)))
	over := fits + "x"
	assert.Equal(t, l.objects()+"long-keys/output/"+sum(over), l.archiveKey("output", over))
	assert.True(t, l.hashedKey(l.archiveKey("output", over)))
}

func TestBreakingALockNoOneHoldsBreaksNothing(t *testing.T) {
	w := newWorld(t)
	opts := w.opts()
	opts.BreakLock = "I thought the run on the other machine died"
	st, err := Run(context.Background(), w.env(), opts)
	require.NoError(t, err)
	assert.Empty(t, st.LockBreaks)
	assert.Contains(t, w.log.String(), "--break-lock: no close-out held the lock, nothing was broken\n")
	assert.Equal(t, lockVersions{locks: 1, released: 1}, w.lockVersions())
}
