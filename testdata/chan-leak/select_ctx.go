package selectctx

import (
	"context"
	"errors"
	"time"
)

func slow(name string) string { return name }

// The receiver gives up when the context ends: one goroutine, one send.
func lookup(ctx context.Context, name string) (string, error) {
	ch := make(chan string) // want "send on unbuffered ch .line 15. blocks forever when the select at line 17 takes case <-ctx.Done.. instead"
	go func() {
		ch <- slow(name)
	}()
	select {
	case addr := <-ch:
		return addr, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// A timeout, an explicit zero size, and an error or a result (one of them).
func fetch(name string) (string, error) {
	errc := make(chan error, 0) // want "send on unbuffered errc .line 32. blocks forever when the select at line 38 takes case <-timer"
	res := make(chan string)    // want "send on unbuffered res .line 35. blocks forever when the select at line 38 takes case <-timer"
	go func() {
		defer close(res)
		if name == "" {
			errc <- errors.New("no name")
			return
		}
		res <- slow(name)
	}()
	var timer = time.After(time.Second)
	select {
	case err := <-errc:
		return "", err
	case r := <-res:
		return r, nil
	case <-timer:
		return "", errors.New("timeout")
	}
}

// Two goroutines race; the slower one's send has no receiver.
func first(a, b string) string {
	ch := make(chan string) // want "blocks forever when the function returns at line 54 without receiving"
	go func() { ch <- slow(a) }()
	go func() { ch <- slow(b) }()
	if a == b {
		return a
	}
	return <-ch
}

// A non-blocking receive.
func poll(name string) (string, bool) {
	var ch = make(chan string) // want "takes its default case instead"
	go func() {
		select {
		case ch <- slow(name):
		}
	}()
	time.Sleep(time.Millisecond)
	select {
	case r := <-ch:
		return r, true
	default:
		return "", false
	}
}

// The same name declared again in a sibling block: each is its own channel.
func twice(ctx context.Context, a, b string) (string, string) {
	var x, y string
	{
		ch := make(chan string)
		go func() { ch <- slow(a) }()
		x = <-ch
	}
	{
		ch := make(chan string) // want "send on unbuffered ch .line 86. blocks forever when the select at line 87"
		go func() { ch <- slow(b) }()
		select {
		case y = <-ch:
		case <-ctx.Done():
		}
	}
	return x, y
}

// Closed by the sender after its send: the buffered value still comes first.
func closed(open func() error) error {
	done := make(chan error) // want "send on unbuffered done .line 99. blocks forever when the function returns at line 103"
	go func() {
		done <- open()
		close(done)
	}()
	if err := open(); err != nil {
		return err
	}
	return <-done
}
