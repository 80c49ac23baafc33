module fixtures.test/ioutil

go 1.16
