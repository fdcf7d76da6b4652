// Protocol Buffers text format (the syntax of Caffe's .prototxt files) read into a tree of
// fields, each with its line and column, so that the importer can point at any value it refuses.
// Schema-free: a field is a name and either a scalar or a nested message; what the names mean
// is the importer's business. Grammar as in protobuf's text_format documentation: `name: value`,
// `name { … }` (the colon optional), `name: [a, b]` for repeated values, `#` comments,
// adjacent strings concatenated, `,` or `;` allowed after a field.

import type { ImportProblem, TextPosition } from "../import-problem.js";

export interface TextScalar {
  readonly kind: "number" | "string" | "identifier";
  /** A number or identifier as written; a string with its escapes decoded. */
  readonly text: string;
  readonly position: TextPosition;
}

export interface TextMessage {
  readonly kind: "message";
  readonly fields: readonly TextField[];
  readonly position: TextPosition;
}

type TextValue = TextScalar | TextMessage;

export interface TextField {
  readonly name: string;
  /** Where the field's name is written. */
  readonly position: TextPosition;
  readonly value: TextValue;
}

export type ParseTextResult = { readonly ok: true; readonly root: TextMessage } | { readonly ok: false; readonly problem: ImportProblem };

/** Nesting of messages and lists; a net needs 4 (`layer { convolution_param { weight_filler {…} } }`). */
export const MAX_TEXT_DEPTH = 64;

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly position: TextPosition,
  ) {
    super(message);
  }
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
// decimal, float (with an optional f suffix), hexadecimal; inf and nan are identifiers unless signed
const NUMBER = /-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?|inf(?:inity)?|nan)(?![A-Za-z0-9_])/iy;

/** Parses protobuf text; the first syntax problem is returned located (a file is fixed one error at a time). */
export function parseProtoText(text: string, file: string): ParseTextResult {
  const parser = new Parser(text);
  try {
    return { ok: true, root: parser.document() };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, problem: { file, position: error.position, path: "", message: error.message } };
    throw error;
  }
}

class Parser {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  document(): TextMessage {
    const position = this.here();
    const fields = this.fields(undefined, 0);
    return { kind: "message", fields, position };
  }

  private here(): TextPosition {
    return { line: this.line, column: this.offset - this.lineStart + 1 };
  }

  private fail(message: string, position: TextPosition = this.here()): never {
    throw new SyntaxProblem(message, position);
  }

  /** Skips white space and `#` comments, counting lines. */
  private skip(): void {
    const text = this.text;
    while (this.offset < text.length) {
      const ch = text.charCodeAt(this.offset);
      if (ch === 10) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else if (ch === 32 || ch === 9 || ch === 13 || ch === 11 || ch === 12) {
        this.offset++;
      } else if (ch === 35) {
        const end = text.indexOf("\n", this.offset);
        this.offset = end === -1 ? text.length : end;
      } else break;
    }
  }

  private peek(): string {
    return this.text[this.offset] ?? "";
  }

  /** What is at the current place, for messages: a token's first characters or "the end of the file". */
  private found(): string {
    if (this.offset >= this.text.length) return "the end of the file";
    const word = /[A-Za-z0-9_.+-]+/y;
    word.lastIndex = this.offset;
    const match = word.exec(this.text);
    const shown = match ? match[0].slice(0, 30) : this.text.slice(this.offset, this.offset + 1);
    return JSON.stringify(shown);
  }

  /** Fields up to `close` (or the end of the text when `close` is undefined). */
  private fields(close: { char: "}" | ">"; opened: TextPosition } | undefined, depth: number): TextField[] {
    const fields: TextField[] = [];
    for (;;) {
      this.skip();
      if (this.offset >= this.text.length) {
        if (close) this.fail(`"${close.char === "}" ? "{" : "<"}" opened at line ${close.opened.line}:${close.opened.column} is never closed`);
        return fields;
      }
      const ch = this.peek();
      if (close && ch === close.char) {
        this.offset++;
        return fields;
      }
      if (ch === "}" || ch === ">") this.fail(`"${ch}" without a matching "${ch === "}" ? "{" : "<"}"`);
      fields.push(...this.field(depth));
      this.skip();
      if (this.peek() === "," || this.peek() === ";") this.offset++;
    }
  }

