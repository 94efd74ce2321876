package sce

import (
	"net/mail"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/naming/limits"
)

var (
	pitPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
	// roleArnPattern is an IAM role ARN; submatch 2 is the role's path and
	// name, at most maxRolePathName characters (isRoleArn): written as a
	// {1,512} repetition it took milliseconds to compile at every start.
	roleArnPattern = regexp.MustCompile(`^arn:aws(-us-gov|-cn)?:iam::[0-9]{12}:role/([\w+=,.@/-]+)$`)
	datePattern    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// maxRolePathName is how many characters IAM allows in a role's path and
// name together, as they appear in its ARN.
const maxRolePathName = 512

// isRoleArn reports whether arn is an IAM role ARN.
func isRoleArn(arn string) bool {
	m := roleArnPattern.FindStringSubmatch(arn)
	return m != nil && len(m[2]) <= maxRolePathName
}

// tagValueSymbols are the characters besides letters, digits and spaces
// that AWS allows in tag values.
const tagValueSymbols = "_.:/=+-@"

// isTagValue reports whether s has only the characters AWS allows in tag
// values: Unicode letters (L), separators (Z) and numbers (N), and
// tagValueSymbols; invalid UTF-8 is refused. It is the character class
// [\p{L}\p{Z}\p{N}_.:/=+\-@], without the milliseconds a regexp of these
// Unicode classes takes to compile at every start.
func isTagValue(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.Z, unicode.N) && !strings.ContainsRune(tagValueSymbols, r) {
			return false
		}
	}
	return true
}

// logRetentionValues returns the retention periods CloudWatch Logs accepts.
func logRetentionValues() []int {
	return []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
}

// minLogRetentionDays is the shortest online log retention sce accepts: an
// audit review must be able to look back at least a quarter.
const minLogRetentionDays = 90

// Validate checks every argument and returns all problems at once as
// ValidationErrors, each naming its config key and the fix; nil if valid.
// Defaults are applied first, so zero-valued optional fields pass.
func Validate(pit string, args EnvironmentArgs) error {
	a := args.withDefaults()
	var errs ValidationErrors
	validateRegion(&errs, a.Region)
	validatePIT(&errs, pit, a.Region)
	validateProject(&errs, a.Project)
	validateNetwork(&errs, a.Region, a.Network, a.Access)
	validateEgress(&errs, a.Egress)
	validateEmails(&errs, a.AlertEmails)
	validateRetention(&errs, a.LogRetentionDays, a.AuditLockDays, a.NoncurrentVersionDays)
	validateCompute(&errs, a)
	validateAccess(&errs, a)
	validateOperations(&errs, a)
	validateWarehouse(&errs, a.Warehouse)
	validateAdminRole(&errs, a.AdminRoleArn)
	validateAirlock(&errs, pit, a.AdminRoleArn, a.Airlock)
	return errs.orNil()
}

func validateAdminRole(errs *ValidationErrors, arn string) {
	switch {
	case arn == "":
		errs.add("adminRoleArn", "is required: the ARN of the IAM role IT deploys and closes out with, for example arn:aws:iam::123456789012:role/sce-admin")
	case !isRoleArn(arn):
		errs.add("adminRoleArn", "%q is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>", arn)
	}
}

func validateRegion(errs *ValidationErrors, region string) {
	switch {
	case region == "":
		errs.add("aws:region", "is required: set it to the AWS region of the project, for example us-west-2")
	default:
		if msg := regionProblem(region); msg != "" {
			errs.add("aws:region", "%q %s", region, msg)
		}
	}
}

// validatePIT checks the Project Identifier Tag: its characters and that the
// longest physical name built from it fits AWS's limit.
func validatePIT(errs *ValidationErrors, pit, region string) {
	validateIdentifier(errs, "pit", pit, "a short project identifier such as hipaa", region, limits.Project)
	if reservedDocumentPrefix(pit) {
		errs.add("pit", "%q starts with a prefix AWS reserves for Systems Manager document names (aws, amazon, amzn), "+
			"and the project's Session Manager documents are named after it: choose a PIT that does not", pit)
	}
}

// reservedDocumentPrefix says whether a name starts with a prefix AWS
// reserves for Systems Manager documents (CreateDocument refuses it): aws
// (AWSEC2, AWSConfigRemediation and AWSSupport among them), amazon, amzn.
func reservedDocumentPrefix(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "aws") || strings.HasPrefix(lower, "amazon") || strings.HasPrefix(lower, "amzn")
}

