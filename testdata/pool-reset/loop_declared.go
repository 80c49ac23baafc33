package loopdeclared

import (
	"bytes"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Each iteration takes its own buffer: the next iteration's uses are another
// buffer's.
func perItem(w io.Writer, items []string) {
	for _, it := range items {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.WriteString(it)
		w.Write(buf.Bytes())
		bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
	}
}

// An early Put in the loop, the normal one resets: the early one is a finding.
func perItemEarly(w io.Writer, items []string) error {
	for _, it := range items {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.WriteString(it)
		if _, err := w.Write(buf.Bytes()); err != nil {
			bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
			return err
		}
		buf.Reset()
		bufPool.Put(buf)
	}
	return nil
}
