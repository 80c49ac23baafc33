package traps

import (
	"io"
	"io/ioutil"
)

// Not fixed: io.Discard is another variable.
func silence(w io.Writer) {
	ioutil.Discard = w // want "ioutil.Discard is deprecated"
}

// Not reported: a local named ioutil, and names ioutil does not have.
type fake struct{ ReadFile func(string) ([]byte, error) }

func local() {
	ioutil := fake{}
	_, _ = ioutil.ReadFile("x")
}

func blankOnly() {
	_ = io.EOF
}
