// Package cost estimates the monthly AWS cost of an offline plan
// (internal/plan) from a dated price table with named sources (prices.yaml),
// the stack's working-hours schedule (sce:schedule) and its usage figures
// (sce:usage).
//
// An estimate has three columns: suspended (instances stopped, no NAT
// gateway), working hours (instances run on the schedule) and always on
// (730 hours a month). The dedicated per-region fee, charged once per account
// and region while any dedicated instance runs, is shown apart because every
// project of the account shares it. A price the table does not have makes
// the cost unknown, never zero, in every column with a quantity to price,
// and those columns' totals a lower bound ("at least"); a column where the
// quantity is zero (a stopped instance's hours) stays known, at 0.
package cost
