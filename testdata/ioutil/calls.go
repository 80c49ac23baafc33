package calls

import (
	"bytes"
	"fmt"
	"io/ioutil"
	"strings"
)

func load(path string) ([]byte, error) {
	return ioutil.ReadFile(path) // want "ioutil.ReadFile is deprecated since Go 1.16: use os.ReadFile"
}

func save(path string, data []byte) error {
	return ioutil.WriteFile(path, data, 0o644) // want "use os.WriteFile"
}

func body(r *strings.Reader) (string, error) {
	b, err := ioutil.ReadAll(ioutil.NopCloser(r)) // want "use io.ReadAll" "use io.NopCloser"
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func scratch() (string, error) {
	dir, err := ioutil.TempDir("", "scratch") // want "use os.MkdirTemp"
	if err != nil {
		return "", err
	}
	f, err := ioutil.TempFile(dir, "x-*.txt") // want "use os.CreateTemp"
	if err != nil {
		return "", err
	}
	defer f.Close()
	fmt.Fprintln(ioutil.Discard, "ignored") // want "use io.Discard"
	return f.Name(), nil
}

// Used as values, not called: the replacements have the same types.
var (
	readFile = ioutil.ReadFile // want "use os.ReadFile"
	sink     = ioutil.Discard  // want "use io.Discard"
	stdout   = "-"             // a neighbour whose comment moves too
)

func use() {
	_, _ = readFile(stdout)
	_, _ = sink.Write(bytes.NewBufferString("x").Bytes())
}
