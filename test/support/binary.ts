// The installed binary as tests run it: package.json's `bin` (the launcher, the bundle and its
// code cache that `npm run build` makes), not tsc's unbundled dist/cli/main.js, so that what the
// end-to-end tests, the limits tests and the fuzzer's binary runs check is what users run.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { bin: Record<string, string> };

export const BINARY = fileURLToPath(new URL(`../../${pkg.bin.alexcount}`, import.meta.url));
