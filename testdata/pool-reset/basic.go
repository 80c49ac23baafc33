package basic

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var builders = &sync.Pool{New: func() any { return &strings.Builder{} }}

func render(w io.Writer, name string) error {
	buf := bufPool.Get().(*bytes.Buffer)
	fmt.Fprintf(buf, "hello %s\n", name)
	_, err := w.Write(buf.Bytes())
	bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset..; the next Get"
	return err
}

func deferred(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want "buf is put back into bufPool without"
	buf.WriteString(name)
	return buf.String()
}

func join(parts []string) string {
	var sb *strings.Builder = builders.Get().(*strings.Builder)
	for _, p := range parts {
		sb.WriteString(p)
	}
	s := sb.String()
	builders.Put(sb) // want "sb is put back into builders without"
	return s
}

type hasher struct {
	pool sync.Pool
}

func (h *hasher) sum(data []byte) []byte {
	d := h.pool.Get().(hash.Hash)
	d.Write(data)
	out := d.Sum(nil)
	h.pool.Put(d) // want "d is put back into h.pool without"
	return out
}

func putBuffer(p *sync.Pool, b *bytes.Buffer) {
	if b.Cap() > 1<<16 {
		return
	}
	p.Put(b) // want "b is put back into p without"
}

func newHasher() *hasher {
	return &hasher{pool: sync.Pool{New: func() any { return sha256.New() }}}
}
