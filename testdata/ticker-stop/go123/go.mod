module fixtures.test/tickerstop123

go 1.23
