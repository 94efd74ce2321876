package analysis

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// Rule names a correction rule (see the package documentation).
type Rule string

// The correction rules, in the order they are applied.
const (
	RuleDateUS        Rule = "date-us-format"
	RuleBPSwapped     Rule = "bp-swapped"
	RuleHeartRateX10  Rule = "heart-rate-x10"
	RuleSpO2Fraction  Rule = "spo2-fraction"
	RuleTempCelsius   Rule = "temp-celsius"
	RuleWeightKg      Rule = "weight-kg"
	RuleBMIRecomputed Rule = "bmi-recomputed"
)

// Rules are the correction rules in the order they are applied.
func Rules() []Rule {
	return []Rule{RuleDateUS, RuleBPSwapped, RuleHeartRateX10, RuleSpO2Fraction, RuleTempCelsius, RuleWeightKg, RuleBMIRecomputed}
}

// Thresholds of the rules.
const (
	heartRateTypoAbove = 300  // beats/min: above this, an extra 0 was typed
	spo2FractionAtMost = 1.0  // a saturation this low is a fraction
	celsiusBelow       = 50.0 // a body temperature this low is in Celsius
	kilogramRatio      = 0.67 // weight below this share of the patient's median is in kg
)

// Correction is one value a rule changed.
type Correction struct {
	// VisitID is the visit whose value was corrected.
	VisitID int
	// Rule is the rule that corrected it.
	Rule Rule
	// Field names the column(s): "visit_date", "systolic/diastolic" ...
	Field string
	// Recorded is the text in the file; Corrected the value after the rule,
	// in the file's own format.
	Recorded, Corrected string
}

// fixer applies the rules to one visit, collecting its corrections and the
// first reason to reject it.
type fixer struct {
	raw   RawVisit
	fixes []Correction
	err   error
}

// fix records a correction.
func (f *fixer) fix(rule Rule, field, recorded, corrected string) {
	f.fixes = append(f.fixes, Correction{VisitID: f.raw.VisitID, Rule: rule, Field: field, Recorded: recorded, Corrected: corrected})
}

// reject keeps the first reason the visit cannot be used.
func (f *fixer) reject(format string, args ...any) {
	if f.err == nil {
		f.err = fmt.Errorf(format, args...)
	}
}

// number parses a numeric column.
func (f *fixer) number(field, s string) float64 {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		f.reject("%s %q is not a number", field, s)
		return 0
	}
	return x
}

// date applies date-us-format and refuses a visit before the study start.
func (f *fixer) date() time.Time {
	s := f.raw.Date
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		us, errUS := time.Parse("01/02/2006", s)
		if errUS != nil {
			f.reject("visit_date %q is neither YYYY-MM-DD nor MM/DD/YYYY", s)
			return time.Time{}
		}
		d = us
		f.fix(RuleDateUS, "visit_date", s, d.Format(time.DateOnly))
	}
	if d.Before(vitals.StudyStart()) {
		f.reject("visit_date %s is before the patients arrived on %s", d.Format(time.DateOnly), vitals.StudyStart().Format(time.DateOnly))
	}
	return d
}

// bloodPressure applies bp-swapped.
func (f *fixer) bloodPressure() (sys, dia float64) {
	sys, dia = f.number("systolic", f.raw.Systolic), f.number("diastolic", f.raw.Diastolic)
	if sys < dia {
		f.fix(RuleBPSwapped, "systolic/diastolic", f.raw.Systolic+"/"+f.raw.Diastolic, f.raw.Diastolic+"/"+f.raw.Systolic)
		sys, dia = dia, sys
	}
	return sys, dia
}

// heartRate applies heart-rate-x10.
func (f *fixer) heartRate() float64 {
	hr := f.number("heart_rate", f.raw.HeartRate)
	if hr > heartRateTypoAbove && math.Mod(hr, 10) == 0 {
		hr /= 10
		f.fix(RuleHeartRateX10, "heart_rate", f.raw.HeartRate, strconv.FormatFloat(hr, 'f', -1, 64))
	}
	return hr
}

// spo2Tenths applies spo2-fraction and returns tenths of a percent.
func (f *fixer) spo2Tenths() int {
	x := f.number("spo2", f.raw.SpO2)
	if x > 0 && x <= spo2FractionAtMost {
		t := round(x * 1000)
		f.fix(RuleSpO2Fraction, "spo2", f.raw.SpO2, tenthsText(t))
		return t
	}
	return round(x * 10)
}

// tempTenths applies temp-celsius and returns tenths of a degree Fahrenheit.
func (f *fixer) tempTenths() int {
	x := f.number("temp_f", f.raw.TempF)
	if x < celsiusBelow {
		t := round(x*18 + 320)
		f.fix(RuleTempCelsius, "temp_f", f.raw.TempF, tenthsText(t))
		return t
	}
	return round(x * 10)
}

// weightLb applies weight-kg against the patient's median recorded weight.
func (f *fixer) weightLb(median float64) float64 {
	x := f.number("weight_lb", f.raw.WeightLb)
	if x < kilogramRatio*median {
		lb := math.Round(x * vitals.PoundsPerKilogram)
		f.fix(RuleWeightKg, "weight_lb", f.raw.WeightLb, strconv.FormatFloat(lb, 'f', -1, 64))
		return lb
	}
	return x
}

// bmiTenths applies bmi-recomputed.
func (f *fixer) bmiTenths(weightLb float64, heightIn int) int {
	t := vitals.BMITenths(weightLb, heightIn)
	recorded, err := strconv.ParseFloat(f.raw.BMI, 64)
	if err != nil || round(recorded*10) != t {
		f.fix(RuleBMIRecomputed, "bmi", f.raw.BMI, tenthsText(t))
	}
	return t
}

// round rounds to the nearest whole number.
func round(x float64) int { return int(math.Round(x)) }

// tenthsText formats tenths with one decimal.
func tenthsText(t int) string { return strconv.FormatFloat(float64(t)/10, 'f', 1, 64) }
