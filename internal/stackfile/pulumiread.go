package stackfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"gopkg.in/yaml.v3"
)

// pulumiConfig reads the config of a stack file with the Pulumi SDK's own
// stack-file reader, as `pulumi up` does: the values it passes to the
// program, by key. Secrets are left out (the offline plan refuses them).
func pulumiConfig(data []byte) (map[string]string, error) {
	var ps workspace.ProjectStack
	if err := encoding.YAML.Unmarshal(data, &ps); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ps.Config))
	for k, v := range ps.Config {
		if v.Secure() {
			continue
		}
		s, err := v.Value(config.NopDecrypter)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.String(), err)
		}
		out[k.String()] = s
	}
	return out, nil
}

// pulumiReads is the value of key as Pulumi passes it to the program, when
// that is the value the offline plan reads (value, as written) or one of the
// same meaning (365.0 and 365, False and false, 1e3 and 1000: the plan then
// reads Pulumi's text); otherwise it fails key and reports false. YAML reads
// some unquoted scalars as another value (0365 as the octal number 245,
// 2027-06-30 as a timestamp), and Pulumi passes that value, not the text.
func (p *stackParser) pulumiReads(line int, key string, v *yaml.Node, value string) (string, bool) {
	theirs, ok := p.pulumi[key]
	if !ok || sameValue(v, value, theirs) {
		return value, true
	}
	if v.Kind == yaml.ScalarNode && sameMeaning(value, theirs) {
		return theirs, true
	}
	if v.Kind == yaml.ScalarNode {
		p.fail(line, key, "Pulumi reads the unquoted %s as %q, not as written: write the value in quotes "+
			"(%s: %q) if that is what you mean", v.Value, theirs, key, v.Value)
		return "", false
	}
	p.fail(line, key, "Pulumi passes this value to the program as %s: quote the scalars in it whose text YAML "+
		"reads as another type (a leading 0, a date, an exponent), so that it passes them as written", theirs)
	return "", false
}

// sameMeaning reports whether two scalars are one number (365.0 and 365)
// or one truth value (False and false).
func sameMeaning(a, b string) bool {
	if x, err := strconv.ParseFloat(a, 64); err == nil {
		y, err := strconv.ParseFloat(b, 64)
		return err == nil && x == y
	}
	x, errA := strconv.ParseBool(a)
	y, errB := strconv.ParseBool(b)
	return errA == nil && errB == nil && x == y
}

// sameValue reports whether ours (a scalar as written, a list or map as
// JSON) and theirs (as Pulumi passes it) are one value.
func sameValue(v *yaml.Node, ours, theirs string) bool {
	if ours == theirs || v.Kind == yaml.ScalarNode {
		return ours == theirs
	}
	a, errA := decodeJSON(ours)
	b, errB := decodeJSON(theirs)
	return errA == nil && errB == nil && reflect.DeepEqual(a, b)
}

func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var x any
	err := dec.Decode(&x)
	return x, err
}
