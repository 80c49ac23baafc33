package negatives

import (
	"bytes"
	"fmt"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var frames = sync.Pool{New: func() any { b := make([]byte, 9); return &b }}

type server struct {
	buffers sync.Pool
	scratch *sync.Pool
}

func newServer() *server {
	s := &server{}
	s.scratch = &sync.Pool{New: func() any { return new(bytes.Buffer) }}
	return s
}

func commaOk(x any, m map[string]any) (int, error) {
	n, ok := x.(int)
	if !ok {
		return 0, nil
	}
	var s, ok2 = m["s"].(string)
	_, _ = s, ok2
	_, ok = x.(string)
	if v, ok := x.(int); ok {
		n += v
	}
	var f float64
	f, ok = (x).(float64)
	_ = f
	return n, nil
}

func typeSwitches(x any) (string, error) {
	switch v := x.(type) {
	case string:
		return v, nil
	}
	switch x.(type) {
	case int:
		return "int", nil
	}
	return "", nil
}

func pools(s *server) error {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b)
	c := s.buffers.Get().(*bytes.Buffer)
	s.buffers.Put(c)
	f := frames.Get().(*[]byte)
	frames.Put(f)
	d := s.scratch.Get().(*bytes.Buffer)
	s.scratch.Put(d)
	return nil
}

// A value taken from the pool in a statement of its own is the pool's too.
func pooledValue() error {
	if v := bufPool.Get(); v != nil {
		b := v.(*bytes.Buffer)
		bufPool.Put(b)
	}
	v := frames.Get()
	f := v.(*[]byte)
	frames.Put(f)
	return nil
}

// A function that turns panics into errors on purpose recovers this one too,
// in func literals it calls as well.
func parsePort(v any) (port int, err error) {
	defer recoverInto(&err)
	apply := func(f func()) { f() }
	apply(func() { port = v.(int) })
	return v.(int), nil
}

func recoverInto(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("bad value: %v", r)
	}
}

func inline(v any) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return v.(string)
}
