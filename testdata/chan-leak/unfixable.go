package unfixable

import (
	"context"
	"fmt"
)

func work(i int) int { return i }

// Sends in a loop: how many is not known.
func gather(ctx context.Context, n int) []int {
	ch := make(chan int) // want "blocks forever" 
	go func() {
		for i := 0; i < n; i++ {
			ch <- work(i)
		}
	}()
	var out []int
	for range n {
		select {
		case v := <-ch:
			out = append(out, v)
		case <-ctx.Done():
			return out
		}
	}
	return out
}

// Goroutines started in a loop.
func fan(ctx context.Context, items []int) int {
	ch := make(chan int) // want "blocks forever"
	for _, it := range items {
		go func() { ch <- work(it) }()
	}
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Handed to another function.
func producer(ch chan<- int) { ch <- work(1) }

func handed(ctx context.Context) int {
	ch := make(chan int) // want "blocks forever"
	go producer(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The goroutine goes on after its send.
func chatty(ctx context.Context) int {
	ch := make(chan int) // want "blocks forever"
	go func() {
		ch <- work(2)
		fmt.Println("sent")
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Stored elsewhere.
type holder struct{ ch chan int }

func stored(ctx context.Context, h *holder) int {
	ch := make(chan int) // want "blocks forever"
	h.ch = ch
	go func() { ch <- work(3) }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
