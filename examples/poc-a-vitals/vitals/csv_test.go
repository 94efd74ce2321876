package vitals

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readBack reads a written table.
func readBack(t *testing.T, dir, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows
}

func TestWriteDirTablesAndTheirRelationships(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Generate(DefaultSeed).WriteDir(dir))
	patients := readBack(t, dir, PatientsFile)
	params := readBack(t, dir, ParametersFile)
	series := readBack(t, dir, TimeSeriesFile)
	require.Len(t, patients, 101)
	require.Len(t, params, 101)
	require.Len(t, series, 10001)
	assert.Equal(t, PatientsHeader(), patients[0])
	assert.Equal(t, ParametersHeader(), params[0])
	assert.Equal(t, TimeSeriesHeader(), series[0])

	ids := map[string]bool{}
	for _, p := range patients[1:] {
		ids[p[0]] = true
	}
	require.Len(t, ids, 100, "patient IDs are unique")
	for i, p := range params[1:] {
		assert.Equal(t, patients[i+1][0], p[0], "one parameter row per patient, in order")
	}
	totals := map[string][3]int{}
	for _, v := range series[1:] {
		require.True(t, ids[v[1]], "visit %s refers to patient %s, who is not in %s", v[0], v[1], PatientsFile)
		tt := totals[v[1]]
		for i := range 3 {
			n, err := strconv.Atoi(v[11+i])
			require.NoError(t, err)
			tt[i] += n
		}
		totals[v[1]] = tt
	}
	assert.Len(t, totals, 100, "every patient has visits")
	for _, p := range params[1:] {
		tt := totals[p[0]]
		assert.Equal(t, []string{strconv.Itoa(tt[0]), strconv.Itoa(tt[1]), strconv.Itoa(tt[2])}, p[15:18], "patient %s survey totals", p[0])
	}
}

func TestWrittenDefectsAreVisibleInTheFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Generate(DefaultSeed).WriteDir(dir))
	usDates, celsius, fractions := 0, 0, 0
	for _, v := range readBack(t, dir, TimeSeriesFile)[1:] {
		if strings.Contains(v[2], "/") {
			usDates++
		}
		if x, _ := strconv.ParseFloat(v[7], 64); x <= 1 {
			fractions++
		}
		if x, _ := strconv.ParseFloat(v[8], 64); x < 50 {
			celsius++
		}
	}
	assert.Equal(t, [3]int{100, 100, 100}, [3]int{usDates, fractions, celsius})
}

// fileHashes are the SHA-256 of the three files.
func fileHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{PatientsFile, ParametersFile, TimeSeriesFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		sum := sha256.Sum256(b)
		out[name] = hex.EncodeToString(sum[:])
	}
	return out
}

func TestSameSeedWritesIdenticalBytes(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	require.NoError(t, Generate(99).WriteDir(a))
	require.NoError(t, Generate(99).WriteDir(b))
	require.NoError(t, Generate(100).WriteDir(c))
	assert.Equal(t, fileHashes(t, a), fileHashes(t, b))
	assert.NotEqual(t, fileHashes(t, a)[TimeSeriesFile], fileHashes(t, c)[TimeSeriesFile])
}

// TestDefaultSeedGolden pins the default data set across machines and Go
// releases: a researcher who regenerates it must get the files IT uploaded.
// If it fails after a change to the generator, the data set changed: update
// the hashes on purpose and say so in the change.
func TestDefaultSeedGolden(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Generate(DefaultSeed).WriteDir(dir))
	assert.Equal(t, map[string]string{
		PatientsFile:   "e0ffa4679c0c3ba173024f337b1c99f56f73a09a9d073cc056e58b3cccf760da",
		ParametersFile: "17164bb804ebde5c3aef62f32a3ce55ddbf9754c4e2a4d7770eb9ed66124722e",
		TimeSeriesFile: "328b642ede527f5810af8ed9f5ab15577c32ee05d95ceec5d609e5fcf16af886",
	}, fileHashes(t, dir))
}

func TestWriteDirReportsAnUnwritableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	err := Generate(1).WriteDir(file)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "create output directory: mkdir "+file+": not a directory")
}
