package closeout

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Steps of a close-out, in order.
const (
	StepPreflight = "preflight"
	StepArchive   = "archive"
	StepVerify    = "verify-archive"
	StepUnprotect = "unprotect"
	StepEmpty     = "empty-buckets"
	StepDestroy   = "destroy"
	StepNoTrace   = "verify-no-trace"
	StepReport    = "report"
)

// Steps lists every step in the order they run, in a new slice.
func Steps() []string {
	return []string{StepPreflight, StepArchive, StepVerify, StepUnprotect, StepEmpty, StepDestroy, StepNoTrace, StepReport}
}

// Step outcomes.
const (
	statusDone   = "done"
	statusFailed = "failed"
)

// StepRecord is what happened to one step.
type StepRecord struct {
	// Name is the step.
	Name string `json:"name"`
	// Status is done or failed.
	Status string `json:"status"`
	// At is when it finished or failed.
	At time.Time `json:"at"`
	// Detail is its result or error.
	Detail string `json:"detail"`
}

// State is a close-out's record, saved after every step so that a rerun
// continues where the last run stopped.
type State struct {
	// Version is the state file format.
	Version int `json:"version"`
	// Stack is the project's stack; Started when its close-out began.
	Stack   string    `json:"stack"`
	Started time.Time `json:"started"`
	// Instance names the project instance in the archive: the stack's
	// creation time (see layout).
	Instance string `json:"instance"`
	// Operator started it: the AWS caller identity (an ARN); Operators are
	// every identity that ran a step, in order.
	Operator  string   `json:"operator"`
	Operators []string `json:"operators"`
	// Builds are the sce builds that ran steps, in order (buildinfo's Line).
	Builds []string `json:"builds,omitempty"`
	// Force and Reason record a close-out before the study end.
	Force  bool   `json:"force"`
	Reason string `json:"reason,omitempty"`
	// LockBreaks are the stale locks broken with --break-lock.
	LockBreaks []BrokenLock `json:"lockBreaks,omitempty"`
	// Steps are the outcomes of the steps run so far.
	Steps []StepRecord `json:"steps"`
	// Outputs, Project and Existed are what preflight found.
	Outputs Outputs           `json:"outputs"`
	Project map[string]string `json:"project"`
	Existed []Resource        `json:"existed"`
	// Archive, Emptied, Destroy and Trace are the later steps' results.
	Archive ArchiveSummary         `json:"archive"`
	Emptied map[string]EmptyResult `json:"emptied"`
	Destroy DestroyResult          `json:"destroy"`
	Trace   TraceResult            `json:"trace"`
}

// stateVersion is the state file format. Format 3 records what format 2
// did not: the log-group exports, each resource's ID, retainOnDelete,
// custom and tag flags, the builds that ran the steps and the account,
// region and time of each no-trace check. Format 4 adds each resource's
// property dependencies, by which a setting is credited to its resource
// (coverage). A close-out begun in an earlier format is refused rather
// than resumed: format 2's report would count retained resources as
// destroyed, leave checks out and claim every resource was looked for;
// format 3's would list every setting as not checked.
const stateVersion = 4

// layout is the archive layout of the state's project instance.
func (s *State) layout() layout { return layout{pit: s.Outputs.PIT, instance: s.Instance} }

// progress counts the steps done, in order, before the first one not done.
func (s *State) progress() int {
	for i, step := range Steps() {
		if !s.done(step) {
			return i
		}
	}
	return len(Steps())
}

// ran records an identity and an sce build that ran steps.
func (s *State) ran(identity, build string) {
	if s.Operator == "" {
		s.Operator = identity
	}
	if !slices.Contains(s.Operators, identity) {
		s.Operators = append(s.Operators, identity)
	}
	if !slices.Contains(s.Builds, build) {
		s.Builds = append(s.Builds, build)
	}
}

// done reports whether a step finished.
func (s *State) done(step string) bool {
	for _, r := range s.Steps {
		if r.Name == step && r.Status == statusDone {
			return true
		}
	}
	return false
}

// record sets a step's outcome, replacing an earlier one.
func (s *State) record(step, status, detail string, at time.Time) {
	for i, r := range s.Steps {
		if r.Name == step {
			s.Steps[i] = StepRecord{Name: step, Status: status, At: at, Detail: detail}
			return
		}
	}
	s.Steps = append(s.Steps, StepRecord{Name: step, Status: status, At: at, Detail: detail})
}

// paths are the files of one stack's close-out in the state directory.
type paths struct{ state, journal, lock, reportMD, reportJSON string }

func pathsFor(dir, stack string) paths {
	base := filepath.Join(dir, stack)
	return paths{state: base + ".json", journal: base + ".archive.jsonl", lock: base + ".lock",
		reportMD: base + "-closeout-report.md", reportJSON: base + "-closeout-report.json"}
}

// loadState reads the state file, or starts a new one.
func loadState(path, stack string, now time.Time) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: stateVersion, Stack: stack, Started: now, Emptied: map[string]EmptyResult{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read close-out state: %w", err)
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("close-out state %s is damaged (%w): fix or move it; the archive journal next to it keeps what was copied", path, err)
	}
	if s.Version != stateVersion {
		return nil, olderFormat(path, &s)
	}
	if s.Stack != stack {
		return nil, fmt.Errorf("close-out state %s is for stack %q, format %d (this sce writes format %d for stack %q): "+
			"finish that close-out with the sce that started it, or move the file away", path, s.Stack, s.Version, stateVersion, stack)
	}
	if s.Emptied == nil {
		s.Emptied = map[string]EmptyResult{}
	}
	return &s, nil
}

// save writes the state atomically: a crash leaves the old or the new file.
func (s *State) save(path string) error {
	data, err := s.encode()
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("save close-out state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save close-out state: %w", err)
	}
	return nil
}

func (s *State) encode() ([]byte, error) {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("save close-out state: %w", err)
	}
	return append(data, '\n'), nil
}

// lock makes sure one close-out runs at a time in a state directory, until
// the run takes the lock in the archive that every operator sees.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("another close-out of this stack is running from this state directory (lock file %s); if none is, remove the file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("lock close-out: %w", err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(path) }, nil
}
