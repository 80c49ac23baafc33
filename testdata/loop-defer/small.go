package fixture

import (
	"context"
	"os"
	"time"
)

// A few turns fixed in the code cannot run out of anything.
func tryTwice(ctx context.Context, do func(context.Context) error) error {
	var err error
	for i := 0; i < 2; i++ {
		c, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if err = do(c); err == nil {
			break
		}
	}
	return err
}

func openBoth() {
	for _, name := range []string{"a.txt", "b.txt"} {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		_ = f.Name()
	}
}

func probes(ipv6 bool) {
	names := []string{"v4"}
	if ipv6 {
		names = append(names, "v6")
	}
	for _, n := range names {
		f, err := os.Create(n)
		if err != nil {
			continue
		}
		defer f.Close()
		_ = f.Name()
	}
}

const attempts = 3

func retry() {
	for range attempts {
		t := time.NewTimer(time.Millisecond)
		defer t.Stop()
		<-t.C
	}
}

// A slice of itself is never longer than the table it came from.
func firstProbe(all bool) {
	probes := []string{"a", "b"}
	if !all {
		probes = probes[:1]
	}
	for _, p := range probes {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		_ = f.Name()
	}
}
