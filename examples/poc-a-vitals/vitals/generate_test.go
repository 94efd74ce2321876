package vitals

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGenerateRowCountsAndKeys(t *testing.T) {
	ds := Generate(DefaultSeed)
	require.Len(t, ds.Patients, 100)
	require.Len(t, ds.Parameters, 100)
	require.Len(t, ds.Visits, 10000)
	for i, p := range ds.Patients {
		assert.Equal(t, i+1, p.ID)
		assert.Equal(t, i+1, ds.Parameters[i].PatientID)
	}
	for i, v := range ds.Visits {
		assert.Equal(t, i+1, v.ID)
	}
}

func TestPatientsAreTheTownsJohns(t *testing.T) {
	ds := Generate(DefaultSeed)
	named := []string{"Bigboote", "Yaya", "Smallberries", "Parker", "Whorfin", "Valuk", "Gomez", "OConnor", "Emdall", "Gant", "Manyjars", "Milton"}
	random := regexp.MustCompile(`^[A-Z][a-z]{3}$`)
	seen := map[string]bool{}
	for i, p := range ds.Patients {
		if i < len(named) {
			assert.Equal(t, named[i], p.Surname)
		} else {
			assert.Regexp(t, random, p.Surname)
		}
		assert.False(t, seen[p.Surname], "surname %s twice", p.Surname)
		seen[p.Surname] = true
		assert.Equal(t, "John", p.GivenName)
		assert.Equal(t, time.Date(1920, 8, 26, 0, 0, 0, 0, time.UTC), p.BirthDate)
		assert.Equal(t, time.Date(1938, 10, 30, 0, 0, 0, 0, time.UTC), p.ArrivedOn)
		// 157 cm rounds down to 5 ft 1 in, 198 cm to 6 ft 5 in.
		assert.GreaterOrEqual(t, p.HeightIn(), 61)
		assert.LessOrEqual(t, p.HeightIn(), 77)
		assert.Less(t, p.HeightInches, 12)
	}
}

func TestFeetInchesRoundsDown(t *testing.T) {
	for cm, want := range map[int][2]int{157: {5, 1}, 170: {5, 6}, 183: {6, 0}, 198: {6, 5}} {
		ft, in := feetInches(cm)
		assert.Equal(t, want, [2]int{ft, in}, "%d cm", cm)
	}
}

// within asserts lo <= r.Min <= hi and wLo <= r.Max-r.Min <= wHi.
func within(t *testing.T, name string, r Range, lo, hi, wLo, wHi int) {
	t.Helper()
	assert.True(t, r.Min >= lo && r.Min <= hi, "%s min %d outside %d-%d", name, r.Min, lo, hi)
	w := r.Max - r.Min
	assert.True(t, w >= wLo && w <= wHi, "%s width %d outside %d-%d", name, w, wLo, wHi)
}

func TestParameterRangesFollowTheDocumentedSpreads(t *testing.T) {
	for _, p := range Generate(DefaultSeed).Parameters {
		within(t, "systolic", p.Systolic, 90, 129, 4, 20)
		within(t, "diastolic", p.Diastolic, 60, 84, 4, 10)
		within(t, "resp", p.RespRate, 10, 20, 2, 8)
		within(t, "heart", p.HeartRate, 40, 100, 10, 20)
		within(t, "spo2", p.SpO2Tenths, 950, 990, 10, 20)
		within(t, "temp", p.TempTenths, 970, 991, 2, 10)
		within(t, "weight", p.WeightLb, 98, 280, 3, 40)
	}
}

// in asserts r.Min <= x <= r.Max.
func in(t *testing.T, name string, v Visit, x int, r Range) {
	t.Helper()
	assert.True(t, x >= r.Min && x <= r.Max, "visit %d %s %d outside %d-%d", v.ID, name, x, r.Min, r.Max)
}

