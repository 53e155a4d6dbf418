// Number formatting that matches Python's `format(x, '.Nf')`, so text reports line up digit for digit with
// scikit-learn's and seqeval's. JavaScript's toFixed rounds an exact tie (0.125 → "0.13") away from zero; Python
// rounds ties to even ("0.12"). Both work on the exact binary value, so only exactly representable ties differ.

/** x with `digits` decimals, rounding exact ties to even like Python. */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const plain = x.toFixed(digits);
  const extra = Math.min(100, digits + 30);
  const exact = Math.abs(x).toFixed(extra); // exact decimal expansion of the double up to `extra` places
  const tail = exact.slice(exact.length - (extra - digits));
  if (!/^50*$/.test(tail)) return plain;
  // An exact tie: toFixed rounded away from zero; step back if that made the last digit odd.
  const lastKept = digits === 0 ? exact[exact.indexOf('.') - 1]! : exact[exact.length - (extra - digits) - 1]!;
  if (Number(lastKept) % 2 === 0)
    return (x < 0 ? '-' : '') + exact.slice(0, exact.length - (extra - digits)).replace(/\.$/, '');
  return plain;
}

/** Right-aligns `s` in a field of `width` characters (Python's `{:>width}`). */
export function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}
