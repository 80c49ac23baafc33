package basic

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

type api struct {
	client *http.Client
	base   string
}

var shared = &http.Client{}

func Status(u string) (int, error) {
	resp, err := http.Get(u) // want "body of resp from http.Get is never closed"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func Copy(u string) error {
	resp, err := shared.Get(u) // want "body of resp from \\(\\*http.Client\\).Get"
	if err != nil {
		return err
	}
	_, err = io.Copy(os.Stdout, resp.Body)
	return err
}

func (a *api) Decode(req *http.Request, v any) error {
	res, err := a.client.Do(req) // want "body of res from \\(\\*http.Client\\).Do"
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return errors.New(res.Status)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

func Default(u string) ([]byte, error) {
	r, e := http.DefaultClient.Head(u) // want "http.DefaultClient.Head"
	if e != nil {
		return nil, e
	}
	return io.ReadAll(r.Body)
}

func Post(u string) (string, error) {
	c := http.Client{}
	resp, err := c.Post(u, "text/plain", strings.NewReader("hi")) // want "\\(\\*http.Client\\).Post"
	if err != nil {
		return "", err
	}
	dec := json.NewDecoder(resp.Body)
	var s string
	err = dec.Decode(&s)
	return s, err
}

func Form(u string, v url.Values) error {
	var resp, err = http.PostForm(u, v) // want "http.PostForm"
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return errors.New("failed")
	}
	return nil
}

func Reassigned(a, b string) (int, error) {
	resp, err := http.Get(a) // want "never closed"
	if err != nil {
		return 0, err
	}
	first := resp.StatusCode
	resp, err = http.Get(b) // want "never closed"
	if err != nil {
		return 0, err
	}
	return first + resp.StatusCode, nil
}

func InGoroutine(u string, codes chan<- int) {
	go func() {
		resp, err := http.Get(u) // want "never closed"
		if err != nil {
			codes <- 0
			return
		}
		codes <- resp.StatusCode
	}()
}
