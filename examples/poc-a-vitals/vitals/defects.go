package vitals

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Defect is a mistake made when a visit was written down. Each one is the
// kind of error a busy clinic makes, and each can be detected and undone
// exactly by the rules of the analysis (package analysis).
type Defect string

// The defects, one value each.
const (
	// DefectNone: the visit is written down correctly.
	DefectNone Defect = ""
	// DefectDateUS: the date is written month/day/year (10/30/1938) instead
	// of 1938-10-30.
	DefectDateUS Defect = "date-us-format"
	// DefectBPSwapped: systolic and diastolic pressure are written in each
	// other's column.
	DefectBPSwapped Defect = "bp-swapped"
	// DefectHeartRateX10: the heart rate has an extra 0 typed after it (720
	// instead of 72).
	DefectHeartRateX10 Defect = "heart-rate-x10"
	// DefectSpO2Fraction: the oxygen saturation is written as a fraction
	// (0.975 instead of 97.5).
	DefectSpO2Fraction Defect = "spo2-fraction"
	// DefectTempCelsius: the temperature is written in degrees Celsius, to
	// two decimals, in the Fahrenheit column.
	DefectTempCelsius Defect = "temp-celsius"
	// DefectWeightKg: the weight is written in kilograms, to one decimal, in
	// the pounds column, and the BMI computed from that number.
	DefectWeightKg Defect = "weight-kg"
)

// DefectsPerKind is how many visits carry each defect: 1 % of the visits.
// No visit carries more than one defect, so 6 % of the visits have one.
const DefectsPerKind = Visits / 100

// DefectKinds are the defects the generator writes, in the order their
// visits are chosen.
func DefectKinds() []Defect {
	return []Defect{DefectDateUS, DefectBPSwapped, DefectHeartRateX10, DefectSpO2Fraction, DefectTempCelsius, DefectWeightKg}
}

// markDefects chooses DefectsPerKind distinct visits for each kind from one
// random permutation of the visits.
func markDefects(r *rand.Rand, vs []Visit) {
	perm := r.Perm(len(vs))
	for k, kind := range DefectKinds() {
		for _, i := range perm[k*DefectsPerKind : (k+1)*DefectsPerKind] {
			vs[i].Defect = kind
		}
	}
}

// Record is the visit's row of timeseries.csv as the clinic wrote it: the
// true values, except where Defect spoils them. heightIn is the patient's
// height, for the BMI of a weight written in kilograms.
func (v Visit) Record(heightIn int) []string {
	date := v.Date.Format(time.DateOnly)
	sys, dia, hr := strconv.Itoa(v.Systolic), strconv.Itoa(v.Diastolic), strconv.Itoa(v.HeartRate)
	spo2, temp := tenths(v.SpO2Tenths), tenths(v.TempTenths)
	weight, bmi := strconv.Itoa(v.WeightLb), tenths(v.BMITenths)
	switch v.Defect {
	case DefectDateUS:
		date = v.Date.Format("01/02/2006")
	case DefectBPSwapped:
		sys, dia = dia, sys
	case DefectHeartRateX10:
		hr = strconv.Itoa(10 * v.HeartRate)
	case DefectSpO2Fraction:
		spo2 = fmt.Sprintf("%d.%03d", v.SpO2Tenths/1000, v.SpO2Tenths%1000)
	case DefectTempCelsius:
		c := CelsiusHundredths(v.TempTenths)
		temp = fmt.Sprintf("%d.%02d", c/100, c%100)
	case DefectWeightKg:
		kg := KilogramTenths(v.WeightLb)
		weight, bmi = tenths(kg), tenths(BMITenths(float64(kg)/10, heightIn))
	}
	return []string{
		strconv.Itoa(v.ID), strconv.Itoa(v.PatientID), date, sys, dia,
		strconv.Itoa(v.RespRate), hr, spo2, temp, weight, bmi,
		strconv.Itoa(v.Basie), strconv.Itoa(v.TPain), strconv.Itoa(v.DK),
	}
}

// CelsiusHundredths converts tenths of a degree Fahrenheit to hundredths of a
// degree Celsius, rounded. Two decimals keep the conversion reversible: back
// in Fahrenheit the error is under 0.01 F, so rounding to a tenth restores
// the original.
func CelsiusHundredths(fahrenheitTenths int) int {
	return int(math.Round(float64(fahrenheitTenths-320) * 50 / 9))
}

// PoundsPerKilogram is the exact definition of the avoirdupois pound.
const PoundsPerKilogram = 1 / 0.45359237

// KilogramTenths converts whole pounds to tenths of a kilogram, rounded. The
// rounding error is under 0.12 lb, so rounding back to whole pounds restores
// the original.
func KilogramTenths(lb int) int {
	return int(math.Round(float64(lb) * 4.5359237))
}

// tenths formats a non-negative number of tenths with one decimal.
func tenths(t int) string { return fmt.Sprintf("%d.%d", t/10, t%10) }
