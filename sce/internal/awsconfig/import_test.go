package awsconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestImportCommands(t *testing.T) {
	assert.Equal(t, []string{
		"pulumi import -s account --parent 'baseline=urn:pulumi:account::sce::sce:index:Baseline::account' aws:cfg/recorder:Recorder account-config-recorder default",
		"pulumi import -s account --parent 'baseline=urn:pulumi:account::sce::sce:index:Baseline::account' aws:cfg/deliveryChannel:DeliveryChannel account-config-delivery-channel default",
		"pulumi import -s account --parent 'baseline=urn:pulumi:account::sce::sce:index:Baseline::account' aws:cfg/recorderStatus:RecorderStatus account-config-recorder-status default",
	}, ImportCommands("account", "sce", "sce:index:Baseline", "account"))
}
