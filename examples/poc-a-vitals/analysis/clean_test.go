package analysis

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// generated writes the data set for seed and reads it back as the analysis
// does.
func generated(t *testing.T, seed uint64) (vitals.Dataset, []vitals.Patient, []RawVisit) {
	t.Helper()
	ds := vitals.Generate(seed)
	dir := t.TempDir()
	require.NoError(t, ds.WriteDir(dir))
	patients, visits, err := ReadDir(dir)
	require.NoError(t, err)
	return ds, patients, visits
}

func TestCleanRestoresEveryDefectExactly(t *testing.T) {
	for _, seed := range []uint64{vitals.DefaultSeed, 1, 2, 3} {
		ds, patients, raw := generated(t, seed)
		res := Clean(patients, raw)
		require.Empty(t, res.Rejected, "seed %d", seed)

		truth := slices.Clone(ds.Visits)
		byDefect := map[Rule][]int{}
		for i := range truth {
			if d := truth[i].Defect; d != vitals.DefectNone {
				byDefect[Rule(d)] = append(byDefect[Rule(d)], truth[i].ID)
				if d == vitals.DefectWeightKg {
					byDefect[RuleBMIRecomputed] = append(byDefect[RuleBMIRecomputed], truth[i].ID)
				}
			}
			truth[i].Defect = vitals.DefectNone
		}
		require.Equal(t, truth, res.Visits, "seed %d: every corrected visit equals the true one", seed)

		byRule := map[Rule][]int{}
		for _, c := range res.Corrections {
			byRule[c.Rule] = append(byRule[c.Rule], c.VisitID)
		}
		assert.Equal(t, byDefect, byRule, "seed %d: each rule fires on exactly the visits with its defect", seed)
		for _, r := range Rules() {
			assert.Len(t, byRule[r], vitals.DefectsPerKind, "seed %d rule %s", seed, r)
		}
	}
}

func TestRulesMatchTheGeneratorsDefects(t *testing.T) {
	var names []string
	for _, d := range vitals.DefectKinds() {
		names = append(names, string(d))
	}
	names = append(names, string(RuleBMIRecomputed))
	var rules []string
	for _, r := range Rules() {
		rules = append(rules, string(r))
	}
	assert.Equal(t, names, rules)
}

// okRaw is a correctly written visit of patient 1 (70 in tall).
func okRaw() RawVisit {
	return RawVisit{
		Line: 2, VisitID: 1, PatientID: 1, Date: "1950-03-04",
		Systolic: "121", Diastolic: "79", RespRate: "15", HeartRate: "72",
		SpO2: "97.5", TempF: "98.6", WeightLb: "180", BMI: "25.8",
		Basie: "0", TPain: "6", DK: "1",
	}
}

// patient1 is 5 ft 10 in tall.
func patient1() []vitals.Patient { return []vitals.Patient{{ID: 1, HeightFeet: 5, HeightInches: 10}} }

func TestEachRuleOnOneVisit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*RawVisit)
		fixes []Correction
	}{
		{"clean", func(*RawVisit) {}, nil},
		{"us date", func(r *RawVisit) { r.Date = "03/04/1950" },
			[]Correction{{1, RuleDateUS, "visit_date", "03/04/1950", "1950-03-04"}}},
		{"swapped pressure", func(r *RawVisit) { r.Systolic, r.Diastolic = "79", "121" },
			[]Correction{{1, RuleBPSwapped, "systolic/diastolic", "79/121", "121/79"}}},
		{"heart rate typo", func(r *RawVisit) { r.HeartRate = "720" },
			[]Correction{{1, RuleHeartRateX10, "heart_rate", "720", "72"}}},
		{"spo2 fraction", func(r *RawVisit) { r.SpO2 = "0.975" },
			[]Correction{{1, RuleSpO2Fraction, "spo2", "0.975", "97.5"}}},
		{"celsius", func(r *RawVisit) { r.TempF = "37.00" },
			[]Correction{{1, RuleTempCelsius, "temp_f", "37.00", "98.6"}}},
		{"kilograms", func(r *RawVisit) { r.WeightLb, r.BMI = "81.6", "11.7" },
			[]Correction{{1, RuleWeightKg, "weight_lb", "81.6", "180"}, {1, RuleBMIRecomputed, "bmi", "11.7", "25.8"}}},
		{"bmi miscalculated", func(r *RawVisit) { r.BMI = "26.1" },
			[]Correction{{1, RuleBMIRecomputed, "bmi", "26.1", "25.8"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rv := okRaw()
			tc.edit(&rv)
			// the median comes from the patient's other, correct visits
			v, fixes, err := cleanVisit(rv, map[int]int{1: 70}, 180)
			require.NoError(t, err)
			assert.Equal(t, tc.fixes, fixes)
			assert.Equal(t, vitals.Visit{
				ID: 1, PatientID: 1, Date: v.Date, Systolic: 121, Diastolic: 79, RespRate: 15, HeartRate: 72,
				SpO2Tenths: 975, TempTenths: 986, WeightLb: 180, BMITenths: 258, TPain: 6, DK: 1,
			}, v)
			assert.Equal(t, "1950-03-04", v.Date.Format("2006-01-02"))
		})
	}
}

