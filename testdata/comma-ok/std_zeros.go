package stdzeros

import (
	"io"
	"net/url"
	"time"
)

type remote interface{ Name() string }

func open(x any) (io.ReadCloser, time.Duration, url.URL, remote, error) {
	r := x.(io.ReadCloser) // want "type assertion to io.ReadCloser panics"
	return r, time.Second, url.URL{}, nil, nil
}

type cancelled struct{ err any }

// Err returns the stored error: its error result is a value, not a failure.
func (c *cancelled) Err() error {
	return c.err.(error) // want "type assertion to error panics"
}
