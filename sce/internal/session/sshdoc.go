package session

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// sshDocumentRole names the project's SSH session document:
// "<pit>-ssh-session".
const sshDocumentRole = "ssh-session"

// SSHPort is the only port of a worker a researcher's session can reach:
// sshd's.
const SSHPort = "22"

// SSHDocumentName is the name of the project's SSH session document,
// "<pit>-ssh-session": the document the researchers' policy allows and their
// ProxyCommand names. Every use of the name is derived here.
func SSHDocumentName(n naming.Namer) string { return n.Logical(sshDocumentRole) }

// SSHDocumentContent is the project's SSH session document: a Port session
// to the instance's port 22 only. It replaces AWS-StartSSHSession, whose
// portNumber parameter accepts any port (so a researcher allowed to use it
// could tunnel to any localhost service of any project worker, past sshd).
// The parameter stays, so that ssh's ProxyCommand can still pass
// portNumber=%p, but its pattern admits 22 alone.
//
// Its inputs are its sessions' preferences: Session Manager applies a
// document's own inputs to the sessions started with it, not those of
// another document (the project's preferences document or the account's
// SSM-SessionManagerRunShell). So the session's data channel is encrypted
// with the project key keyArn, on top of TLS (the researchers' client
// generates the data key, the instance decrypts it, each only with the
// session's encryption context), and an idle session ends after
// IdleTimeoutMinutes. The encryption flags the schema requires are set;
// the document names no log destination, as Session Manager logs no port
// session (ssh encrypts what passes anyway).
func SSHDocumentContent(keyArn string) (string, error) {
	inputs := encryptedInputs(keyArn)
	inputs["cloudWatchStreamingEnabled"] = false
	return documentJSON("ssh session document", map[string]any{
		"schemaVersion": "1.0",
		"description":   "sce: SSH to the instance's port 22 only, through Session Manager",
		"sessionType":   "Port",
		"inputs":        inputs,
		"parameters": map[string]any{
			"portNumber": map[string]any{
				"type":           "String",
				"description":    "Port of the SSH server on the instance: 22, the only port this document reaches",
				"allowedPattern": "^" + SSHPort + "$",
				"default":        SSHPort,
			},
		},
		"properties": map[string]any{"portNumber": "{{ portNumber }}"},
	})
}

// sshDocument creates the project's SSH session document, its sessions
// encrypted with the project key keyArn.
func sshDocument(s scope.Scope, keyArn pulumi.StringOutput) (*ssm.Document, error) {
	content := keyArn.ApplyT(SSHDocumentContent).(pulumi.StringOutput)
	doc, err := sessionDocument(s, SSHDocumentName(s.Names), content)
	if err != nil {
		return nil, fmt.Errorf("ssh session document: %w", err)
	}
	return doc, nil
}

// sessionDocument creates the Session document name, in JSON, with
// content: the project's preferences and its SSH document are both one.
func sessionDocument(s scope.Scope, name string, content pulumi.StringInput) (*ssm.Document, error) {
	return ssm.NewDocument(s.Ctx, name, &ssm.DocumentArgs{
		Name: pulumi.String(name), DocumentType: pulumi.String("Session"), DocumentFormat: pulumi.String("JSON"),
		Content: content, Tags: s.Tags(name),
	}, s.Opts()...)
}
