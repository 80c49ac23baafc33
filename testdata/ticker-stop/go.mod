module fixtures.test/tickerstop

go 1.22
