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

type mux struct{}

type stream struct{}

func (m *mux) Open() (*stream, error) { return &stream{}, nil }
func (s *stream) Close() error        { return nil }
func (s *stream) Write(b []byte) int  { return len(b) }

// A method named Open may open anything (a stream held on purpose): no fix.
func sendAll(m *mux, msgs [][]byte) int {
	n := 0
	for _, msg := range msgs {
		s, err := m.Open()
		if err != nil {
			continue
		}
		defer s.Close() // want "each turn's s \\(m.Open\\) is released only when the function returns"
		n += s.Write(msg)
	}
	return n
}
