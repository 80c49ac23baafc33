module fixtures.test/old

go 1.15
