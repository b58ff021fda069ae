//go:build race

package nn

// raceEnabled: the race detector's shadow memory makes the process 5–10
// times larger, so memory measurements mean nothing under it.
const raceEnabled = true
