package cost

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// Column is one scenario of the estimate.
type Column int

// The three columns of an estimate.
const (
	// Suspended: instances stopped and no NAT gateway; storage, key, logs,
	// trail and the Elastic IPs that remain still cost.
	Suspended Column = iota
	// WorkingHours: instances run on the stack's schedule (sce:schedule).
	WorkingHours
	// AlwaysOn: everything runs 730 hours a month.
	AlwaysOn
)

// AllColumns lists the columns in display order.
func AllColumns() [3]Column { return [3]Column{Suspended, WorkingHours, AlwaysOn} }

// String names the column as the output does.
func (c Column) String() string {
	return [...]string{"suspended", "working hours", "always on"}[c]
}

// PerColumn holds one monthly amount per Column: USD in lines and totals,
// hours in Hours.
type PerColumn [3]float64

// MarshalJSON writes the costs as an object with cents-rounded amounts.
func (c PerColumn) MarshalJSON() ([]byte, error) { return json.Marshal(c.withUnknown(Columns{})) }

func (c PerColumn) add(d PerColumn) PerColumn {
	for i := range c {
		c[i] += d[i]
	}
	return c
}

// columnsJSON is a PerColumn as JSON: a nil amount is unknown and prints
// as null, never as zero.
type columnsJSON struct {
	Suspended    *float64 `json:"suspended"`
	WorkingHours *float64 `json:"workingHours"`
	AlwaysOn     *float64 `json:"alwaysOn"`
}

// withUnknown is c as JSON, cents-rounded, with the unknown columns null.
func (c PerColumn) withUnknown(unknown Columns) columnsJSON {
	var v [3]*float64
	for i := range c {
		if !unknown[i] {
			amount := cents(c[i])
			v[i] = &amount
		}
	}
	return columnsJSON{Suspended: v[Suspended], WorkingHours: v[WorkingHours], AlwaysOn: v[AlwaysOn]}
}

// Columns holds one yes or no per Column.
type Columns [3]bool

// allColumns is yes in every column.
func allColumns() Columns { return Columns{true, true, true} }

// or is yes in the columns where c or d is.
func (c Columns) or(d Columns) Columns {
	for i := range c {
		c[i] = c[i] || d[i]
	}
	return c
}

// MarshalJSON writes the flags as an object with the keys of PerColumn.
func (c Columns) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Suspended    bool `json:"suspended"`
		WorkingHours bool `json:"workingHours"`
		AlwaysOn     bool `json:"alwaysOn"`
	}{c[Suspended], c[WorkingHours], c[AlwaysOn]})
}

// cents rounds to the cent, as the output prints.
func cents(v float64) float64 { return math.Round(v*100) / 100 }

// Line is one item of an estimate.
type Line struct {
	// Group is the concern: compute, warehouse, storage, backup, network,
	// keys, audit, logs, alerts or other.
	Group string `json:"group"`
	// Item names what is priced, with the resource's logical name.
	Item string `json:"item"`
	// Detail gives the quantities, per column where they differ.
	Detail string `json:"detail"`
	// Rate is the unit price, or "unknown".
	Rate string `json:"rate"`
	// Known is false when the table has no price for the item.
	Known bool `json:"known"`
	// Unknown marks the columns whose cost is unknown: with an unknown
	// price, every column with a quantity (zero hours cost nothing at any
	// rate, so a column without one stays known, at 0).
	Unknown Columns `json:"-"`
	// Monthly is the cost a month in each column; zero in the Unknown
	// columns, which the totals leave out.
	Monthly PerColumn `json:"monthly"`
	// Source is the id of the price's source.
	Source string `json:"source,omitempty"`
}

// MarshalJSON writes the monthly cost of an Unknown column as null, never as zero.
func (l Line) MarshalJSON() ([]byte, error) {
	type plain Line
	return json.Marshal(struct {
		plain
		Monthly columnsJSON `json:"monthly"`
	}{plain: plain(l), Monthly: l.Monthly.withUnknown(l.Unknown)})
}

// Total is a sum of lines.
type Total struct {
	// Monthly is the sum of the known costs of each column.
	Monthly PerColumn `json:"monthly"`
	// AtLeast marks the columns that leave an unknown cost out of the sum,
	// which is then a lower bound.
	AtLeast Columns `json:"atLeast"`
}

// Estimate is the itemized monthly cost of a plan.
type Estimate struct {
	// Stack and Region are the plan's.
	Stack  string `json:"stack"`
	Region string `json:"region"`
	// Currency is USD.
	Currency string `json:"currency"`
	// AsOf is the price table's date.
	AsOf string `json:"pricesAsOf"`
	// Check says to verify the prices before a budget decision.
	Check string `json:"check"`
	// Mode is the plan's own state: "running", or "suspended" (sce:suspended).
	Mode string `json:"mode"`
	// Hours are the instance hours a month of each column.
	Hours Hours `json:"instanceHours"`
	// Lines are the project's own costs.
	Lines []Line `json:"lines"`
	// Total sums Lines.
	Total Total `json:"total"`
	// Shared are costs shared with the account's other projects: the
	// dedicated per-region fee.
	Shared []Line `json:"shared"`
	// TotalWithShared is Total plus the whole shared fee, as when this
	// project is the account's only one in the region.
	TotalWithShared Total `json:"totalWithShared"`
	// WhileSuspended is what the project still pays for while suspended,
	// by group, in the order of the lines.
	WhileSuspended []GroupCost `json:"whileSuspended"`
	// Unknown names every item whose price is unknown.
	Unknown []string `json:"unknown"`
	// Assumptions are the figures and conventions the estimate rests on.
	Assumptions []string `json:"assumptions"`
	// Sources are the sources the lines cite, by id.
	Sources map[string]Source `json:"sources"`
}

// Hours are the instance hours a month of each column, and how the
// working hours were found.
type Hours struct {
	// PerMonth are the hours an instance runs a month in each column.
	PerMonth PerColumn `json:"perMonth"`
	// Working explains the working-hours column.
	Working string `json:"working"`
}

// EstimatePlan prices p, the offline plan of a stack with config cfg, with
// t. The plan's run validated cfg: sce:schedule and sce:usage are the
// stack's own, read once by stacks.DecodeConfig.
func EstimatePlan(p *plan.Plan, cfg stacks.Config, t *Table) (*Estimate, error) {
	in, err := readInputs(p, cfg, t)
	if err != nil {
		return nil, err
	}
	e := &estimator{inputs: in, plan: p, table: t}
	for _, c := range concerns() {
		c.price(e)
	}
	e.priceOthers()
	return e.result(), nil
}

// inputs are what an estimate needs besides the resources.
type inputs struct {
	region string
	// baseline is true for the account baseline's stack, whose trail
	// holds the account's first copy of management events.
	baseline bool
	// suspended is sce:suspended.
	suspended bool
	usage     usage
	hours     Hours
	notes     []string
}

// readInputs takes the region, the schedule and the usage from the config.
func readInputs(p *plan.Plan, cfg stacks.Config, t *Table) (inputs, error) {
	in := inputs{region: cfg.Region, baseline: cfg.Baseline(), suspended: cfg.Suspended, usage: estimateUsage(cfg.Usage, factsOf(p))}
	if in.region == "" {
		in.region = plan.DefaultRegion
	}
	hours, notes, err := workingHours(cfg.Schedule, t.HoursPerMonth)
	if err != nil {
		return in, fmt.Errorf("estimate the cost of stack %s: %w", p.Stack, err)
	}
	in.hours, in.notes = hours, notes
	return in, nil
}
