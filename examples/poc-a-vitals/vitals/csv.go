package vitals

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// The file names of the three tables in the output directory.
const (
	PatientsFile   = "patients.csv"
	ParametersFile = "patient_parameters.csv"
	TimeSeriesFile = "timeseries.csv"
)

// PatientsHeader is the header row of patients.csv.
func PatientsHeader() []string {
	return []string{"patient_id", "surname", "given_name", "birth_date", "arrived_on", "height_ft", "height_in"}
}

// ParametersHeader is the header row of patient_parameters.csv. spo2 is in
// percent, temp_f in degrees Fahrenheit, weight_lb in pounds; the *_total
// columns are the sums of the survey answers in timeseries.csv.
func ParametersHeader() []string {
	return []string{
		"patient_id", "systolic_min", "systolic_max", "diastolic_min", "diastolic_max",
		"resp_rate_min", "resp_rate_max", "heart_rate_min", "heart_rate_max",
		"spo2_min", "spo2_max", "temp_f_min", "temp_f_max", "weight_lb_min", "weight_lb_max",
		"basie_albums_total", "tpain_albums_total", "dk_albums_total",
	}
}

// TimeSeriesHeader is the header row of timeseries.csv: one row per visit,
// the values as written down (see Visit.Record).
func TimeSeriesHeader() []string {
	return []string{
		"visit_id", "patient_id", "visit_date", "systolic", "diastolic", "resp_rate", "heart_rate",
		"spo2", "temp_f", "weight_lb", "bmi", "basie_albums", "tpain_albums", "dk_albums",
	}
}

// patientRecord is the patient's row of patients.csv.
func patientRecord(p Patient) []string {
	return []string{
		strconv.Itoa(p.ID), p.Surname, p.GivenName, p.BirthDate.Format(time.DateOnly),
		p.ArrivedOn.Format(time.DateOnly), strconv.Itoa(p.HeightFeet), strconv.Itoa(p.HeightInches),
	}
}

// parametersRecord is the patient's row of patient_parameters.csv.
func parametersRecord(p Parameters) []string {
	return []string{
		strconv.Itoa(p.PatientID),
		strconv.Itoa(p.Systolic.Min), strconv.Itoa(p.Systolic.Max),
		strconv.Itoa(p.Diastolic.Min), strconv.Itoa(p.Diastolic.Max),
		strconv.Itoa(p.RespRate.Min), strconv.Itoa(p.RespRate.Max),
		strconv.Itoa(p.HeartRate.Min), strconv.Itoa(p.HeartRate.Max),
		tenths(p.SpO2Tenths.Min), tenths(p.SpO2Tenths.Max),
		tenths(p.TempTenths.Min), tenths(p.TempTenths.Max),
		strconv.Itoa(p.WeightLb.Min), strconv.Itoa(p.WeightLb.Max),
		strconv.Itoa(p.BasieTotal), strconv.Itoa(p.TPainTotal), strconv.Itoa(p.DKTotal),
	}
}

// Tables are the three tables as rows of text, each starting with its
// header, keyed by file name.
func (ds Dataset) Tables() map[string][][]string {
	patients := [][]string{PatientsHeader()}
	params := [][]string{ParametersHeader()}
	heights := make(map[int]int, len(ds.Patients))
	for _, p := range ds.Patients {
		patients = append(patients, patientRecord(p))
		heights[p.ID] = p.HeightIn()
	}
	for _, p := range ds.Parameters {
		params = append(params, parametersRecord(p))
	}
	series := [][]string{TimeSeriesHeader()}
	for _, v := range ds.Visits {
		series = append(series, v.Record(heights[v.PatientID]))
	}
	return map[string][][]string{PatientsFile: patients, ParametersFile: params, TimeSeriesFile: series}
}

// WriteDir writes the three tables as CSV files (comma-separated, LF line
// ends, a header row) into dir, creating it if needed and replacing files of
// the same names.
func (ds Dataset) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	tables := ds.Tables()
	for _, name := range []string{PatientsFile, ParametersFile, TimeSeriesFile} {
		if err := writeCSV(filepath.Join(dir, name), tables[name]); err != nil {
			return err
		}
	}
	return nil
}

// writeCSV writes rows to path as CSV.
func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
