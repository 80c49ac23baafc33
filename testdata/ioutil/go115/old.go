package old

import "io/ioutil"

func load(path string) ([]byte, error) {
	return ioutil.ReadFile(path) // want "use os.ReadFile"
}
