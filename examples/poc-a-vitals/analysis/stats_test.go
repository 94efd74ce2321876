package analysis

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

func TestDescribe(t *testing.T) {
	s := describe([]float64{4, 2, 8, 6})
	assert.Equal(t, 4, s.N)
	assert.Equal(t, 5.0, s.Mean)
	// squares of deviations 1+9+9+1 = 20, /3
	assert.InDelta(t, math.Sqrt(20.0/3), s.SD, 1e-12)
	assert.Equal(t, [3]float64{2, 5, 8}, [3]float64{s.Min, s.Median, s.Max})
	assert.Equal(t, Stats{}, describe(nil))
	assert.Equal(t, Stats{N: 1, Mean: 3, Min: 3, Median: 3, Max: 3}, describe([]float64{3}))
}

func TestSummaryOfCleanedDataEqualsSummaryOfTheTruth(t *testing.T) {
	ds, patients, raw := generated(t, vitals.DefaultSeed)
	truth := slices.Clone(ds.Visits)
	for i := range truth {
		truth[i].Defect = vitals.DefectNone
	}
	got := Summarize(Clean(patients, raw).Visits)
	assert.Equal(t, Summarize(truth), got)
	require.Len(t, got, 11)
	var names []string
	for _, s := range got {
		names = append(names, s.Parameter)
		assert.Equal(t, 10000, s.N)
	}
	assert.Equal(t, []string{"systolic", "diastolic", "resp_rate", "heart_rate", "spo2", "temp_f", "weight_lb", "bmi", "basie_albums", "tpain_albums", "dk_albums"}, names)
}

func TestReportAndResults(t *testing.T) {
	v := vitals.Visit{ID: 1, PatientID: 1, Date: time.Date(1950, 3, 4, 0, 0, 0, 0, time.UTC), Systolic: 121, Diastolic: 79,
		RespRate: 15, HeartRate: 72, SpO2Tenths: 975, TempTenths: 986, WeightLb: 180, BMITenths: 258, TPain: 6, DK: 1}
	res := Result{
		Visits:      []vitals.Visit{v},
		Corrections: []Correction{{1, RuleTempCelsius, "temp_f", "37.00", "98.6"}},
		Rejected:    []Rejected{{VisitID: 2, Line: 3, Reason: "patient_id 9 is not in patients.csv"}},
	}
	stats := Summarize(res.Visits)
	var out bytes.Buffer
	require.NoError(t, WriteReport(&out, 1, 2, res, stats))
	want := `read 1 patients and 2 visits
corrected 1 values in 1 visits:
  date-us-format      0
  bp-swapped          0
  heart-rate-x10      0
  spo2-fraction       0
  temp-celsius        1
  weight-kg           0
  bmi-recomputed      0
rejected 1 visits
  visit 2 (timeseries.csv:3): patient_id 9 is not in patients.csv

summary of 1 visits
parameter     unit              n     mean      sd     min  median     max
systolic      mmHg              1   121.00    0.00   121.0   121.0   121.0
diastolic     mmHg              1    79.00    0.00    79.0    79.0    79.0
resp_rate     breaths/min       1    15.00    0.00    15.0    15.0    15.0
heart_rate    beats/min         1    72.00    0.00    72.0    72.0    72.0
spo2          %                 1    97.50    0.00    97.5    97.5    97.5
temp_f        F                 1    98.60    0.00    98.6    98.6    98.6
weight_lb     lb                1   180.00    0.00   180.0   180.0   180.0
bmi           kg/m2             1    25.80    0.00    25.8    25.8    25.8
basie_albums  albums/visit      1     0.00    0.00     0.0     0.0     0.0
tpain_albums  albums/visit      1     6.00    0.00     6.0     6.0     6.0
dk_albums     albums/visit      1     1.00    0.00     1.0     1.0     1.0
`
	assert.Equal(t, want, out.String())

	dir := filepath.Join(t.TempDir(), "results")
	require.NoError(t, WriteResults(dir, res, stats))
	files := map[string]string{
		CleanFile:       "visit_id,patient_id,visit_date,systolic,diastolic,resp_rate,heart_rate,spo2,temp_f,weight_lb,bmi,basie_albums,tpain_albums,dk_albums\n1,1,1950-03-04,121,79,15,72,97.5,98.6,180,25.8,0,6,1\n",
		CorrectionsFile: "visit_id,rule,field,recorded,corrected\n1,temp-celsius,temp_f,37.00,98.6\n",
		RejectedFile:    "visit_id,line,reason\n2,3,patient_id 9 is not in patients.csv\n",
	}
	for name, body := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, body, string(b), name)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	require.NoError(t, err)
	assert.Contains(t, string(b), "parameter,unit,n,mean,sd,min,median,max\nsystolic,mmHg,1,121.0000,0.0000,121.0000,121.0000,121.0000\n")
}
