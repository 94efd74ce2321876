package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// writeFiles writes a data directory with the given patients.csv and
// timeseries.csv bodies (headers added).
func writeFiles(t *testing.T, patients, series string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, header, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(header+"\n"+body), 0o644))
	}
	write(vitals.PatientsFile, strings.Join(vitals.PatientsHeader(), ","), patients)
	write(vitals.TimeSeriesFile, strings.Join(vitals.TimeSeriesHeader(), ","), series)
	return dir
}

const (
	onePatient = "1,Bigboote,John,1920-08-26,1938-10-30,5,10\n"
	oneVisit   = "1,1,1950-03-04,121,79,15,72,97.5,98.6,180,25.8,0,6,1\n"
)

func TestReadDirParsesBothTables(t *testing.T) {
	patients, visits, err := ReadDir(writeFiles(t, onePatient, oneVisit))
	require.NoError(t, err)
	require.Len(t, patients, 1)
	assert.Equal(t, 70, patients[0].HeightIn())
	assert.Equal(t, "Bigboote", patients[0].Surname)
	want := okRaw()
	assert.Equal(t, []RawVisit{want}, visits)
}

func TestReadDirErrorsNameFileLineAndColumn(t *testing.T) {
	for _, tc := range []struct {
		name, patients, series, err string
	}{
		{"duplicate patient", onePatient + onePatient, oneVisit,
			"patients.csv:3: patient_id 1 is also on line 2: patient IDs must be unique"},
		{"bad height", "1,Bigboote,John,1920-08-26,1938-10-30,five,10\n", oneVisit,
			`patients.csv:2: height_ft: "five" is not a whole number`},
		{"impossible height", "1,Bigboote,John,1920-08-26,1938-10-30,10,0\n", oneVisit,
			"patients.csv:2: height 10 ft 0 in is outside 3 ft to 8 ft: fix the patient's height"},
		{"bad birth date", "1,Bigboote,John,26/08/1920,1938-10-30,5,10\n", oneVisit,
			`patients.csv:2: birth_date: "26/08/1920" is not a date YYYY-MM-DD`},
		{"duplicate visit", onePatient, oneVisit + oneVisit,
			"timeseries.csv:3: visit_id 1 is also on line 2: visit IDs must be unique"},
		{"bad patient id", onePatient, "1,one,1950-03-04,121,79,15,72,97.5,98.6,180,25.8,0,6,1\n",
			`timeseries.csv:2: patient_id: "one" is not a whole number`},
		{"short row", onePatient, "1,1,1950-03-04\n",
			"timeseries.csv: record on line 2: wrong number of fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadDir(writeFiles(t, tc.patients, tc.series))
			require.Error(t, err)
			assert.Equal(t, tc.err, err.Error())
		})
	}
}

func TestReadDirRefusesAnotherTable(t *testing.T) {
	dir := writeFiles(t, onePatient, oneVisit)
	require.NoError(t, os.WriteFile(filepath.Join(dir, vitals.PatientsFile), []byte("id,name\n1,x\n"), 0o644))
	_, _, err := ReadDir(dir)
	require.Error(t, err)
	assert.Equal(t, `patients.csv:1: header is ["id" "name"], want ["patient_id" "surname" "given_name" "birth_date" "arrived_on" "height_ft" "height_in"]: is this the vital-signs data set?`, err.Error())
}

func TestReadDirMissingFile(t *testing.T) {
	_, _, err := ReadDir(filepath.Join(t.TempDir(), "nowhere"))
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Contains(t, err.Error(), "read table: open ")
}