func TestVisitsStayInTheirPatientsRanges(t *testing.T) {
	ds := Generate(DefaultSeed)
	lowered := 0
	for _, v := range ds.Visits {
		p := ds.Parameters[v.PatientID-1]
		in(t, "systolic", v, v.Systolic, p.Systolic)
		in(t, "resp", v, v.RespRate, p.RespRate)
		in(t, "heart", v, v.HeartRate, p.HeartRate)
		in(t, "temp", v, v.TempTenths, p.TempTenths)
		in(t, "weight", v, v.WeightLb, p.WeightLb)
		in(t, "spo2", v, v.SpO2Tenths, Range{p.SpO2Tenths.Min, min(p.SpO2Tenths.Max, 1000)})
		assert.LessOrEqual(t, v.Diastolic, v.Systolic-MinPulsePressure, "visit %d", v.ID)
		if v.Diastolic < p.Diastolic.Min {
			// lowered to keep the pulse pressure
			assert.Equal(t, v.Systolic-MinPulsePressure, v.Diastolic, "visit %d", v.ID)
			lowered++
		} else {
			in(t, "diastolic", v, v.Diastolic, p.Diastolic)
		}
		height := ds.Patients[v.PatientID-1].HeightIn()
		assert.Equal(t, BMITenths(float64(v.WeightLb), height), v.BMITenths, "visit %d", v.ID)
	}
	t.Logf("%d diastolic pressures lowered to systolic-%d", lowered, MinPulsePressure)
}

func TestVisitsEveryDayOrTwoForFortyOneYears(t *testing.T) {
	vs := Generate(DefaultSeed).Visits
	assert.Equal(t, time.Date(1938, 10, 30, 0, 0, 0, 0, time.UTC), vs[0].Date)
	gaps := map[int]int{}
	for i := 1; i < len(vs); i++ {
		gaps[int(vs[i].Date.Sub(vs[i-1].Date).Hours()/24)]++
	}
	assert.Len(t, gaps, 2, "gaps are 1 or 2 days: %v", gaps)
	assert.Equal(t, len(vs)-1, gaps[1]+gaps[2])
	years := vs[len(vs)-1].Date.Sub(vs[0].Date).Hours() / 24 / 365.25
	assert.InDelta(t, 41, years, 1, "the study lasts about 41 years")
}

func TestEveryPatientVisits(t *testing.T) {
	counts := map[int]int{}
	for _, v := range Generate(DefaultSeed).Visits {
		counts[v.PatientID]++
	}
	assert.Len(t, counts, Patients)
}

func TestSurveyAnswersFollowTheirModelsAndAddUp(t *testing.T) {
	ds := Generate(DefaultSeed)
	totals := make([][3]int, Patients+1)
	for _, v := range ds.Visits {
		height := ds.Patients[v.PatientID-1].HeightIn()
		assert.Equal(t, [3]int{basieAnswer(v), tpainAnswer(v, height), dkAnswer(v)}, [3]int{v.Basie, v.TPain, v.DK}, "visit %d", v.ID)
		totals[v.PatientID][0] += v.Basie
		totals[v.PatientID][1] += v.TPain
		totals[v.PatientID][2] += v.DK
	}
	for _, p := range ds.Parameters {
		assert.Equal(t, totals[p.PatientID], [3]int{p.BasieTotal, p.TPainTotal, p.DKTotal}, "patient %d", p.PatientID)
	}
}

func TestSurveyModels(t *testing.T) {
	base := Visit{HeartRate: 60, Systolic: 120, Diastolic: 80, BMITenths: 219, WeightLb: 149, TempTenths: 973, RespRate: 16, SpO2Tenths: 975}
	assert.Equal(t, 1, basieAnswer(base))
	for _, v := range []Visit{
		{HeartRate: 58, Systolic: 120, Diastolic: 80, BMITenths: 219},
		{HeartRate: 62, Systolic: 120, Diastolic: 80, BMITenths: 219},
		{HeartRate: 60, Systolic: 110, Diastolic: 80, BMITenths: 219},
		{HeartRate: 60, Systolic: 120, Diastolic: 80, BMITenths: 220},
	} {
		assert.Equal(t, 0, basieAnswer(v), "%+v", v)
	}
	assert.Equal(t, 1, dkAnswer(base))
	assert.Equal(t, 0, dkAnswer(Visit{WeightLb: 150, TempTenths: 973}))
	assert.Equal(t, 0, dkAnswer(Visit{WeightLb: 149, TempTenths: 974}))
	// (16 + 2 × 2.5 + (70 - 62) / 2) / 4 = 25 / 4 -> 6
	assert.Equal(t, 6, tpainAnswer(base, 70))
	assert.Equal(t, 0, tpainAnswer(Visit{RespRate: 0, SpO2Tenths: 950}, 36))
}

func TestSameSeedSameDataOtherSeedOtherData(t *testing.T) {
	assert.Equal(t, Generate(7), Generate(7))
	assert.NotEqual(t, Generate(7).Visits, Generate(8).Visits)
}
