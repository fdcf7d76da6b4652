// Output sizes by counting window positions one by one, as a reference for the closed-form
// rules in src/core/size.ts (contract §1, "Output size along one axis"). Only for small sizes:
// each function walks every position.

/**
 * Conv with explicit padding p: windows start at 0, s, 2s, … in the padded input of length
 * n + 2p; a window with dilation d spans d·(k − 1) + 1 positions and counts when it fits.
 */
export function bruteConv(n: number, k: number, s: number, p: number, d: number): number {
  const padded = n + 2 * p;
  const span = d * (k - 1) + 1;
  let count = 0;
  for (let start = 0; start + span <= padded; start += s) count++;
  return count;
}

/** Conv with "same" padding (TensorFlow): one output per stride step that starts inside the input. */
export function bruteSame(n: number, s: number): number {
  let count = 0;
  for (let start = 0; start < n; start += s) count++;
  return count;
}

/**
 * Pooling, windows of k starting at 0, s, 2s, … in the padded input of length n + 2p.
 * Floor mode: the windows that fit entirely. Ceil mode (PyTorch's MaxPool2d docs: "sliding
 * windows are allowed to go off-bounds if they start within the left padding or the input;
 * windows that would start in the right padded region are ignored"): the windows that start
 * before n + p and run past the padded end by less than one stride.
 *
 * For p ≤ k (PyTorch requires p ≤ k/2) at most one window starts in the right padding, so
 * "ignore those" and the contract's "reduce by one when the last window starts at or beyond
 * n + p" agree; the property tests stay in that range.
 */
export function brutePool(n: number, k: number, s: number, p: number, ceil: boolean): number {
  const padded = n + 2 * p;
  let count = 0;
  for (let start = 0; start < padded; start += s) {
    const fits = start + k <= padded;
    const overhangsLessThanAStride = start + k - s < padded;
    if (ceil ? overhangsLessThanAStride && start < n + p : fits) count++;
  }
  return count;
}

/**
 * Transposed conv: input i scatters into positions i·s + j·d (j < k) of the full output; the
 * full output ends at the last position reached, then loses p at each end and gains
 * output_padding at one (PyTorch ConvTranspose2d). Counted by walking every (i, j).
 */
export function bruteTransposed(n: number, k: number, s: number, p: number, d: number, op: number): number {
  let last = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) last = Math.max(last, i * s + j * d);
  return last + 1 - 2 * p + op;
}
