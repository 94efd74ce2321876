package closeout

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyOf is a copy of source version v of key k, as archive version av.
func copyOf(k, v, av string, at time.Time) Entry {
	return Entry{Role: "output", SourceKey: k, SourceVersionID: v, Key: "objects/hipaa/i/output/" + k, ArchiveVersionID: av,
		SHA256: sum(k + v), ArchivedAt: at}
}

func reopen(t *testing.T, path string) *journal {
	t.Helper()
	j, err := openJournal(path)
	require.NoError(t, err)
	return j
}

func TestJournalIgnoresATornLastLineAndHonorsRejections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j := reopen(t, path)
	a, b := copyOf("a", "1", "av1", testNow), copyOf("b", "1", "av2", testNow)
	require.NoError(t, j.add(a))
	require.NoError(t, j.add(b))
	require.NoError(t, j.reject(b))
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	_, err = f.WriteString(`{"op":"copied","role":"out`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	again := reopen(t, path)
	current, superseded := again.split()
	assert.Equal(t, []Entry{a}, current)
	assert.Empty(t, superseded)
	_, ok := again.latest(b.Key)
	assert.False(t, ok)
	assert.True(t, again.wasRejected(b.Key, b.ArchiveVersionID))
	require.NoError(t, again.add(b))
	_, ok = again.latest(b.Key)
	assert.False(t, ok, "a rejected copy is never taken back")
}

func TestJournalReplaysVerificationsAndRejections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j := reopen(t, path)
	a, b := copyOf("a", "v1", "av1", testNow), copyOf("b", "v1", "av2", testNow)
	require.NoError(t, j.add(a))
	require.NoError(t, j.add(b))
	require.NoError(t, j.markVerified([]Entry{a, b}))
	require.NoError(t, j.reject(b))
	again := b
	again.ArchiveVersionID = "av3"
	require.NoError(t, j.add(again))
	stale := a
	stale.SHA256 = sum("other")
	require.NoError(t, j.markVerified([]Entry{stale}))

	j = reopen(t, path)
	assert.True(t, j.isVerified(a), "a verification of other content does not count")
	assert.False(t, j.isVerified(b))
	assert.False(t, j.isVerified(again), "a copy made again after a rejection is unverified")
	latest, ok := j.latest(b.Key)
	require.True(t, ok)
	assert.Equal(t, again, latest)
}

func TestTheLastCopyObservedIsCurrentWhateverTheClocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j := reopen(t, path)
	c1 := copyOf("k", "v1", "av1", testNow.Add(time.Hour))
	c2 := copyOf("k", "v2", "av2", testNow)                 // made on a machine an hour behind
	c3 := copyOf("k", "v1", "av3", testNow.Add(-time.Hour)) // v1 current again, copied once more
	for _, c := range []Entry{c1, c2, c3} {
		require.NoError(t, j.add(c))
	}
	j = reopen(t, path)
	current, superseded := j.split()
	assert.Equal(t, []Entry{c3}, current)
	assert.Equal(t, []Entry{c1, c2}, superseded, "oldest first, by observation")
}

func TestManifestCopiesAreOlderThanJournaledOnes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j := reopen(t, path)
	c0, c1, c2 := copyOf("k", "v0", "av0", testNow), copyOf("k", "v1", "av1", testNow), copyOf("k", "v2", "av2", testNow)
	other := copyOf("gone", "v1", "av9", testNow)
	require.NoError(t, j.add(c2))
	require.NoError(t, j.markVerified([]Entry{c1}))
	j.seed(&Manifest{Objects: []Entry{c1, other}, Superseded: []Entry{c0}})
	current, superseded := j.split()
	assert.Equal(t, []Entry{other, c2}, current)
	assert.Equal(t, []Entry{c0, c1}, superseded)
	assert.True(t, j.isVerified(c1), "a verification journaled for a copy the manifest lists")
	assert.False(t, j.isVerified(other))

	require.NoError(t, j.add(c1)) // c1 adopted again: observed last
	latest, _ := j.latest(c1.Key)
	assert.Equal(t, c1, latest)
}
