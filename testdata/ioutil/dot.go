package dot

import (
	. "io/ioutil" // want "io/ioutil is deprecated since Go 1.16 .dot-imported here."
)

func load(path string) ([]byte, error) {
	return ReadFile(path)
}
