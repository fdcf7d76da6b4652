// The rules a layer's own fields follow, as values: LAYER_TYPE_FACTS (network.ts) holds one rule
// per field of each layer type, and validate-network.ts applies them to whatever a program hands
// in. Pure: no zod here (the core imports nothing); the loader's schema says the same in its own words.

/** A field read off an object of unknown shape. */
export type Fields = Readonly<Record<string, unknown>>;

/** Where a rule reports a problem: the field's path relative to the layer, and what is wrong. */
export type Report = (field: string, message: string) => void;

/** Checks `fields[field]`, reporting what is wrong with it. */
export type FieldRule = (report: Report, fields: Fields, field: string) => void;

/** `2.5`, `"3"`, `-1`, `NaN`, `10n`, `null`: what was found, in a few words. */
export function described(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "bigint") return `the bigint ${value}n`;
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

export function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether every entry of a list passes, holes of a sparse list included (as undefined):
 * Array.prototype.every and forEach skip holes, which the walk would then read.
 */
export function everyEntry(list: readonly unknown[], test: (entry: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!test(list[i])) return false;
  return true;
}

function isWhole(value: unknown, min: 0 | 1): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min;
}

const atLeast = (min: 0 | 1) => (min === 1 ? "of at least 1" : "of 0 or more");

/** A whole number from `min` up, exact (a safe integer): counts, sizes, strides. */
export const whole =
  (min: 0 | 1): FieldRule =>
  (report, fields, field) => {
    const value = fields[field];
    if (!isWhole(value, min)) report(field, `must be a whole number ${atLeast(min)} (at most 2^53 − 1), got ${described(value)}`);
  };

/** A count of at least 1. */
export const count = whole(1);

/** [height, width], each a whole number from `min` up. */
export const pair =
  (min: 0 | 1): FieldRule =>
  (report, fields, field) => {
    const value = fields[field];
    if (!(Array.isArray(value) && value.length === 2 && isWhole(value[0], min) && isWhole(value[1], min)))
      report(field, `must be a pair [height, width] of whole numbers ${atLeast(min)}, got ${described(value)}`);
  };

/** true or false. */
export const flag: FieldRule = (report, fields, field) => {
  const value = fields[field];
  if (typeof value !== "boolean") report(field, `must be true or false, got ${described(value)}`);
};

/** true, false or absent. */
export const optionalFlag: FieldRule = (report, fields, field) => {
  const value = fields[field];
  if (typeof value !== "boolean" && value !== undefined) report(field, `must be true or false (or absent), got ${described(value)}`);
};

/** Absent, or what `rule` allows. */
export const optional =
  (rule: FieldRule): FieldRule =>
  (report, fields, field) => {
    if (fields[field] !== undefined) rule(report, fields, field);
  };

/** One of a few literal values. */
export const oneOf =
  (values: readonly (string | number)[]): FieldRule =>
  (report, fields, field) => {
    const value = fields[field];
    if (!values.includes(value as string | number)) report(field, `must be ${values.map((v) => JSON.stringify(v)).join(" or ")}, got ${described(value)}`);
  };

/** The name of another layer, or absent. */
export const optionalLayerName =
  (what: string): FieldRule =>
  (report, fields, field) => {
    const value = fields[field];
    if (value !== undefined && (typeof value !== "string" || value === "")) report(field, `must be the name of ${what}, got ${described(value)}`);
  };

/** Explicit zero padding per side, or "same". */
export const padding: FieldRule = (report, fields, field) => {
  if (fields[field] !== "same") pair(0)(report, fields, field);
};

/** A connection table: a list of lists of input channel numbers, or absent. */
export const connectionTable: FieldRule = (report, fields, field) => {
  const table = fields[field];
  if (table !== undefined && !(Array.isArray(table) && everyEntry(table, (row) => Array.isArray(row) && everyEntry(row, (c) => typeof c === "number"))))
    report(field, `must be a list of lists of input channel numbers, got ${described(table)}`);
};

/** One bias setting for every projection of attention, or one per projection, or absent. */
export const projectionBias: FieldRule = (report, fields, field) => {
  const bias = fields[field];
  if (bias === undefined || typeof bias === "boolean") return;
  if (!isObject(bias)) return report(field, `must be true, false or { q, k, v, o } of true or false, got ${described(bias)}`);
  for (const projection of ["q", "k", "v", "o"]) optionalFlag((nested, message) => report(`${field}.${nested}`, message), bias, projection);
};

/** The rules of the fields of an object nested in a field, chosen by its `kind`. */
export const byKind =
  (kinds: Readonly<Record<string, Readonly<Record<string, FieldRule>>>>): FieldRule =>
  (report, fields, field) => {
    const value = fields[field];
    const names = Object.keys(kinds).map((kind) => JSON.stringify(kind));
    const list = `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
    if (!isObject(value)) return report(field, `must be an object with kind ${list}, got ${described(value)}`);
    const nested: Report = (inner, message) => report(`${field}.${inner}`, message);
    const kind = value.kind;
    if (typeof kind !== "string" || !Object.hasOwn(kinds, kind)) return nested("kind", `must be ${list}, got ${described(kind)}`);
    for (const [name, rule] of Object.entries(kinds[kind] ?? {})) rule(nested, value, name);
  };

/** Any whole number, negative ones included (a position counted from the end), exact. */
export const integer: FieldRule = (report, fields, field) => {
  const value = fields[field];
  if (!Number.isSafeInteger(value))
    report(field, `must be a whole number, negative to count from the end (at most 2^53 − 1 either way), got ${described(value)}`);
};

/** A non-empty list of counts, or absent (a split's sizes). */
export const countList: FieldRule = (report, fields, field) => {
  const list = fields[field];
  if (!(Array.isArray(list) && list.length > 0 && everyEntry(list, (n) => isWhole(n, 1))))
    report(field, `must be a non-empty list of whole numbers of at least 1, got ${described(list)}`);
};

/** This field or `other`, not both and not neither; this one, when present, as `rule` allows. */
export const exactlyOneOf =
  (other: string, rule: FieldRule): FieldRule =>
  (report, fields, field) => {
    if ((fields[field] === undefined) === (fields[other] === undefined)) return report(field, `give exactly one of ${field} and ${other}`);
    if (fields[field] !== undefined) rule(report, fields, field);
  };
