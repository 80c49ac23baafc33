package main

import (
	"fmt"
	"time"
)

func main() {
	for now := range time.Tick(time.Second) {
		if now.Second() == 0 {
			break
		}
		fmt.Println(now)
	}
}
