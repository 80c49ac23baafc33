package basicvalues

import (
	"sync"
)

// Values of basic types read from the pooled object (lengths, counts,
// strings, sums, comparisons) share no memory with it: they may outlive the
// Put, and the reset is still safe.
type batch struct {
	ids   []int
	name  string
	count int
}

func (b *batch) Reset() {
	b.ids = b.ids[:0]
	b.name = ""
	b.count = 0
}

func (b *batch) Len() int { return len(b.ids) }

func (b *batch) IDs() []int { return b.ids }

var batches = sync.Pool{New: func() any { return new(batch) }}

func size(xs []int) int {
	s := batches.Get().(*batch)
	s.ids = append(s.ids, xs...)
	n := len(s.ids)
	batches.Put(s) // want "s is put back into batches without s.Reset"
	return n
}

func summary(xs []int, name string) (int, string, bool) {
	s := batches.Get().(*batch)
	s.ids = append(s.ids, xs...)
	s.name = name
	s.count++
	n := s.Len() + 1
	label := s.name
	big := s.count > 10 || cap(s.ids) > 64
	neg := -s.count
	batches.Put(s) // want "s is put back into batches without s.Reset"
	return n + neg, label, big
}

// A slice read from the object still shares its memory: no fix.
func kept(xs []int) []int {
	s := batches.Get().(*batch)
	s.ids = append(s.ids, xs...)
	ids := s.IDs()
	batches.Put(s) // want "s is put back into batches without s.Reset"
	return ids
}
