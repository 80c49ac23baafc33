package loops

import (
	"errors"
	"io"
	"net/http"
)

func Count(urls []string) int {
	n := 0
	for _, u := range urls {
		resp, err := http.DefaultClient.Get(u) // want "never closed"
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			break
		}
		n++
	}
	return n
}

func FirstOK(c *http.Client, urls []string) (string, error) {
	for _, u := range urls {
		resp, err := c.Get(u) // want "never closed"
		if err != nil {
			return "", err
		}
		if resp.StatusCode == http.StatusOK {
			return u, nil
		}
	}
	return "", errors.New("none")
}

func Bodies(urls []string) ([][]byte, error) {
	var out [][]byte
	for _, u := range urls {
		resp, err := http.Get(u) // want "never closed"
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func ReturnReads(urls []string) ([]byte, error) {
	for _, u := range urls {
		resp, err := http.Get(u) // want "never closed"
		if err != nil {
			continue
		}
		return io.ReadAll(resp.Body)
	}
	return nil, nil
}

func DeclaredOutside(urls []string) int {
	var resp *http.Response
	var err error
	n := 0
	for _, u := range urls {
		resp, err = http.Get(u) // want "never closed"
		if err != nil {
			continue
		}
		n += resp.StatusCode
	}
	return n
}

func Shadowed(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want "never closed"
		if err != nil {
			continue
		}
		if resp.StatusCode != 200 {
			resp, err := http.Get(u + "?retry")
			if err == nil {
				defer resp.Body.Close()
			}
			return
		}
	}
}

func Retry(u string, n int) (*http.Response, error) {
	for i := 0; i < n; i++ {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			return resp, nil
		}
	}
	return nil, errors.New("gave up")
}
