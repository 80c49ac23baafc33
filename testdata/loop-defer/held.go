package fixture

import (
	"net"
	"os"
	"testing"
)

type server struct{ ln net.Listener }

func start(t *testing.T) *server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return &server{ln}
}

func (s *server) Close() { s.ln.Close() }

func count() int { return 0 }

// A test holds N servers open until it returns and checks them after the loop:
// closing each at the end of its turn would leave nothing to check.
func TestHoldsServers(t *testing.T) {
	for i := 0; i < 3; i++ {
		s := start(t)
		defer s.Close()
		t.Logf("server %d up", i)
	}
	if n := count(); n != 3 {
		t.Fatalf("want 3 servers, have %d", n)
	}
}

// The bound comes from the test's own configuration: still the test's data.
func TestHoldsConfiguredServers(t *testing.T) {
	servers := 5
	for i := 0; i < servers; i++ {
		s := start(t)
		defer s.Close()
		t.Logf("server %d up", i)
	}
}

// Connect until refused: the held connections are what makes the loop stop.
func TestConnectUntilRefused(t *testing.T) {
	for {
		c, err := net.Dial("tcp", "127.0.0.1:1")
		if err != nil {
			break
		}
		defer c.Close()
		t.Log("connected")
	}
}

// A benchmark's b.N turns are not the test's data: a file per turn piles up.
func BenchmarkOpen(b *testing.B) {
	for i := 0; i < b.N; i++ {
		f, err := os.Open("held.go")
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close() // want "each turn's file f"
		b.Log(f.Name())
	}
}

// Files over the test's own table: held until the test returns, harmlessly.
func TestReadsItsTable(t *testing.T) {
	for _, name := range []string{"held.go", "small.go"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		t.Log(f.Name())
	}
}
