package reportonly

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func usedAfterPut(s string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	bufPool.Put(buf) // want "buf is put back into bufPool without"
	return buf.String()
}

func returnsAlias(s string) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want "buf is put back into bufPool without"
	buf.WriteString(s)
	return buf.Bytes()
}

func storesAlias(s string) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	out := buf.Bytes()
	bufPool.Put(buf) // want "buf is put back into bufPool without"
	return out
}

func poolSwapped(s string, other *sync.Pool) {
	var p *sync.Pool = &bufPool
	buf := p.Get().(*bytes.Buffer)
	defer p.Put(buf) // want "buf is put back into p without"
	buf.WriteString(s)
	p = other
}

func sameLine(s string, ok bool) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	if ok { bufPool.Put(buf) } // want "buf is put back into bufPool without"
}

func keptInSlice(parts []string) []*bytes.Buffer {
	var kept []*bytes.Buffer
	for _, s := range parts {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.WriteString(s)
		kept = append(kept, buf)
		bufPool.Put(buf) // want "buf is put back into bufPool without"
	}
	return kept
}