  /** One field, or a list's items as that many fields of one name. */
  private field(depth: number): TextField[] {
    const position = this.here();
    if (this.peek() === "[") this.fail("extension fields ([name]) are not supported");
    IDENTIFIER.lastIndex = this.offset;
    const match = IDENTIFIER.exec(this.text);
    if (!match) this.fail(`expected a field name, found ${this.found()}`);
    const name = match[0];
    this.offset += name.length;
    this.skip();
    if (this.peek() === ":") {
      this.offset++;
      this.skip();
      if (this.peek() === "[") return this.list(name, depth + 1);
      return [{ name, position, value: this.peek() === "{" || this.peek() === "<" ? this.message(depth + 1) : this.scalar(name) }];
    }
    if (this.peek() === "{" || this.peek() === "<") return [{ name, position, value: this.message(depth + 1) }];
    return this.fail(`expected ":" or "{" after the field name ${name}, found ${this.found()}`);
  }

  private message(depth: number): TextMessage {
    const position = this.here();
    if (depth > MAX_TEXT_DEPTH) this.fail(`messages nest more than ${MAX_TEXT_DEPTH} levels deep`);
    const char = this.peek() === "<" ? ">" : "}";
    this.offset++;
    const fields = this.fields({ char, opened: position }, depth);
    return { kind: "message", fields, position };
  }

  /** `name: [a, b, c]`: a repeated field written once, the same as `name: a name: b name: c`. */
  private list(name: string, depth: number): TextField[] {
    if (depth > MAX_TEXT_DEPTH) this.fail(`messages nest more than ${MAX_TEXT_DEPTH} levels deep`);
    this.offset++;
    const items: TextField[] = [];
    this.skip();
    if (this.peek() === "]") {
      this.offset++;
      return items;
    }
    for (;;) {
      this.skip();
      const at = this.here();
      const value = this.peek() === "{" || this.peek() === "<" ? this.message(depth + 1) : this.scalar(name);
      items.push({ name, position: at, value });
      this.skip();
      const next = this.peek();
      if (next === "]") {
        this.offset++;
        return items;
      }
      if (next !== ",") this.fail(`expected "," or "]" in the list of ${name}, found ${this.found()}`);
      this.offset++;
    }
  }

  private scalar(name: string): TextScalar {
    const position = this.here();
    const ch = this.peek();
    if (ch === '"' || ch === "'") {
      let value = this.string();
      // adjacent strings are one string, as in C
      for (;;) {
        this.skip();
        const next = this.peek();
        if (next !== '"' && next !== "'") break;
        value += this.string();
      }
      return { kind: "string", text: value, position };
    }
    NUMBER.lastIndex = this.offset;
    const number = NUMBER.exec(this.text);
    if (number && (/[\d.]/.test(ch) || ch === "-")) {
      this.offset += number[0].length;
      return { kind: "number", text: number[0], position };
    }
    IDENTIFIER.lastIndex = this.offset;
    const identifier = IDENTIFIER.exec(this.text);
    if (identifier) {
      this.offset += identifier[0].length;
      return { kind: "identifier", text: identifier[0], position };
    }
    return this.fail(`expected a value for ${name}, found ${this.found()}`);
  }

  private string(): string {
    const start = this.here();
    const quote = this.peek();
    this.offset++;
    let out = "";
    for (;;) {
      const ch = this.text[this.offset];
      if (ch === undefined || ch === "\n") this.fail("a string that is never closed (a string cannot span lines)", start);
      this.offset++;
      if (ch === quote) return out;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const escape = this.text[this.offset] ?? "";
      this.offset++;
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\u0007", b: "\b", f: "\f", v: "\v", "?": "?" };
      if (escape in simple) out += simple[escape];
      else if (escape === "x") {
        const hex = /^[0-9a-fA-F]{1,2}/.exec(this.text.slice(this.offset, this.offset + 2));
        if (!hex) this.fail("\\x in a string needs one or two hexadecimal digits");
        out += String.fromCharCode(parseInt(hex[0], 16));
        this.offset += hex[0].length;
      } else if (/[0-7]/.test(escape)) {
        const octal = /^[0-7]{0,2}/.exec(this.text.slice(this.offset, this.offset + 2))?.[0] ?? "";
        out += String.fromCharCode(parseInt(escape + octal, 8));
        this.offset += octal.length;
      } else if (escape === "u") {
        const hex = /^[0-9a-fA-F]{4}/.exec(this.text.slice(this.offset, this.offset + 4));
        if (!hex) this.fail("\\u in a string needs four hexadecimal digits");
        out += String.fromCharCode(parseInt(hex[0], 16));
        this.offset += 4;
      } else this.fail(`unknown escape \\${escape} in a string`);
    }
  }
}
