package analysis

import (
	"math"
	"slices"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// Parameter is a measured quantity the summary covers.
type Parameter struct {
	// Name is the column's name in timeseries.csv.
	Name string
	// Unit is the unit of the summary's numbers.
	Unit string
	// value reads the parameter from a corrected visit.
	value func(vitals.Visit) float64
}

// Parameters are the vital signs, the BMI and the survey answers, in the
// order of the summary.
func Parameters() []Parameter {
	return []Parameter{
		{"systolic", "mmHg", func(v vitals.Visit) float64 { return float64(v.Systolic) }},
		{"diastolic", "mmHg", func(v vitals.Visit) float64 { return float64(v.Diastolic) }},
		{"resp_rate", "breaths/min", func(v vitals.Visit) float64 { return float64(v.RespRate) }},
		{"heart_rate", "beats/min", func(v vitals.Visit) float64 { return float64(v.HeartRate) }},
		{"spo2", "%", func(v vitals.Visit) float64 { return float64(v.SpO2Tenths) / 10 }},
		{"temp_f", "F", func(v vitals.Visit) float64 { return float64(v.TempTenths) / 10 }},
		{"weight_lb", "lb", func(v vitals.Visit) float64 { return float64(v.WeightLb) }},
		{"bmi", "kg/m2", func(v vitals.Visit) float64 { return float64(v.BMITenths) / 10 }},
		{"basie_albums", "albums/visit", func(v vitals.Visit) float64 { return float64(v.Basie) }},
		{"tpain_albums", "albums/visit", func(v vitals.Visit) float64 { return float64(v.TPain) }},
		{"dk_albums", "albums/visit", func(v vitals.Visit) float64 { return float64(v.DK) }},
	}
}

// Stats summarises one parameter over the corrected visits.
type Stats struct {
	// Parameter and Unit name the quantity.
	Parameter, Unit string
	// N is the number of visits.
	N int
	// Mean, SD (the sample standard deviation, n-1), Min, Median and Max are
	// in Unit; all zero when N is 0, SD zero when N is 1.
	Mean, SD, Min, Median, Max float64
}

// Summarize computes the Stats of every parameter over visits.
func Summarize(visits []vitals.Visit) []Stats {
	params := Parameters()
	out := make([]Stats, 0, len(params))
	for _, p := range params {
		xs := make([]float64, len(visits))
		for i, v := range visits {
			xs[i] = p.value(v)
		}
		s := describe(xs)
		s.Parameter, s.Unit = p.Name, p.Unit
		out = append(out, s)
	}
	return out
}

// describe computes count, mean, sample SD, min, median and max of xs; xs is
// sorted in place.
func describe(xs []float64) Stats {
	n := len(xs)
	if n == 0 {
		return Stats{}
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(n)
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := 0.0
	if n > 1 {
		sd = math.Sqrt(ss / float64(n-1))
	}
	med := median(xs)
	return Stats{N: n, Mean: mean, SD: sd, Min: slices.Min(xs), Median: med, Max: slices.Max(xs)}
}
