package analysis

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

// RawVisit is one row of timeseries.csv as written, before any rule: the
// values stay text so that a correction can quote them exactly.
type RawVisit struct {
	// Line is the row's line in the file, for messages.
	Line int
	// VisitID and PatientID are the row's keys.
	VisitID, PatientID int
	// Date, Systolic ... DK are the recorded texts of the columns of the
	// same names (see vitals.TimeSeriesHeader).
	Date, Systolic, Diastolic, RespRate, HeartRate, SpO2, TempF, WeightLb, BMI string
	Basie, TPain, DK                                                           string
}

// ReadDir reads patients.csv and timeseries.csv from dir.
func ReadDir(dir string) ([]vitals.Patient, []RawVisit, error) {
	pp, err := readTable(filepath.Join(dir, vitals.PatientsFile), vitals.PatientsHeader())
	if err != nil {
		return nil, nil, err
	}
	patients, err := parsePatients(vitals.PatientsFile, pp)
	if err != nil {
		return nil, nil, err
	}
	vv, err := readTable(filepath.Join(dir, vitals.TimeSeriesFile), vitals.TimeSeriesHeader())
	if err != nil {
		return nil, nil, err
	}
	visits, err := parseVisits(vitals.TimeSeriesFile, vv)
	if err != nil {
		return nil, nil, err
	}
	return patients, visits, nil
}

// row is a CSV record with its line number.
type row struct {
	line   int
	fields []string
}

// readTable reads a CSV file whose first row must be exactly header, and
// returns the other rows.
func readTable(path string, header []string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read table: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f) // the header fixes the number of fields of every row
	name := filepath.Base(path)
	got, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("%s:1: header is %q, want %q: is this the vital-signs data set?", name, got, header)
	}
	var rows []row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, row{line: line, fields: rec})
	}
}

// parsePatients turns the rows of patients.csv into patients, refusing a
// malformed value or a duplicate patient_id.
func parsePatients(name string, rows []row) ([]vitals.Patient, error) {
	seen := map[int]int{}
	ps := make([]vitals.Patient, 0, len(rows))
	for _, rw := range rows {
		f := rw.fields
		p := vitals.Patient{Surname: f[1], GivenName: f[2]}
		var err error
		if p.ID, err = wholeField(name, rw.line, "patient_id", f[0]); err != nil {
			return nil, err
		}
		if prev, dup := seen[p.ID]; dup {
			return nil, fmt.Errorf("%s:%d: patient_id %d is also on line %d: patient IDs must be unique", name, rw.line, p.ID, prev)
		}
		seen[p.ID] = rw.line
		if p.BirthDate, err = dateField(name, rw.line, "birth_date", f[3]); err != nil {
			return nil, err
		}
		if p.ArrivedOn, err = dateField(name, rw.line, "arrived_on", f[4]); err != nil {
			return nil, err
		}
		if p.HeightFeet, err = wholeField(name, rw.line, "height_ft", f[5]); err != nil {
			return nil, err
		}
		if p.HeightInches, err = wholeField(name, rw.line, "height_in", f[6]); err != nil {
			return nil, err
		}
		if p.HeightIn() < 36 || p.HeightIn() > 96 {
			return nil, fmt.Errorf("%s:%d: height %d ft %d in is outside 3 ft to 8 ft: fix the patient's height", name, rw.line, p.HeightFeet, p.HeightInches)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// parseVisits turns the rows of timeseries.csv into raw visits; only the
// keys are parsed here, and a duplicate visit_id is refused.
func parseVisits(name string, rows []row) ([]RawVisit, error) {
	seen := map[int]int{}
	vs := make([]RawVisit, 0, len(rows))
	for _, rw := range rows {
		f := rw.fields
		id, err := wholeField(name, rw.line, "visit_id", f[0])
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s:%d: visit_id %d is also on line %d: visit IDs must be unique", name, rw.line, id, prev)
		}
		seen[id] = rw.line
		pid, err := wholeField(name, rw.line, "patient_id", f[1])
		if err != nil {
			return nil, err
		}
		vs = append(vs, RawVisit{
			Line: rw.line, VisitID: id, PatientID: pid, Date: f[2],
			Systolic: f[3], Diastolic: f[4], RespRate: f[5], HeartRate: f[6],
			SpO2: f[7], TempF: f[8], WeightLb: f[9], BMI: f[10],
			Basie: f[11], TPain: f[12], DK: f[13],
		})
	}
	return vs, nil
}

// wholeField parses a whole-number key column.
func wholeField(file string, line int, col, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s:%d: %s: %q is not a whole number", file, line, col, s)
	}
	return n, nil
}

// dateField parses a YYYY-MM-DD column.
func dateField(file string, line int, col, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s:%d: %s: %q is not a date YYYY-MM-DD", file, line, col, s)
	}
	return t, nil
}
