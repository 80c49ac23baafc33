package negatives

import (
	"bufio"
	"io"
	"net/http"
)

type holder struct {
	resp *http.Response
	body io.ReadCloser
}

var last *http.Response

type fakeClient struct{}

func (fakeClient) Get(string) (*http.Response, error) { return nil, nil }

func Deferred(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func DeferredLiteral(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}()
	return nil
}

func ClosedOnEveryPath(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return b, err
}

func CloseChecked(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	if err := resp.Body.Close(); err != nil {
		return err
	}
	return nil
}

func Returned(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func BodyReturned(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func Stored(h *holder, u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	h.resp = resp
	return nil
}

func BodyStored(h *holder, u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	h.body = resp.Body
	return nil
}

func Global(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	last = resp
}

func Literal(u string) (*holder, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return &holder{resp: resp}, nil
}

func Sent(u string, out chan<- *http.Response) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	out <- resp
}

func WrapperReturned(u string) (*bufio.Scanner, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return bufio.NewScanner(resp.Body), nil
}

func Goroutine(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	go func() {
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
	}()
}

func DeferredHelper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer drain(resp)
	return nil
}

func CloserNamed(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeBody(resp.Body)
}

func Replaced(u string, b io.ReadCloser) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	resp.Body = b
	_ = resp
}

func NotHTTP(c fakeClient, u string) {
	resp, err := c.Get(u)
	if err != nil {
		return
	}
	_ = resp.StatusCode
}

func ExpectFailure(u string, fatalf func(string, ...any)) {
	if resp, err := http.Get(u); err == nil {
		panic(resp.Status)
	}
}

func ClosedPastOddCheck(u string) error {
	resp, err := http.Get(u)
	if err == nil {
		defer resp.Body.Close()
	} else {
		return err
	}
	return nil
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func closeBody(b io.ReadCloser) { b.Close() }

func ExpectFailureNamed(u string, fatalf func(string, ...any)) {
	res, err := http.Get(u)
	if err == nil {
		body, _ := io.ReadAll(res.Body)
		fatalf("unexpected response: %s", body)
		panic("unreachable")
	}
}

func NamedResult(u string) (resp *http.Response, err error) {
	resp, err = http.Get(u)
	if err != nil {
		return
	}
	return
}
