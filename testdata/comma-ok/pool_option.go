// fixture-options: {"include-pool-get": true}
package pooloption

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(s string) (string, error) {
	b := bufPool.Get().(*bytes.Buffer) // want "type assertion to \\*bytes.Buffer panics"
	defer bufPool.Put(b)
	b.Reset()
	b.WriteString(s)
	return b.String(), nil
}
