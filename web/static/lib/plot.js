// Pure helpers of the page's charts: the line styles, the axes' ticks, and
// the decision boundary's smooth colouring and 0.5 contour. No DOM here.

// COLORS are ten colours told apart by most colour-blind readers too
// (Tableau 10); a line's style is the next colour, and only after all ten
// the next dash, so no two of the first 40 lines share colour and dash.
export const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
  "#17becf", "#e377c2", "#8c564b", "#7f7f7f", "#bcbd22"];
export const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

export function lineStyle(i) {
  return { color: COLORS[i % COLORS.length], dash: DASHES[Math.floor(i / COLORS.length) % DASHES.length] };
}

// wantsLog reports whether positive values span more than 10×, where a
// linear axis squashes the curve into an "L".
export function wantsLog(values) {
  let lo = Infinity, hi = 0;
  for (const v of values) if (v > 0 && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return hi > 0 && hi / lo > 10;
}

// niceTicks returns round tick values covering [lo, hi], about n of them.
export function niceTicks(lo, hi, n = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map(f => f * mag).find(s => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

// logTicks returns the exponents k of the powers 10^k within [lo, hi]
// (both log10), every k-th one so that at most n are labelled: 1e-3,
// 1e-2, … alike.
export function logTicks(lo, hi, n = 6) {
  const a = Math.ceil(lo - 1e-9), b = Math.floor(hi + 1e-9);
  const every = Math.max(1, Math.ceil((b - a + 1) / n));
  const out = [];
  for (let k = a; k <= b; k++) if ((k - a) % every === 0) out.push(k);
  if (!out.length) out.push(Math.round((lo + hi) / 2));
  return out;
}

// tickLabel writes 10^k as 1e-3 … 1000 like the CLI's plots.
export function tickLabel(v, log) {
  if (log) return v >= 0 && v <= 3 ? String(10 ** v) : "1e" + v;
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(0) : String(+v.toPrecision(3));
}

// bilinear samples the grid (n×n values, row by row from the bottom, each
// row from the left) at u, v in [0, 1]: a smooth surface instead of
// n×n blocks.
export function bilinear(values, n, u, v) {
  const x = Math.min(Math.max(u * (n - 1), 0), n - 1), y = Math.min(Math.max(v * (n - 1), 0), n - 1);
  const i = Math.min(Math.floor(x), n - 2), j = Math.min(Math.floor(y), n - 2);
  const fx = x - i, fy = y - j, at = (c, r) => values[r * n + c];
  const bottom = at(i, j) * (1 - fx) + at(i + 1, j) * fx;
  const top = at(i, j + 1) * (1 - fx) + at(i + 1, j + 1) * fx;
  return bottom * (1 - fy) + top * fy;
}

// contour returns the segments [[u0, v0], [u1, v1]] (in [0, 1]², v up)
// where the bilinear surface of the grid crosses level: marching squares,
// the crossings interpolated along the cells' sides.
export function contour(values, n, level = 0.5) {
  const segs = [], at = (c, r) => values[r * n + c] - level, s = n - 1;
  const cross = (c0, r0, c1, r1) => {
    const a = at(c0, r0), b = at(c1, r1), t = a / (a - b);
    return [(c0 + (c1 - c0) * t) / s, (r0 + (r1 - r0) * t) / s];
  };
  for (let r = 0; r < s; r++) {
    for (let c = 0; c < s; c++) {
      const pts = [];
      const sides = [[c, r, c + 1, r], [c + 1, r, c + 1, r + 1], [c + 1, r + 1, c, r + 1], [c, r + 1, c, r]];
      for (const [c0, r0, c1, r1] of sides) if ((at(c0, r0) < 0) !== (at(c1, r1) < 0)) pts.push(cross(c0, r0, c1, r1));
      if (pts.length === 2) segs.push(pts);
      else if (pts.length === 4) {
        // a saddle: pair by the centre's side
        const centre = (at(c, r) + at(c + 1, r) + at(c + 1, r + 1) + at(c, r + 1)) / 4;
        if ((centre < 0) === (at(c, r) < 0)) segs.push([pts[0], pts[1]], [pts[2], pts[3]]);
        else segs.push([pts[0], pts[3]], [pts[1], pts[2]]);
      }
    }
  }
  return segs;
}

// regionColour is the boundary's colour for an output t: orange for 0,
// blue for 1, white at 0.5 (as TensorFlow Playground), as [r, g, b].
export function regionColour(t) {
  t = Math.max(0, Math.min(1, t));
  const c = t < 0.5 ? [245, 147, 34] : [8, 119, 189];
  const a = Math.abs(t - 0.5) * 2 * 0.6;
  return c.map(ci => Math.round(255 + (ci - 255) * a));
}
