package localtypes

import (
	"sync"
)

type scratch struct {
	ids  []int
	seen map[int]bool
}

func (s *scratch) Reset() {
	s.ids = s.ids[:0]
	clear(s.seen)
}

type encoder interface {
	Encode(v int)
	Reset()
}

type intEncoder struct{ out []int }

func (e *intEncoder) Encode(v int) { e.out = append(e.out, v) }
func (e *intEncoder) Reset()       { e.out = e.out[:0] }

type withArgs struct{ n int }

func (w *withArgs) Reset(n int) { w.n = n }

type withResult struct{ n int }

func (w *withResult) Reset() error { w.n = 0; return nil }

var scratchPool = sync.Pool{New: func() any { return &scratch{seen: map[int]bool{}} }}

var encoders = sync.Pool{New: func() any { return &intEncoder{} }}

var argsPool, resultPool sync.Pool

func unique(xs []int) int {
	s := scratchPool.Get().(*scratch)
	for _, x := range xs {
		if !s.seen[x] {
			s.seen[x] = true
		}
	}
	n := len(s.seen)
	scratchPool.Put(s) // want "s is put back into scratchPool without"
	return n
}

func encode(xs []int) {
	var e encoder = encoders.Get().(encoder)
	for _, x := range xs {
		e.Encode(x)
	}
	encoders.Put(e) // want "e is put back into encoders without"
}

func leaks(xs []int) []int {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s) // want "s is put back into scratchPool without"
	for _, x := range xs {
		s.ids = append(s.ids, x)
	}
	return s.ids
}

func notNullary() {
	w := argsPool.Get().(*withArgs)
	argsPool.Put(w)
	r := resultPool.Get().(*withResult)
	resultPool.Put(r)
}
