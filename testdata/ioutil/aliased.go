package aliased

import (
	stdio "io"
	iu "io/ioutil"
	"strings"
)

func copyAll(w stdio.Writer, r stdio.Reader) error {
	b, err := iu.ReadAll(r) // want "iu.ReadAll is deprecated since Go 1.16: use io.ReadAll"
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// A local named os: the package is imported under a free name.
func write(os string) error {
	return iu.WriteFile(os, []byte(strings.ToUpper(os)), 0o600) // want "use os.WriteFile"
}
