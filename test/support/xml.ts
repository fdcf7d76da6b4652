// A strict XML 1.0 parse for the SVG the suite produces: saxes reports every well-formedness
// error (a character XML forbids, an unescaped `<` or `&`, a tag left open) and this turns the
// first into an exception, so a test fails on any SVG a browser or an XML tool would refuse.

import { SaxesParser } from "saxes";

export interface ParsedXml {
  /** The root element's name. */
  readonly root: string;
  /** Every text node, in order (entities resolved). */
  readonly texts: readonly string[];
}

export function parseXml(text: string): ParsedXml {
  const parser = new SaxesParser({ xmlns: true });
  let root: string | undefined;
  const texts: string[] = [];
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    root ??= tag.name;
  });
  parser.on("text", (t) => {
    if (t.trim()) texts.push(t);
  });
  parser.write(text).close();
  if (root === undefined) throw new Error("no root element");
  return { root, texts };
}
