// What js-yaml 4.3 has and @types/js-yaml (written for 4.0) does not declare: the load option
// and the parser state's fields that parse.ts's fast road uses (js-yaml's lib/loader.js).

import "js-yaml";

declare module "js-yaml" {
  interface LoadOptions {
    /** nesting of nodes, scalars and empty nodes counted, at which it stops with an error */
    maxDepth?: number;
  }
  interface State {
    /** the node's tag: null when none, "?" for a plain scalar no implicit type matched */
    tag: string | null;
    /** the node's anchor (`&name`), null when none */
    anchor: string | null;
  }
}
