// Exact fractions for the page: parse what a student types (4/5, −7/5,
// 0.35, 1e-3), compute an SGD step w − α·g exactly, and write the result
// as the server does (true minus signs). Pure functions; BigInt only.

const gcd = (a, b) => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; };

// make returns the fraction n/d in lowest terms with a positive denominator.
export function make(n, d = 1n) {
  if (d === 0n) throw new Error("division by zero");
  if (d < 0n) { n = -n; d = -d; }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

// parse reads "4/5", "-7/5", "−7/5", "0.35", "-1.5e-3", "3" into a
// fraction, or returns null for anything else (NaN, "", "abc", "1/0").
export function parse(text) {
  const s = String(text).trim().replace(/\u2212/g, "-").replace(/\s+/g, "");
  let m = /^([+-]?\d+)\/([+-]?\d+)$/.exec(s);
  if (m) return BigInt(m[2]) === 0n ? null : make(BigInt(m[1]), BigInt(m[2]));
  m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const digits = (m[2] || "0") + (m[3] ?? "");
  let n = BigInt(digits), d = 10n ** BigInt((m[3] ?? "").length);
  const e = m[4] ? parseInt(m[4], 10) : 0;
  if (Math.abs(e) > 400) return null;
  if (e > 0) n *= 10n ** BigInt(e); else if (e < 0) d *= 10n ** BigInt(-e);
  return make(m[1] === "-" ? -n : n, d);
}

export const sub = (a, b) => make(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a, b) => make(a.n * b.n, a.d * b.d);
export const equal = (a, b) => a.n === b.n && a.d === b.d;
export const toNumber = a => Number(a.n) / Number(a.d);

// format writes a fraction as "33/40", "−1/4" or "2".
export function format(a) {
  const sign = a.n < 0n ? "\u2212" : "";
  const n = a.n < 0n ? -a.n : a.n;
  return sign + (a.d === 1n ? String(n) : n + "/" + a.d);
}

// paren puts a negative number in parentheses: 1/10·(−1/4).
export const paren = s => (s.startsWith("\u2212") || s.startsWith("-") ? "(" + s + ")" : s);

// fmtNum writes a float as the page does where no fraction is known.
export function fmtNum(v) {
  if (!isFinite(v)) return String(v);
  const s = String(+v.toPrecision(6));
  return s.replace("-", "\u2212");
}

// sgd computes w ← w − α·g, exactly where all three are fractions (as
// text: the input field, the learning rate, the gradient as the server
// wrote it), else in float64 from wNum and gNum. It returns the new
// value as text for the field and the update written out:
// "w1 ← 4/5 − 1/10·(−1/4) = 33/40".
export function sgd(name, wText, alphaText, gText, wNum, gNum) {
  const w = parse(wText), a = parse(alphaText), g = parse(gText);
  if (w && a && g && w.d < 10n ** 12n && g.d < 10n ** 12n) {
    const nw = sub(w, mul(a, g));
    // long fractions are no use to a student: fall back to decimals
    if (nw.d < 10n ** 9n) {
      const value = format(nw);
      return { value: value.replace("\u2212", "-"), text: `${name} \u2190 ${format(w)} \u2212 ${format(a)}\u00b7${paren(format(g))} = ${value}` };
    }
  }
  const av = a ? toNumber(a) : parseFloat(alphaText);
  const wv = w ? toNumber(w) : wNum, gv = g ? toNumber(g) : gNum;
  const nv = wv - av * gv;
  return {
    value: String(+nv.toPrecision(12)),
    text: `${name} \u2190 ${fmtNum(wv)} \u2212 ${fmtNum(av)}\u00b7${paren(fmtNum(gv))} = ${fmtNum(nv)}`,
  };
}
