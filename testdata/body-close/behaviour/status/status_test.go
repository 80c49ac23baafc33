package behaviour

import "testing"

func TestSecondRequestGetsTheConnection(t *testing.T) {
	c, url := limitedClient(t)
	for i := 1; i <= 2; i++ {
		var code int
		var err error
		if !returns(func() { code, err = Status(c, url) }) {
			t.Fatalf("request %d never got a connection: an earlier response still holds the only one", i)
		}
		if err != nil || code != 200 {
			t.Fatalf("request %d: status %d, error %v", i, code, err)
		}
	}
}
