// Preloaded (node --require) by test/cli/no-intl.test.ts: appends to the file that
// ALEXCOUNT_INTL_PROBE names a line for every use of Intl, directly or through a locale method
// (toLocaleString, localeCompare…), whose first use in a process costs some 10 ms.
"use strict";
const { appendFileSync } = require("node:fs");

const record = (what) => appendFileSync(process.env.ALEXCOUNT_INTL_PROBE, `${what}\n`);
const methods = [
  { owner: "Number", proto: Number.prototype, names: ["toLocaleString"] },
  { owner: "BigInt", proto: BigInt.prototype, names: ["toLocaleString"] },
  { owner: "Date", proto: Date.prototype, names: ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"] },
  { owner: "Array", proto: Array.prototype, names: ["toLocaleString"] },
  { owner: "String", proto: String.prototype, names: ["localeCompare", "toLocaleLowerCase", "toLocaleUpperCase"] },
];
for (const { owner, proto, names } of methods) {
  for (const name of names) {
    const original = proto[name];
    proto[name] = function (...args) {
      record(`${owner}.prototype.${name}`);
      return original.apply(this, args);
    };
  }
}
for (const name of Object.getOwnPropertyNames(Intl)) {
  const original = Intl[name];
  if (typeof original !== "function") continue;
  Intl[name] = new Proxy(original, {
    construct: (target, args, newTarget) => (record(`Intl.${name}`), Reflect.construct(target, args, newTarget)),
    apply: (target, self, args) => (record(`Intl.${name}`), Reflect.apply(target, self, args)),
  });
}
