// Where a JSON path's value is in the text: the scan steps over strings with escaped quotes and
// brackets, and over values that are not on the way, and gives lines and columns counted by hand.

import { describe, expect, it } from "vitest";
import { jsonPlaces } from "../../../src/import/keras/json-places.js";

describe("jsonPlaces", () => {
  const text = [
    "{",
    '  "skip": {"a": ["x\\"]}", {"b": "\\\\"}], "c": "{["},',
    '  "config": {',
    '    "layers": [',
    '      {"name": "a,b", "class_name": "Dense"},',
    '      {"name": "c", "class_name": "Conv2D", "config": {"filters": 4}}',
    "    ]",
    "  }",
    "}",
  ].join("\n");

  it("finds each path asked for, at its value's line and column, past escaped quotes and brackets in strings", () => {
    const places = jsonPlaces(text, ["config.layers[1].class_name", "config.layers[0]", "config.layers[1].config.filters", "", "skip.c"]);
    // line 6 is `      {"name": "c", "class_name": "Conv2D", …`: 6 spaces, { at 7, "name" 8–13, : 14,
    // "c" 16–18, "class_name" 21–32, : 33, so "Conv2D" starts at column 35
    expect(places.get("config.layers[1].class_name")).toEqual({ line: 6, column: 35 });
    expect(places.get("config.layers[0]")).toEqual({ line: 5, column: 7 });
    // then "Conv2D" 35–42, "config" 45–52, { 55, "filters" 56–64, : 65: the 4 at column 67
    expect(places.get("config.layers[1].config.filters")).toEqual({ line: 6, column: 67 });
    expect(places.get("")).toEqual({ line: 1, column: 1 });
    // line 2: `  "skip": {"a": ["x\"]}", {"b": "\\"}], "c": "{["},` — the value of c at column 46
    expect(places.get("skip.c")).toEqual({ line: 2, column: 46 });
  });

  it("leaves out a path the text does not have", () => {
    expect(jsonPlaces(text, ["config.layers[2]", "config.nothing"]).size).toBe(0);
  });
});
