package nn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// TestSnapshots records the weights every 3 epochs of 10, on the tape and
// on the plan, writes and reads them back as JSON, and compares each
// snapshot with a network trained that many epochs, bit for bit (epoch 0
// is the initial network).
func TestSnapshots(t *testing.T) {
	d, _ := Builtin("xor-quadrants", &ToyOptions{N: 30, Seed: 1})
	for _, hidden := range []int{2, 9} { // 9 and 37 parameters
		t.Run(fmt.Sprint(hidden), func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: Dense(Tanh, hidden, 1), Alpha: 0.1, Seed: 6}
			m, _ := New(cfg)
			h := &History{Format: HistoryFormat, Version: HistoryVersion, Every: 3, Snapshots: []Snapshot{NewSnapshot(0, m.Plan())}}
			opts := TrainOptions{Epochs: 10, Shuffle: true, Seed: 2, Every: 3, Snapshot: func(e int, p *Plan) error {
				h.Snapshots = append(h.Snapshots, NewSnapshot(e, p))
				return nil
			}}
			if _, err := m.Train(d, &opts); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteHistory(&buf, h); err != nil {
				t.Fatal(err)
			}
			var back History
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			var epochs []int
			for _, s := range back.Snapshots {
				epochs = append(epochs, s.Epoch)
			}
			if fmt.Sprint(epochs) != "[0 3 6 9 10]" {
				t.Fatalf("epochs %v", epochs)
			}
			for _, s := range back.Snapshots {
				ref, _ := New(cfg)
				if s.Epoch > 0 {
					o := opts
					o.Epochs, o.Snapshot = s.Epoch, nil
					if _, err := ref.Train(d, &o); err != nil {
						t.Fatal(err)
					}
				}
				if want := NewSnapshot(s.Epoch, ref.Plan()); fmt.Sprint(want) != fmt.Sprint(s) {
					t.Errorf("epoch %d: %v, trained %v", s.Epoch, s, want)
				}
			}
		})
	}
}
