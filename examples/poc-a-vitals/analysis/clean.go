package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// Bound is the plausible range of a parameter, in its unit, after the rules.
type Bound struct {
	// Field is the column's name in timeseries.csv.
	Field string
	// Min and Max are inclusive.
	Min, Max float64
}

// Bounds are the plausible ranges every corrected value must lie in: wide
// enough for any living adult, narrow enough to catch a value no rule
// explains.
func Bounds() []Bound {
	return []Bound{
		{"systolic", 60, 250}, {"diastolic", 30, 150}, {"resp_rate", 4, 60}, {"heart_rate", 20, 250},
		{"spo2", 50, 100}, {"temp_f", 90, 110}, {"weight_lb", 50, 700},
		{"basie_albums", 0, 100}, {"tpain_albums", 0, 100}, {"dk_albums", 0, 100},
	}
}

// Rejected is a visit the analysis could not use.
type Rejected struct {
	// VisitID and Line locate the row in timeseries.csv.
	VisitID, Line int
	// Reason says what is wrong with it.
	Reason string
}

// Result is what Clean returns.
type Result struct {
	// Visits are the usable visits with their corrected values, in file
	// order, Defect always vitals.DefectNone.
	Visits []vitals.Visit
	// Corrections lists every value a rule changed, in file order and rule
	// order within a visit.
	Corrections []Correction
	// Rejected lists the visits left out, with the reason.
	Rejected []Rejected
}

// Clean applies the rules to every visit (see the package documentation).
func Clean(patients []vitals.Patient, visits []RawVisit) Result {
	heights := make(map[int]int, len(patients))
	for _, p := range patients {
		heights[p.ID] = p.HeightIn()
	}
	medians := medianWeights(visits)
	var res Result
	for _, rv := range visits {
		v, fixes, err := cleanVisit(rv, heights, medians[rv.PatientID])
		if err != nil {
			res.Rejected = append(res.Rejected, Rejected{VisitID: rv.VisitID, Line: rv.Line, Reason: err.Error()})
			continue
		}
		res.Visits = append(res.Visits, v)
		res.Corrections = append(res.Corrections, fixes...)
	}
	return res
}

// cleanVisit applies the rules to one visit, then the checks of whole
// numbers, bounds and the patient's existence.
func cleanVisit(rv RawVisit, heights map[int]int, medianWeight float64) (vitals.Visit, []Correction, error) {
	heightIn, known := heights[rv.PatientID]
	if !known {
		return vitals.Visit{}, nil, fmt.Errorf("patient_id %d is not in %s", rv.PatientID, vitals.PatientsFile)
	}
	f := &fixer{raw: rv}
	date := f.date()
	sys, dia := f.bloodPressure()
	resp := f.number("resp_rate", rv.RespRate)
	hr := f.heartRate()
	spo2, temp := f.spo2Tenths(), f.tempTenths()
	weight := f.weightLb(medianWeight)
	basie, tpain, dk := f.number("basie_albums", rv.Basie), f.number("tpain_albums", rv.TPain), f.number("dk_albums", rv.DK)
	if f.err != nil {
		return vitals.Visit{}, nil, f.err
	}
	values := map[string]float64{
		"systolic": sys, "diastolic": dia, "resp_rate": resp, "heart_rate": hr,
		"spo2": float64(spo2) / 10, "temp_f": float64(temp) / 10, "weight_lb": weight,
		"basie_albums": basie, "tpain_albums": tpain, "dk_albums": dk,
	}
	if err := checkValues(values); err != nil {
		return vitals.Visit{}, nil, err
	}
	v := vitals.Visit{
		ID: rv.VisitID, PatientID: rv.PatientID, Date: date,
		Systolic: int(sys), Diastolic: int(dia), RespRate: int(resp), HeartRate: int(hr),
		SpO2Tenths: spo2, TempTenths: temp, WeightLb: int(weight),
		BMITenths: f.bmiTenths(weight, heightIn),
		Basie:     int(basie), TPain: int(tpain), DK: int(dk),
	}
	return v, f.fixes, nil
}

// checkValues refuses a value outside its Bound, or a fraction where the
// unit is whole.
func checkValues(values map[string]float64) error {
	var problems []string
	for _, b := range Bounds() {
		x := values[b.Field]
		switch {
		case x < b.Min || x > b.Max:
			problems = append(problems, fmt.Sprintf("%s %g is outside the plausible range %g to %g and no rule explains it", b.Field, x, b.Min, b.Max))
		case b.Field != "spo2" && b.Field != "temp_f" && x != math.Trunc(x):
			problems = append(problems, fmt.Sprintf("%s %g is not a whole number", b.Field, x))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// medianWeights is each patient's median recorded weight (whatever its
// unit), over the rows whose weight is a number.
func medianWeights(visits []RawVisit) map[int]float64 {
	byPatient := map[int][]float64{}
	for _, rv := range visits {
		f := &fixer{raw: rv}
		if w := f.number("weight_lb", rv.WeightLb); f.err == nil {
			byPatient[rv.PatientID] = append(byPatient[rv.PatientID], w)
		}
	}
	medians := make(map[int]float64, len(byPatient))
	for id, ws := range byPatient {
		medians[id] = median(ws)
	}
	return medians
}

// median is the middle of xs (the mean of the two middle values for an even
// count); xs is sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
