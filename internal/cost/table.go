package cost

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed prices.yaml
var pricesYAML []byte

// Table is the price table: dated list prices per region, each naming its source.
type Table struct {
	// AsOf is the date (YYYY-MM-DD) the table was compiled from its sources.
	AsOf string `yaml:"asOf"`
	// Currency is the currency of every price (USD).
	Currency string `yaml:"currency"`
	// HoursPerMonth is the hours of an always-on month (730, AWS's convention).
	HoursPerMonth float64 `yaml:"hoursPerMonth"`
	// Check says to verify the prices before a budget decision.
	Check string `yaml:"check"`
	// Sources are the pages the prices come from, by id.
	Sources map[string]Source `yaml:"sources"`
	// Regions maps a region to its prices by key (see prices.yaml).
	Regions map[string]map[string]Price `yaml:"regions"`
	// Free maps the resource types without a charge of their own to why.
	Free map[string]Free `yaml:"free"`
}

// Source is where prices come from.
type Source struct {
	// Title names the page.
	Title string `yaml:"title" json:"title"`
	// URL is the page's address.
	URL string `yaml:"url" json:"url"`
	// Note says which figures the page gave and which are from memory.
	Note string `yaml:"note" json:"note"`
}

// Free is why a resource type costs nothing of its own.
type Free struct {
	// Source is the id of the source that says so.
	Source string `yaml:"source"`
	// Reason is a short explanation.
	Reason string `yaml:"reason"`
}

// Price is a list price: USD for Per units of Unit.
type Price struct {
	// USD is the price of Per units.
	USD float64 `yaml:"usd"`
	// Per is the quantity USD pays for; 0 means 1.
	Per float64 `yaml:"per"`
	// Unit names the unit, for example "hour" or "GB-month".
	Unit string `yaml:"unit"`
	// Source is the id of the price's source.
	Source string `yaml:"source"`
}

// Of is the price of quantity units.
func (p Price) Of(quantity float64) float64 {
	per := p.Per
	if per == 0 {
		per = 1
	}
	return p.USD * quantity / per
}

// String shows the price as "$0.106/hour" or "$0.10 per 100,000 data events".
func (p Price) String() string {
	if p.Per == 0 || p.Per == 1 {
		return "$" + trimZeros(p.USD) + "/" + p.Unit
	}
	return "$" + trimZeros(p.USD) + " per " + groupThousands(fmt.Sprintf("%.0f", p.Per)) + " " + p.Unit
}

// trimZeros prints at least two decimals and no trailing zeros beyond them.
func trimZeros(v float64) string {
	s := fmt.Sprintf("%.6f", v)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// DefaultTable parses the price table embedded in sce.
func DefaultTable() (*Table, error) { return ParseTable(pricesYAML) }

// ParseTable parses and checks a price table in the format of prices.yaml.
func ParseTable(data []byte) (*Table, error) {
	var t Table
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("price table: %w", err)
	}
	if err := t.check(); err != nil {
		return nil, fmt.Errorf("price table: %w", err)
	}
	return &t, nil
}

// check refuses a table that could mislead: undated, sourceless or negative.
func (t *Table) check() error {
	var errs []error
	if _, err := time.Parse(time.DateOnly, t.AsOf); err != nil {
		errs = append(errs, fmt.Errorf("asOf %q is not a date as YYYY-MM-DD", t.AsOf))
	}
	if t.HoursPerMonth <= 0 {
		errs = append(errs, errors.New("hoursPerMonth must be positive"))
	}
	if len(t.Regions) == 0 {
		errs = append(errs, errors.New("no regions"))
	}
	for _, region := range slices.Sorted(maps.Keys(t.Regions)) {
		for _, key := range slices.Sorted(maps.Keys(t.Regions[region])) {
			errs = append(errs, t.checkPrice(region+" "+key, t.Regions[region][key])...)
		}
	}
	for _, typ := range slices.Sorted(maps.Keys(t.Free)) {
		if _, ok := t.Sources[t.Free[typ].Source]; !ok {
			errs = append(errs, fmt.Errorf("free %s: unknown source %q", typ, t.Free[typ].Source))
		}
	}
	return errors.Join(errs...)
}

func (t *Table) checkPrice(where string, p Price) []error {
	var errs []error
	if _, ok := t.Sources[p.Source]; !ok {
		errs = append(errs, fmt.Errorf("%s: unknown source %q", where, p.Source))
	}
	if p.USD < 0 || p.Per < 0 {
		errs = append(errs, fmt.Errorf("%s: negative price", where))
	}
	if p.Unit == "" {
		errs = append(errs, fmt.Errorf("%s: no unit", where))
	}
	return errs
}

// Price returns the price of key in region; ok is false when the table does
// not have it (the estimate then says "unknown").
func (t *Table) Price(region, key string) (Price, bool) {
	p, ok := t.Regions[region][key]
	return p, ok
}
