// Package status turns a lookup's error into an HTTP-like status code.
package status

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrEmpty is what lookup returns for an empty key: not a StatusError.
var ErrEmpty = errors.New("empty key")

type StatusError struct{ Code int }

func (e *StatusError) Error() string { return "status " + strconv.Itoa(e.Code) }

func lookup(key string) error {
	switch key {
	case "":
		return ErrEmpty
	case "missing":
		return fmt.Errorf("lookup %q: %w", key, &StatusError{Code: 404})
	case "gone":
		return &StatusError{Code: 410}
	}
	return nil
}

// Code is the status of key: 200 when the lookup succeeds, else the code the
// lookup's StatusError carries.
func Code(key string) (int, error) {
	err := lookup(key)
	if err == nil {
		return 200, nil
	}
	se := err.(*StatusError)
	return se.Code, nil
}
