// Where an offset in a text is, as the 1-based line and column an editor shows: the one reckoning
// the loader and every importer use to place a problem in the file it read.

/** A place in a text: 1-based line and column (UTF-16 code units, as editors count). */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Line starts of `text`, for offset → line:column by binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of `offset` (columns count UTF-16 code units, as editors do). */
export function positionAt(starts: readonly number[], offset: number): LineColumn {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}
