// The plan review of a Go project: golden-file tests of what the stack deploys and of who can
// reach what. The diff of testdata/ in a pull request is the review. `go test ./...` compares;
// `go test ./... -update` rewrites the files when the change is intended.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/jsii-runtime-go"
	epa "github.com/cdktf-entra-private-access/cdktf-entra-private-access-go/entraprivateaccess"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current stack")

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close() // stops the jsii runtime's node process
	os.Exit(code)
}

// withoutMetadata drops cdktf's "//" metadata (construct paths, the cdktf version) at every level.
func withoutMetadata(value interface{}) interface{} {
	switch v := value.(type) {
	case map[string]interface{}:
		out := map[string]interface{}{}
		for key, item := range v {
			if key != "//" {
				out[key] = withoutMetadata(item)
			}
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(v))
		for i, item := range v {
			out[i] = withoutMetadata(item)
		}
		return out
	default:
		return value
	}
}

// golden compares got with testdata/<name>, or rewrites the file with -update.
func golden(t *testing.T, name string, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v: run `go test ./... -update` to write it, and review it", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the stack: review the change, then run `go test ./... -update`\n--- want\n%s\n--- got\n%s", file, want, got)
	}
}

func TestThePlan(t *testing.T) {
	stack := NewSshAdminStack(cdktf.Testing_App(nil), "ssh-admin")
	// Validations run too: a failing access test or an overlap fails the test.
	synthesized := cdktf.Testing_Synth(stack, jsii.Bool(true))
	var plan interface{}
	if err := json.Unmarshal([]byte(*synthesized), &plan); err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	encoder := json.NewEncoder(&text) // keys sorted, and <, > and & kept as they are
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(withoutMetadata(plan)); err != nil {
		t.Fatal(err)
	}
	golden(t, "plan.json", text.String())
}

func TestWhoCanReachWhat(t *testing.T) {
	stack := NewSshAdminStack(cdktf.Testing_App(nil), "ssh-admin")
	cdktf.Testing_Synth(stack, jsii.Bool(true))
	golden(t, "access-review.md", *epa.AccessReview_Of(stack).Markdown())
}