// validateIdentifier checks the identifier that prefixes a component's
// names (config key key; what describes it when it is missing): its
// characters and that the longest physical name built from it fits AWS's limit.
func validateIdentifier(errs *ValidationErrors, key, id, what, region string, physical func(naming.Namer) []limits.Name) {
	switch {
	case id == "":
		errs.add(key, "is required: %s", what)
		return
	case !pitPattern.MatchString(id):
		errs.add(key, "%q must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'", id)
		return
	case strings.Contains(id, "--"):
		errs.add(key, "%q must not contain '--' (S3 reserves it in bucket names)", id)
		return
	case strings.HasPrefix(id, "sthree-") || strings.HasPrefix(id, "amzn-s3-demo-"):
		errs.add(key, "%q starts with a prefix S3 reserves for bucket names", id)
		return
	}
	if !knownRegion(region) {
		return // lengths depend on the region, reported separately
	}
	for _, p := range physical(naming.New(id, naming.PlaceholderAccount, region)) {
		if len(p.Name) > p.Limit {
			errs.add(key, "%q is too long: the %s %q would have %d characters, AWS allows %d; use at most %d characters",
				id, p.Kind, p.Name, len(p.Name), p.Limit, len(id)-(len(p.Name)-p.Limit))
			return
		}
	}
}

func validateProject(errs *ValidationErrors, p ProjectInfo) {
	requireText(errs, "title", p.Title, "the study title")
	requireText(errs, "principalInvestigator", p.PrincipalInvestigator, "the principal investigator's name")
	requireTag(errs, "owner", p.Owner, "the accountable contact, usually the PI's e-mail")
	requireTag(errs, "irbProtocol", p.IRBProtocol, "the IRB protocol identifier, for example STUDY00012345")
	switch {
	case p.StudyEndDate == "":
		errs.add("studyEndDate", "is required: the planned end of the study as YYYY-MM-DD")
	case !validDate(p.StudyEndDate):
		errs.add("studyEndDate", "%q is not a date as YYYY-MM-DD, for example 2027-06-30", p.StudyEndDate)
	}
	if !p.DataClass.Valid() {
		errs.add("dataClass", "%q is not a data class: use one of %s", p.DataClass, joinClasses())
	}
}

func requireText(errs *ValidationErrors, key, value, what string) {
	switch {
	case strings.TrimSpace(value) == "":
		errs.add(key, "is required: %s", what)
	case len(value) > 256:
		errs.add(key, "has %d characters; use at most 256", len(value))
	}
}

// requireTag checks a value that becomes a tag value: required, at most 256
// characters, and only the characters AWS allows in tags.
func requireTag(errs *ValidationErrors, key, value, what string) {
	requireText(errs, key, value, what)
	if value != "" && !isTagValue(value) {
		errs.add(key, "%q becomes a tag value and may contain only letters, digits, spaces and _ . : / = + - @", value)
	}
}

func validDate(s string) bool {
	if !datePattern.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func joinClasses() string {
	classes := DataClasses()
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

func validateEmails(errs *ValidationErrors, emails []string) {
	if len(emails) == 0 {
		errs.add("alertEmails", "is required: at least one address that receives security alerts")
		return
	}
	seen := map[string]bool{}
	for i, e := range emails {
		key := "alertEmails[" + strconv.Itoa(i) + "]"
		switch {
		case !validEmail(e):
			errs.add(key, "%q is not an e-mail address such as security@example.edu", e)
		case seen[strings.ToLower(e)]:
			errs.add(key, "%q is listed twice; list each address once", e)
		}
		seen[strings.ToLower(e)] = true
	}
}

// validEmail reports whether s is a bare e-mail address with a dotted domain.
func validEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".")
}

// validateRetention checks the retention settings shared by projects and
// the baseline: log retention, audit lock and noncurrent version days.
func validateRetention(errs *ValidationErrors, logDays, lockDays, noncurrentDays int) {
	if !slices.Contains(logRetentionValues(), logDays) {
		errs.add("logRetentionDays", "%d is not a retention CloudWatch Logs accepts: use one of %s", logDays, joinInts(logRetentionValues()))
	} else if logDays < minLogRetentionDays {
		errs.add("logRetentionDays", "%s is too short for audit review: use at least %d", english.Plural(logDays, "day"), minLogRetentionDays)
	}
	if lockDays < 1 || lockDays > 36500 {
		errs.add("auditLockDays", "%d is outside the Object Lock range: use 1 to 36500 days", lockDays)
	}
	if noncurrentDays < 1 || noncurrentDays > 36500 {
		errs.add("noncurrentVersionDays", "%d is outside the range S3 lifecycle accepts: use 1 to 36500 days", noncurrentDays)
	}
}

func joinInts(values []int) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

// parseIPv4Block parses an IPv4 CIDR block in canonical form (no host bits).
// It returns a message naming the fix when the block is not acceptable.
func parseIPv4Block(s string) (netip.Prefix, string) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		return p, "is not a CIDR block such as 10.20.0.0/16"
	case !p.Addr().Is4():
		return p, "is not an IPv4 block: the VPC has no IPv6"
	case p != p.Masked():
		return p, "has host bits set: write it as " + p.Masked().String()
	}
	return p, ""
}
