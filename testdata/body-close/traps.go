package traps

import (
	"context"
	nethttp "net/http"
)

type service struct {
	http *nethttp.Client
}

type fakeHTTP struct{}

func (fakeHTTP) Get(string) (*nethttp.Response, error) { return nil, nil }

func Aliased(u string) (int, error) {
	resp, err := nethttp.Get(u) // want "never closed"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func ShadowedPackage(u string) int {
	nethttp := fakeHTTP{}
	resp, err := nethttp.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func FieldNamedHTTP(s *service, ctx context.Context, u string) (int, error) {
	req, err := nethttp.NewRequestWithContext(ctx, nethttp.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := s.http.Do(req) // want "never closed"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func Discarded(u string) error {
	_, err := nethttp.Get(u) // want "is discarded"
	return err
}

func CheckFatal(u string, t interface{ Fatal(...any) }) int {
	resp, err := nethttp.Head(u) // want "never closed"
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func CommentBetween(u string) int {
	resp, err := nethttp.Get(u) // want "never closed"
	// the server may be down
	if err != nil {
		panic(err)
	}
	return resp.StatusCode
}

func ExpectedFailure(u string, t interface{ Fatal(...any) }) {
	_, err := nethttp.Get(u)
	if err == nil {
		t.Fatal("want an error")
	}
	_, err = nethttp.Get(u)
	assertError(t, err)
}

func assertError(t interface{ Fatal(...any) }, err error) {
	if err == nil {
		t.Fatal("want an error")
	}
}
