package postgres

// listenState is the LISTEN/NOTIFY listener's state (to be filled).
type listenState struct{}
