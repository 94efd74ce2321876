package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
)

// inventoryHeader are the columns of inventory.csv.
var inventoryHeader = []string{"name", "type", "tags", "encryption", "network", "protect", "urn"}

// Inventory renders every resource of the plan as CSV: logical name, type,
// tags (key=value; sorted), encryption at rest, network placement, the
// protect option and the URN.
func Inventory(p *plan.Plan) ([]byte, error) {
	g := newGraph(p)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(inventoryHeader); err != nil {
		return nil, fmt.Errorf("inventory: %w", err)
	}
	for _, r := range p.Resources {
		row := []string{r.Name, r.Type, tagText(r.Inputs["tags"]), g.encryption(r), g.placement(r),
			fmt.Sprint(r.Options.Protect), r.URN}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("inventory: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("inventory: %w", err)
	}
	return buf.Bytes(), nil
}

// tagText renders tags as "k=v; k=v", sorted by key.
func tagText(v any) string {
	tags, _ := v.(map[string]any)
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, tags[k])
	}
	return strings.Join(parts, "; ")
}

// encryption describes how r is encrypted at rest, for the resources that
// hold data; "" for the others.
func (g graph) encryption(r plan.Resource) string {
	switch r.Type {
	case typeBucket:
		return g.bucketEncryption(r)
	case typeInstance:
		root, _ := r.Inputs["rootBlockDevice"].(map[string]any)
		return "root volume: " + volumeEncryption(root, g.keyName(r, "rootBlockDevice"))
	case typeVolume:
		return volumeEncryption(r.Inputs, g.keyName(r, "kmsKeyId"))
	case typeLogGroup, typeTrail:
		return kmsText(str(r, "kmsKeyId"), g.keyName(r, "kmsKeyId"))
	case typeTopic:
		return kmsText(str(r, "kmsMasterKeyId"), g.keyName(r, "kmsMasterKeyId"))
	case typeKey:
		if r.Inputs["enableKeyRotation"] == true {
			return "customer-managed key, yearly rotation"
		}
		return "customer-managed key, no rotation"
	}
	return ""
}

// bucketEncryption is the default encryption of bucket b.
func (g graph) bucketEncryption(b plan.Resource) string {
	for _, c := range g.referrers(b, typeSSE, "bucket") {
		rules, _ := c.Inputs["rules"].([]any)
		for _, x := range rules {
			rule, _ := x.(map[string]any)
			def, _ := rule["applyServerSideEncryptionByDefault"].(map[string]any)
			switch alg, _ := def["sseAlgorithm"].(string); alg {
			case "AES256":
				return "SSE-S3 (AES256)"
			case "":
			default:
				key, _ := def["kmsMasterKeyId"].(string)
				return "SSE-KMS: " + kmsText(key, g.keyName(c, "rules"))
			}
		}
	}
	return "none"
}

// volumeEncryption describes an EBS volume or block device.
func volumeEncryption(v map[string]any, keyName string) string {
	if v["encrypted"] != true {
		return "unencrypted"
	}
	key, _ := v["kmsKeyId"].(string)
	if key == "" {
		return "KMS: AWS-managed aws/ebs key"
	}
	return kmsText(key, keyName)
}

// kmsText names the key that encrypts a resource.
func kmsText(keyID, keyName string) string {
	switch {
	case keyName != "":
		return "KMS key " + keyName
	case keyID != "":
		return "KMS key " + keyID
	}
	return "none"
}

// placement is where in the network r runs: subnet (public or private),
// else VPC; "" for regional resources.
func (g graph) placement(r plan.Resource) string {
	if s, ok := g.ref(r, "subnetId", typeSubnet); ok {
		return g.subnetText(s)
	}
	if subnets := g.refs(r, "subnetIds", typeSubnet); len(subnets) > 0 {
		parts := make([]string, len(subnets))
		for i, s := range subnets {
			parts[i] = g.subnetText(s)
		}
		return strings.Join(parts, "; ")
	}
	if r.Type == typeSubnet {
		return g.subnetText(r)
	}
	if v, ok := g.ref(r, "vpcId", typeVpc); ok {
		return "VPC " + v.Name + " " + str(v, "cidrBlock")
	}
	return ""
}

// subnetText names a subnet with its block and whether it is public.
func (g graph) subnetText(s plan.Resource) string {
	kind := "private"
	if g.publicSubnet(s) {
		kind = "public"
	}
	return fmt.Sprintf("%s subnet %s %s", kind, s.Name, str(s, "cidrBlock"))
}
