module example.com/heldconnections

go 1.22
