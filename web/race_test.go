//go:build race

package web

// raceEnabled: the race detector keeps shadow memory beside the heap (up
// to several times its size), so RSS bounds do not apply under -race.
const raceEnabled = true
