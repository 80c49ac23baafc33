package notreported

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var writers sync.Pool

var gzips sync.Pool

var slices = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}

// resetOnGet: the pool's users reset what they take.
var encoders = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getEncoder() *bytes.Buffer {
	e := encoders.Get().(*bytes.Buffer)
	e.Reset()
	return e
}

func putEncoder(e *bytes.Buffer) {
	encoders.Put(e)
}

func alreadyReset(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	buf.WriteString(name)
	return buf.String()
}

func resetBeforePut(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(name)
	s := buf.String()
	buf.Truncate(0)
	bufPool.Put(buf)
	return s
}

func resetWithArgs(w io.Writer, data []byte) error {
	bw := writers.Get().(*bufio.Writer)
	bw.Reset(w)
	defer writers.Put(bw)
	_, err := bw.Write(data)
	return err
}

func gzipWriter(w io.Writer, data []byte) error {
	zw := gzips.Get().(*gzip.Writer)
	_, err := zw.Write(data)
	zw.Close()
	gzips.Put(zw)
	return err
}

func slice(data []byte) {
	bp := slices.Get().(*[]byte)
	b := append((*bp)[:0], data...)
	*bp = b
	slices.Put(bp)
}

func unknownType(p *sync.Pool) {
	v := p.Get()
	p.Put(v)
}

type notAPool struct{}

func (notAPool) Put(b *bytes.Buffer) {}

func userPut(n notAPool, b *bytes.Buffer) {
	n.Put(b)
}
