// Offsets to line:column, the one reckoning the loader and the importers place problems with.

import { describe, expect, it } from "vitest";
import { lineStarts, positionAt } from "../../src/core/text-position.js";

describe("positionAt", () => {
  // "ab\ncd\n\nef": lines start at offsets 0, 3, 6 and 7
  const text = "ab\ncd\n\nef";
  const starts = lineStarts(text);

  it("finds where each line starts", () => {
    expect(starts).toEqual([0, 3, 6, 7]);
  });

  it.each([
    [0, 1, 1],
    [2, 1, 3], // the newline ending line 1
    [3, 2, 1],
    [4, 2, 2],
    [6, 3, 1], // the empty line
    [8, 4, 2],
    [9, 4, 3], // the end of the text
  ])("offset %i is line %i, column %i", (offset, line, column) => {
    expect(positionAt(starts, offset)).toEqual({ line, column });
  });
});
