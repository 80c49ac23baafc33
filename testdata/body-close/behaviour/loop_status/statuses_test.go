package behaviour

import "testing"

func TestEveryRequestInTheLoopGetsTheConnection(t *testing.T) {
	c, url := limitedClient(t)
	var codes []int
	var err error
	if !returns(func() { codes, err = Statuses(c, []string{url + "/a", url + "/b", url + "/c"}) }) {
		t.Fatal("a request never got a connection: an earlier response still holds the only one")
	}
	if err != nil || len(codes) != 3 {
		t.Fatalf("codes %v, error %v; want three codes", codes, err)
	}
}