func TestRejectsWhatNoRuleExplains(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*RawVisit)
		reason string
	}{
		{"unknown patient", func(r *RawVisit) { r.PatientID = 101 }, "patient_id 101 is not in patients.csv"},
		{"unreadable date", func(r *RawVisit) { r.Date = "4 March 1950" }, `visit_date "4 March 1950" is neither YYYY-MM-DD nor MM/DD/YYYY`},
		{"before arrival", func(r *RawVisit) { r.Date = "1938-10-29" }, "visit_date 1938-10-29 is before the patients arrived on 1938-10-30"},
		{"not a number", func(r *RawVisit) { r.RespRate = "fifteen" }, `resp_rate "fifteen" is not a number`},
		{"empty", func(r *RawVisit) { r.HeartRate = "" }, `heart_rate "" is not a number`},
		{"NaN", func(r *RawVisit) { r.SpO2 = "NaN" }, `spo2 "NaN" is not a number`},
		{"implausible heart rate", func(r *RawVisit) { r.HeartRate = "290" },
			"heart_rate 290 is outside the plausible range 20 to 250 and no rule explains it"},
		{"heart rate typo not a multiple of 10", func(r *RawVisit) { r.HeartRate = "725" },
			"heart_rate 725 is outside the plausible range 20 to 250 and no rule explains it"},
		{"fraction of a breath", func(r *RawVisit) { r.RespRate = "15.5" }, "resp_rate 15.5 is not a whole number"},
		{"two problems", func(r *RawVisit) { r.Systolic, r.Diastolic, r.TPain = "300", "20", "-1" },
			"systolic 300 is outside the plausible range 60 to 250 and no rule explains it; " +
				"diastolic 20 is outside the plausible range 30 to 150 and no rule explains it; " +
				"tpain_albums -1 is outside the plausible range 0 to 100 and no rule explains it"},
		{"hypothermic Fahrenheit", func(r *RawVisit) { r.TempF = "85.0" },
			"temp_f 85 is outside the plausible range 90 to 110 and no rule explains it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rv := okRaw()
			tc.edit(&rv)
			res := Clean(patient1(), []RawVisit{rv})
			assert.Empty(t, res.Visits)
			assert.Empty(t, res.Corrections, "a rejected visit's corrections are not reported")
			assert.Equal(t, []Rejected{{VisitID: 1, Line: 2, Reason: tc.reason}}, res.Rejected)
		})
	}
}

func TestKilogramRuleUsesThePatientsMedian(t *testing.T) {
	var visits []RawVisit
	for i, w := range []string{"180", "175", "185", "81.6", "190"} {
		rv := okRaw()
		rv.VisitID, rv.Line, rv.WeightLb = i+1, i+2, w
		rv.BMI = ""
		visits = append(visits, rv)
	}
	res := Clean(patient1(), visits)
	require.Empty(t, res.Rejected)
	var weights []int
	for _, v := range res.Visits {
		weights = append(weights, v.WeightLb)
	}
	assert.Equal(t, []int{180, 175, 185, 180, 190}, weights)
	assert.Equal(t, map[Rule]int{RuleWeightKg: 1, RuleBMIRecomputed: 5}, CountByRule(res.Corrections))
	assert.Equal(t, 180.0, medianWeights(visits)[1])
}

func TestMedian(t *testing.T) {
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
}
