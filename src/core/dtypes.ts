// The number formats a tensor can be stored in, each with its width in bits, defined once for
// every figure of memory. A precision is a format, optionally with a scale per group of values
// (group-wise quantization: int4 with one 16-bit scale per 128 weights).

export const DTYPES = ["fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4"] as const;
export type Dtype = (typeof DTYPES)[number];

/**
 * Bits one value occupies in memory. tf32 is NVIDIA's TensorFloat-32, a format of the tensor
 * cores' arithmetic (8 exponent and 10 mantissa bits); a tf32 tensor is stored as fp32, 32 bits.
 */
export const DTYPE_BITS: Readonly<Record<Dtype, number>> = { fp32: 32, tf32: 32, fp16: 16, bf16: 16, fp8: 8, int8: 8, int4: 4 };

/** What `--explain` says about a format beyond its width. */
export const DTYPE_NOTES: Readonly<Partial<Record<Dtype, string>>> = { tf32: "tf32 is a compute format, stored as fp32" };

/** The formats a group scale may go with: the quantized ones. */
const GROUPED_DTYPES = ["fp8", "int8", "int4"] as const satisfies readonly Dtype[];

/** Width of a group's scale: one fp16 value per group. */
export const SCALE_BITS = 16;

export interface Precision {
  readonly dtype: Dtype;
  /** Values per 16-bit scale (`int4/g128`); absent: no scale counted. */
  readonly group?: number;
}

function isDtype(text: string): text is Dtype {
  return (DTYPES as readonly string[]).includes(text);
}

/** What `parsePrecision` accepts, for messages. */
export const PRECISION_SYNTAX = `one of ${DTYPES.join(", ")}; or ${GROUPED_DTYPES.join(", ")} with a 16-bit scale per G values, written NAME/gG (int4/g128)`;

/** `int4`, `bf16`, `int4/g128`; undefined when the text is none of them. */
export function parsePrecision(text: string): Precision | undefined {
  const match = /^([a-z0-9]+)(?:\/g([1-9][0-9]*))?$/.exec(text);
  if (!match) return undefined;
  const [, name = "", group] = match;
  if (!isDtype(name)) return undefined;
  if (group === undefined) return { dtype: name };
  const size = Number(group);
  if (!(GROUPED_DTYPES as readonly string[]).includes(name) || !Number.isSafeInteger(size)) return undefined;
  return { dtype: name, group: size };
}

export function formatPrecision(precision: Precision): string {
  return precision.group === undefined ? precision.dtype : `${precision.dtype}/g${precision.group}`;
}

/**
 * Bytes of a tensor of `count` values stored at `precision`: count·b bits, plus one 16-bit scale
 * for each group of `group` values (a last, partial group has its own), rounded up once to whole
 * bytes. int4/g128: 4 + 16/128 = 4.125 bits per value.
 */
export function tensorBytes(count: bigint, precision: Precision): bigint {
  const bits = count * BigInt(DTYPE_BITS[precision.dtype]) + scaleCount(count, precision) * BigInt(SCALE_BITS);
  return ceilDivBig(bits, 8n);
}

/** Scales of a tensor of `count` values: ⌈count / group⌉, or none without a group. */
export function scaleCount(count: bigint, precision: Precision): bigint {
  return precision.group === undefined ? 0n : ceilDivBig(count, BigInt(precision.group));
}

/** ⌈a / b⌉ for a ≥ 0, b ≥ 1. */
function ceilDivBig(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
