package crossfile

import (
	"bytes"
	"sync"
)

var statePool sync.Pool

// newState resets what it takes from the pool, so a Put elsewhere in the
// package (crossfile_put.go) need not: no finding there.
func newState() *bytes.Buffer {
	if v := statePool.Get(); v != nil {
		b := v.(*bytes.Buffer)
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}
