package fixture

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// A lock taken every turn with the unlock deferred: the second turn deadlocks.
func bump(mu *sync.Mutex, counts map[string]int, keys []string) {
	for _, k := range keys {
		mu.Lock()
		defer mu.Unlock() // want "mu.Unlock waits for the function to return, so the next turn's mu.Lock deadlocks"
		counts[k]++
	}
}

func readAll(mu *sync.RWMutex, keys []string, get func(string) int) int {
	n := 0
	for i := 0; i < 2; i++ {
		mu.RLock()
		defer mu.RUnlock() // want "read locks pile up"
		n += get(keys[i])
	}
	return n
}

// A file per entry of an input of any length.
func totalSize(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "each turn's file f \\(os.Open\\) stays open until the function returns"
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func names(db *sql.DB, ids []int) ([]string, error) {
	var out []string
	for _, id := range ids {
		rows, err := db.Query("SELECT name FROM t WHERE id = ?", id)
		if err != nil {
			return nil, err
		}
		defer rows.Close() // want "each turn's database handle rows"
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}

func fetchAll(c *http.Client, urls <-chan string) int {
	n := 0
	for u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want "each turn's response body resp"
		n++
	}
	return n
}

func poll(ctx context.Context, ready func(context.Context) bool) {
	for !ready(ctx) {
		c, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() // want "each turn's context \\(context.WithTimeout\\) is cancelled only when the function returns"
		<-c.Done()
	}
}

// A handler's parameter named like the resource is not the resource.
func handleAll(c *http.Client, urls []string, handle func(http.HandlerFunc)) {
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want "each turn's response body resp"
		handle(func(resp http.ResponseWriter, req *http.Request) { resp.WriteHeader(200) })
	}
}
