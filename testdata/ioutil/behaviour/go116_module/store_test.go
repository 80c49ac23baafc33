package store

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	dir, file, err := Scratch()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if !strings.HasPrefix(filepath.Base(file), "blob-") {
		t.Fatalf("temp file %q", file)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Put(dir, "a", []byte("alpha")); err != nil {
		t.Fatal(err)
	}
	got, err := Get(dir, "a")
	if err != nil || string(got) != "alpha" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	names, err := Names(dir)
	if err != nil || !reflect.DeepEqual(names, []string{"a", filepath.Base(file)}) {
		t.Fatalf("Names = %v, %v", names, err)
	}
	if n, err := Drain(strings.NewReader("12345")); n != 5 || err != nil {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	if s, err := Slurp("xyz"); s != "xyz" || err != nil {
		t.Fatalf("Slurp = %q, %v", s, err)
	}
}

// The package keeps to APIs that are not deprecated.
func TestNoDeprecatedImports(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "store.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "io/ioutil" {
			t.Errorf("store.go imports io/ioutil, deprecated since Go 1.16")
		}
	}
}
