package erroperand

import (
	"fmt"
	"os"
	"strconv"
)

type StatusError struct{ Code int }

func (e *StatusError) Error() string { return "status " + strconv.Itoa(e.Code) }

func fetch(path string) (int, error) {
	if path == "" {
		return 0, &StatusError{Code: 404}
	}
	return 200, nil
}

// The assertion on an error value becomes errors.As, and the error returned
// wraps the caller's error, so errors.Is still finds it.
func code(path string) (int, error) {
	_, err := fetch(path)
	if err == nil {
		return 200, nil
	}
	se := err.(*StatusError) // want "type assertion to \\*StatusError panics"
	return se.Code, nil
}

// Inside an expression the target is declared before the statement.
func exists(path string) (bool, error) {
	_, statErr := os.Stat(path)
	if statErr == nil {
		return true, nil
	}
	return statErr.(*os.PathError).Op == "", nil // want "type assertion to \\*os.PathError panics"
}

// A recovered value is not an error value: the comma-ok form stays.
func recovered(f func()) (err error) {
	defer func() {
		if err := recover(); err != nil {
			e := err.(error) // want "type assertion to error panics"
			fmt.Println(e)
		}
	}()
	f()
	return nil
}
