package fixture

import "net"

// A connection per address: gofixer does not know whether it must stay open
// until the function returns (held on purpose) or not, so it reports it
// without a fix.
func pingAll(addrs []string) int {
	ok := 0
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		defer c.Close() // want "each turn's c \\(net.Dial\\) is released only when the function returns"
		if _, err := c.Write([]byte("ping")); err == nil {
			ok++
		}
	}
	return ok
}

type session struct{}

func (s *session) next() bool { return false }

// A loop with no bound and a deferred call gofixer cannot place: no fix.
func serve(s *session, log func(string)) {
	for s.next() {
		defer log("turn done") // want "the loop has no bound"
		log("turn")
	}
}
