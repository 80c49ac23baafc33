// Package greet renders greetings with pooled buffers.
package greet

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Greeting renders a greeting for name.
func Greeting(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.WriteString("hello, ")
	buf.WriteString(name)
	return buf.String()
}

// Signature renders an e-mail signature.
func Signature(name, team string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString("-- ")
	buf.WriteString(name)
	buf.WriteString(", ")
	buf.WriteString(team)
	s := buf.String()
	bufPool.Put(buf)
	return s
}
