module behaviour.test

go 1.23
