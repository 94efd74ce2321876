// Package omop_test checks that the OMOP proof of concept's request and the
// stack file this repository ships for it (stacks/Pulumi.omop.yaml) say the
// same thing.
package omop_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/internal/request"
)

// stackFile is the part of stacks/Pulumi.omop.yaml a request decides.
type stackFile struct {
	Config struct {
		Title       string   `yaml:"sce:title"`
		PI          string   `yaml:"sce:principalInvestigator"`
		Owner       string   `yaml:"sce:owner"`
		IRB         string   `yaml:"sce:irbProtocol"`
		StudyEnd    string   `yaml:"sce:studyEndDate"`
		DataClass   string   `yaml:"sce:dataClass"`
		SSHCidrs    []string `yaml:"sce:allowedSshCidrs"`
		Researchers []struct {
			Username  string `yaml:"username"`
			Admin     bool   `yaml:"admin"`
			PublicKey string `yaml:"publicKey"`
		} `yaml:"sce:researchers"`
		Workers struct {
			Count        int    `yaml:"count"`
			InstanceType string `yaml:"instanceType"`
			SizeGiB      int    `yaml:"dataVolumeSizeGiB"`
		} `yaml:"sce:workers"`
		Budget struct {
			MonthlyUSD float64 `yaml:"monthlyUsd"`
		} `yaml:"sce:budget"`
	} `yaml:"config"`
}

func TestRequestMatchesTheShippedStack(t *testing.T) {
	req, err := request.Load("omop-request.yaml")
	require.NoError(t, err)
	b, err := os.ReadFile("../../stacks/Pulumi.omop.yaml")
	require.NoError(t, err)
	var st stackFile
	require.NoError(t, yaml.Unmarshal(b, &st))
	c := st.Config

	assert.Equal(t, c.Title, req.Title)
	assert.Equal(t, c.PI, req.PI.Name)
	assert.Equal(t, c.Owner, req.PI.Email)
	assert.Equal(t, c.IRB, req.IRB.Protocol)
	assert.Equal(t, c.StudyEnd, req.StudyEnd.Format("2006-01-02"))
	assert.Equal(t, c.DataClass, req.DataClass)
	assert.Equal(t, c.SSHCidrs, req.AllowedClientCIDRs)
	assert.Equal(t, c.Budget.MonthlyUSD, req.MonthlyBudgetUSD)
	assert.Equal(t, [3]any{c.Workers.Count, c.Workers.InstanceType, c.Workers.SizeGiB},
		[3]any{req.Workers.Count, req.Workers.InstanceType, req.Workers.DataVolumeSizeGiB})
	require.Len(t, req.Researchers, len(c.Researchers))
	for i, r := range c.Researchers {
		assert.Equal(t, [3]any{r.Username, r.Admin, r.PublicKey},
			[3]any{req.Researchers[i].Username, req.Researchers[i].Admin, req.Researchers[i].SSHPublicKey})
	}
}
