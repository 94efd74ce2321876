package english

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"sce:vpcCidr", "sce:vpcCidr", 0},
		{"sce:vpcCdir", "sce:vpcCidr", 2},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, editDistance(tt.a, tt.b), "%s/%s", tt.a, tt.b)
	}
}

func TestClosest(t *testing.T) {
	known := []string{"aws:region", "sce:pit", "sce:vpcCidr", "sce:owner"}
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"sce:vpcCdir", "sce:vpcCidr", true},
		{"sce:VPCCIDR", "sce:vpcCidr", true},
		{"aws:regoin", "aws:region", true},
		{"sce:colour", "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.key, known)
		assert.Equal(t, tt.want, got, tt.key)
		assert.Equal(t, tt.ok, ok, tt.key)
	}
}
