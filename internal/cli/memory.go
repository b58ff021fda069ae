package cli

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// defaultMaxMemory is the memory a command may plan to use unless
// --max-memory says otherwise.
const defaultMaxMemory = 4 << 30

// memoryBudget is the --max-memory flag of the commands that build
// networks: work estimated to need more is refused before it starts, with
// how much it would need (exit 2), rather than ending in Go's unrecoverable
// "fatal error: runtime: out of memory".
type memoryBudget struct{ bytes int64 }

func (m *memoryBudget) addFlag(cmd *cobra.Command) {
	m.bytes = defaultMaxMemory
	cmd.Flags().Var((*byteSize)(&m.bytes), "max-memory",
		"refuse work estimated to need more memory than `SIZE` (e.g. 512MiB, 16GiB)")
}

// fits tells whether need bytes fit the budget. It also makes the budget
// Go's soft memory limit, so that the collector works harder before the
// process outgrows it.
func (m *memoryBudget) fits(need float64) bool {
	debug.SetMemoryLimit(m.bytes)
	return need <= float64(m.bytes)
}

// check refuses what would need more than the budget: what names the work,
// hint says how to make it smaller.
func (m *memoryBudget) check(what string, need float64, hint string) error {
	if m.fits(need) {
		return nil
	}
	return usagef("%s would need about %s of memory, more than --max-memory %s; %s",
		what, formatBytes(need), formatBytes(float64(m.bytes)), hint)
}

// workers returns how many of tasks (each needing per bytes) may run at
// once within the budget, at most want (0: one per core): fewer than asked
// if need be, and an error naming what if even one does not fit.
func (m *memoryBudget) workers(want, tasks int, per float64, what, hint string) (int, error) {
	if err := m.check(what, per, hint); err != nil {
		return 0, err
	}
	if want <= 0 {
		want = runtime.GOMAXPROCS(0)
	}
	n := max(1, min(want, tasks))
	for n > 1 && !m.fits(per*float64(n)) {
		n--
	}
	return n, nil
}

// formatBytes writes a size in binary units: 1.5 GiB.
func formatBytes(b float64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f bytes", b)
	}
	return fmt.Sprintf("%.3g %s", b, units[i])
}

// byteSize is a flag value of bytes written with an optional unit: KiB,
// MiB, GiB, TiB (powers of 1024), KB, MB, GB, TB (powers of 1000), or K,
// M, G, T (as KiB …).
type byteSize int64

var byteUnits = []struct {
	suffix string
	scale  float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40}, {"b", 1},
}

func (b *byteSize) Set(s string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	scale := 1.0
	for _, u := range byteUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, scale = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.scale
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	v *= scale
	if err != nil || !(v >= 1<<20 && v < math.MaxInt64) {
		return fmt.Errorf("%q: want a size from 1MiB, such as 512MiB or 16GiB", s)
	}
	*b = byteSize(v)
	return nil
}

func (b *byteSize) String() string { return formatBytes(float64(*b)) }

func (b *byteSize) Type() string { return "size" }
