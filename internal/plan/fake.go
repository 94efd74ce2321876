package plan

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Account is the placeholder AWS account ID of every offline plan.
const Account = "123456789012"

// fake is one resource being faked by the mocks: its identity, its inputs
// and the deterministic helpers the type table (mocks.go) uses. Every
// derived value is a hash of the URN and a salt, so it is stable across runs
// and distinct between resources.
type fake struct {
	urn, name, region string
	inputs            resource.PropertyMap
	// physical is the physical name (see typeMock.nameKey); id is the provider ID.
	physical, id string
	// lookup finds the outputs of an already registered resource by its ID.
	lookup func(id string) (resource.PropertyMap, bool)
}

func (f *fake) sum(salt string) [32]byte { return sha256.Sum256([]byte(f.urn + "#" + salt)) }

// hex returns n lowercase hex digits (n <= 64).
func (f *fake) hex(salt string, n int) string {
	s := f.sum(salt)
	return hex.EncodeToString(s[:])[:n]
}

// ec2ID is an EC2-style ID: prefix and 17 hex digits, like vpc-0a1b2c3d4e5f67890.
func (f *fake) ec2ID(prefix string) string { return prefix + f.hex(prefix, 17) }

// uuid is a UUID-shaped (version 4 layout) identifier.
func (f *fake) uuid(salt string) string {
	h := f.hex(salt, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// number is a deterministic number in [0, n).
func (f *fake) number(salt string, n uint64) uint64 {
	s := f.sum(salt)
	return binary.BigEndian.Uint64(s[:8]) % n
}

// upper is n characters of upper-case letters and digits, as in IAM unique IDs.
func (f *fake) upper(salt string, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	s := f.sum(salt)
	out := make([]byte, n)
	for i := range out {
		out[i] = alphabet[int(s[i%len(s)]+byte(i/len(s)))%len(alphabet)]
	}
	return string(out)
}

// publicIP is an address from 203.0.113.0/24 (TEST-NET-3, never routed).
func (f *fake) publicIP(salt string) string {
	return fmt.Sprintf("203.0.113.%d", 1+f.number(salt, 254))
}

// privateIP is an address inside the subnet named by the subnetId input when
// that subnet is in the plan, else a deterministic 10.x address.
func (f *fake) privateIP() string {
	if prefix, ok := f.subnetPrefix(); ok && prefix.Addr().Is4() && prefix.Bits() <= 28 {
		size := uint64(1) << (32 - prefix.Bits())
		// AWS reserves the first four and the last address of a subnet.
		host := 4 + f.number("privateIp", size-5)
		base := binary.BigEndian.Uint32(prefix.Masked().Addr().AsSlice())
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], base+uint32(host))
		return netip.AddrFrom4(b).String()
	}
	return fmt.Sprintf("10.%d.%d.%d", f.number("ip1", 256), f.number("ip2", 256), 4+f.number("ip3", 250))
}

func (f *fake) subnetPrefix() (netip.Prefix, bool) {
	if f.lookup == nil {
		return netip.Prefix{}, false
	}
	subnet, ok := f.lookup(f.str("subnetId"))
	if !ok {
		return netip.Prefix{}, false
	}
	v := subnet["cidrBlock"]
	if !v.IsString() {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(v.StringValue())
	return p, err == nil
}

// str returns the string input key ("" when absent or not a string); a
// secret string is unwrapped.
func (f *fake) str(key string) string {
	v := f.inputs[resource.PropertyKey(key)]
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// arn is a regional ARN in the placeholder account.
func (f *fake) arn(service, res string) string {
	return "arn:aws:" + service + ":" + f.region + ":" + Account + ":" + res
}

// iamARN is a global IAM ARN, path included ("/" when the path input is empty).
func (f *fake) iamARN(kind string) string {
	path := f.str("path")
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + Account + ":" + kind + path + f.physical
}

// hostIP renders an IPv4 address as an EC2 host name part: 10.1.2.3 -> ip-10-1-2-3.
func hostIP(ip string) string { return strings.ReplaceAll(ip, ".", "-") }
