// Where a text that reads as YAML stops being strict JSON (RFC 8259): the contract reads a
// `.json` spec as YAML, so a trailing comma or a comment still loads, but jq and other JSON
// tools would refuse the file, and the user should hear so. Only called on text js-yaml has
// read, so nesting is already bounded and the recursion below is shallow.

export interface NotStrictJson {
  /** Offset of the first character strict JSON refuses. */
  readonly offset: number;
  /** What is there, in a few words: "a trailing comma", "a comment"… */
  readonly what: string;
}

const WHITE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** The first place `text` is not strict JSON, or undefined when it is. */
export function notStrictJson(text: string): NotStrictJson | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && WHITE.has(text[i]!)) i++;
  };
  const refuse = (what: string): NotStrictJson => ({ offset: i, what });
  /** What an unexpected character at `i` most likely is. */
  const unexpected = (expected: string): NotStrictJson => {
    const ch = text[i];
    if (ch === undefined) return refuse(`the end of the text where ${expected} should come`);
    if (ch === "/" || ch === "#") return refuse("a comment");
    if (ch === "'") return refuse("a string in single quotes");
    if (ch === "\ufeff") return refuse("a byte-order mark");
    if (/[A-Za-z_.+]/.test(ch)) return refuse("an unquoted word or number JSON does not allow");
    return refuse(`${JSON.stringify(ch)} where ${expected} should come`);
  };
  const match = (pattern: RegExp): boolean => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };

  const value = (): NotStrictJson | undefined => {
    skip();
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      const close = ch === "{" ? "}" : "]";
      i++;
      skip();
      if (text[i] === close) {
        i++;
        return undefined;
      }
      for (;;) {
        if (close === "}") {
          skip();
          if (text[i] !== '"') return unexpected("a key in double quotes");
          if (!match(STRING)) return refuse("a string JSON does not allow (a raw control character or an unknown escape)");
          skip();
          if (text[i] !== ":") return unexpected('":"');
          i++;
        }
        const inner = value();
        if (inner) return inner;
        skip();
        if (text[i] === ",") {
          const comma = i;
          i++;
          skip();
          if (text[i] === close) return { offset: comma, what: "a trailing comma" };
          continue;
        }
        if (text[i] === close) {
          i++;
          return undefined;
        }
        return unexpected(`"," or "${close}"`);
      }
    }
    if (ch === '"') return match(STRING) ? undefined : refuse("a string JSON does not allow (a raw control character or an unknown escape)");
    if (match(NUMBER) || match(LITERAL)) return undefined;
    return unexpected("a value");
  };

  const problem = value();
  if (problem) return problem;
  skip();
  return i < text.length ? unexpected("nothing more") : undefined;
}
