package paths

import (
	"bytes"
	"errors"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var errTooLong = errors.New("too long")

// A Put on an early return: the buffer is used later only on the other path.
func early(w io.Writer, s string) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	if len(s) > 10 {
		bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
		return errTooLong
	}
	_, err := w.Write(buf.Bytes())
	bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
	return err
}

// The normal path resets, the error path does not.
func errorPath(r io.Reader) (string, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	if _, err := buf.ReadFrom(r); err != nil {
		bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
		return "", err
	}
	s := buf.String()
	buf.Reset()
	bufPool.Put(buf)
	return s, nil
}

// A deferred Put runs on the early return too.
func deferredEarly(r io.Reader) (int, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
	if _, err := buf.ReadFrom(r); err != nil {
		return 0, err
	}
	n := buf.Len()
	buf.Reset()
	return n, nil
}

// Put back untouched before any use: nothing to reset on that path.
func untouched(w io.Writer, s string) error {
	buf := bufPool.Get().(*bytes.Buffer)
	if s == "" {
		bufPool.Put(buf)
		return nil
	}
	buf.WriteString(s)
	_, err := w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf)
	return err
}

// Reset on every path before the deferred Put runs.
func resetEverywhere(r io.Reader) (int, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	_, err := buf.ReadFrom(r)
	n := buf.Len()
	buf.Reset()
	return n, err
}

// The next iteration writes into the buffer after it went back: no fix.
func loopReuse(w io.Writer, parts []string) {
	buf := bufPool.Get().(*bytes.Buffer)
	for _, p := range parts {
		buf.WriteString(p)
		if buf.Len() > 64 {
			w.Write(buf.Bytes())
			bufPool.Put(buf) // want "buf is put back into bufPool without buf.Reset"
		}
	}
}
