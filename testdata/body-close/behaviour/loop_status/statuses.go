package behaviour

import "net/http"

// Statuses asks each url for its status code, giving up at the first error
// and skipping the rest after a server error.
func Statuses(c *http.Client, urls []string) ([]int, error) {
	var codes []int
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			return codes, err
		}
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode >= 500 {
			break
		}
	}
	return codes, nil
}
