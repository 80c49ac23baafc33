package notfixed

import (
	"fmt"
	"io"
	"log"
	"net/http"
)

func NoCheck(u string) int {
	resp, _ := http.Get(u) // want "never closed"
	return resp.StatusCode
}

func CheckedLater(u string) (int, error) {
	resp, err := http.Get(u) // want "never closed"
	log.Printf("fetched %s", u)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func OddCheck(u string) (int, error) {
	resp, err := http.Get(u) // want "never closed"
	if err != nil || resp.StatusCode != 200 {
		return 0, fmt.Errorf("failed: %v", err)
	}
	return resp.StatusCode, nil
}

func Unknown(u string) error {
	resp, err := http.Get(u) // want "never closed"
	if err != nil {
		return err
	}
	return process(resp)
}

func UnknownBody(u string) error {
	resp, err := http.Get(u) // want "never closed"
	if err != nil {
		return err
	}
	return consume(resp.Body)
}

func Header(u string) int {
	if resp, err := http.Get(u); err == nil { // want "never closed"
		return resp.StatusCode
	}
	return 0
}

func Goto(u string, n int) error {
	resp, err := http.Get(u) // want "never closed"
	if err != nil {
		return err
	}
	i := 0
again:
	i++
	if i < n {
		goto again
	}
	return fmt.Errorf("status %d", resp.StatusCode)
}

func process(*http.Response) error { return nil }

func consume(r io.Reader) error { return nil }
