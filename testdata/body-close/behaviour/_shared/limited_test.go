package behaviour

// Shared by every body-close behaviour case (the test harness copies this
// folder into each case).

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// limitedClient talks to a server that answers every request with a small
// body, through a transport allowed one connection to the host: a response
// whose body is never closed keeps that connection, and the next request to the
// host waits for it for good.
func limitedClient(t *testing.T) (*http.Client, string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello, this body is never read by the caller"))
	}))
	transport := &http.Transport{MaxConnsPerHost: 1}
	t.Cleanup(func() {
		// Frees a request still waiting for the connection, so it returns.
		srv.CloseClientConnections()
		transport.CloseIdleConnections()
		srv.Close()
	})
	return &http.Client{Transport: transport}, srv.URL
}

// returns runs f and says whether it returned. A request waiting for a
// connection that is never given back waits forever; the bound only keeps the
// test from hanging with it (the requests themselves take milliseconds).
func returns(f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}
