package postgres

// writerState is the group-commit writer's state (to be filled by the port of
// survey/sqlite/response.go).
type writerState struct{}
