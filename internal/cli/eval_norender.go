//go:build norender

package cli

import (
	"context"
	"errors"
	"time"
)

var errNoRenderer = errors.New("this cgraph was built with -tags norender: --svg and --png are not available (use --dot)")

func renderSVG(context.Context, []byte) ([]byte, error) { return nil, errNoRenderer }

func renderPNG(context.Context, []byte) ([]byte, error) { return nil, errNoRenderer }

func checkLayout([]byte, time.Duration) error { return nil }

var cacheProblem = func() error { return nil }
