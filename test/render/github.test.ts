// Workflow-command escaping: the rules of actions/toolkit's packages/core/src/command.ts
// (escapeData: % CR LF; escapeProperty: those and : ,), each expectation written out by hand.
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty } from "../../src/render/github.js";

describe("escapeData", () => {
  it("escapes %, CR and LF, % first so an escape in the text stays text", () => {
    expect(escapeData("100%")).toBe("100%25");
    expect(escapeData("a\r\nb")).toBe("a%0D%0Ab");
    expect(escapeData("%0A")).toBe("%250A");
    expect(escapeData("x\n::error::y")).toBe("x%0A::error::y");
  });

  it("leaves : and , in data, where they are only text", () => {
    expect(escapeData("a: b, c")).toBe("a: b, c");
  });
});

describe("escapeProperty", () => {
  it("escapes : and , as well, which would end the property", () => {
    expect(escapeProperty("AlexNet: mismatch, L2")).toBe("AlexNet%3A mismatch%2C L2");
    expect(escapeProperty("file=x::y")).toBe("file=x%3A%3Ay");
    expect(escapeProperty("50%,\n")).toBe("50%25%2C%0A");
  });
});
