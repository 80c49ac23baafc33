package pool

import "testing"

// The test holds every client's connection until it returns and checks the
// count after the loop. Closing each connection at the end of its turn (the old
// loop-defer fix) leaves none open and the test fails.
func TestHoldsConnections(t *testing.T) {
	p := &Pool{}
	clients := 4
	for i := 0; i < clients; i++ {
		c := p.Connect()
		defer c.Close()
		t.Logf("client %d connected", i)
	}
	if got := p.Open(); got != clients {
		t.Fatalf("open connections = %d, want %d", got, clients)
	}
}
