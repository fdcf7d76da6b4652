// Where a Caffe net's input comes from, and its shape: the net-level `input` with `input_shape`
// or `input_dim`, an Input layer, or a data layer (MemoryData and DummyData state a shape; Data,
// ImageData and WindowData read images from a database, whose crop is the size).

import type { TextPosition } from "../import-problem.js";
import { PARAM_FIELDS } from "./caffe-layer-types.js";
import { type FieldReader, join } from "./fields.js";
import type { TextField, TextMessage } from "./prototxt.js";

export interface InputShape {
  readonly dims: readonly number[];
  readonly position: TextPosition;
  readonly path: string;
  /** How the importer knows it, for the header: `input_param`, `crop_size (3 channels assumed)`, … */
  readonly how: string;
}

/** An input blob named at the net's top level. */
export interface NetInput {
  readonly blob: string;
  readonly shape: InputShape;
  readonly position: TextPosition;
  readonly path: string;
}

/** The older net-level inputs: `input: "data"` with `input_shape { dim … }` or four `input_dim`s. */
export function netInputs(read: FieldReader, root: TextMessage): NetInput[] {
  const found: NetInput[] = [];
  const names = read.all(root, "input");
  const shapes = read.all(root, "input_shape");
  const dims = read.all(root, "input_dim");
  if (names.length === 0) {
    const stray = shapes[0] ?? dims[0];
    if (stray) read.problem(stray.position, stray.name, `${stray.name} without an input: name the blob with input: "data"`);
    return found;
  }
  if (shapes.length > 0 && dims.length > 0) {
    read.problem(dims[0]!.position, "input_dim", "both input_shape and input_dim: give the shape one way");
    return found;
  }
  names.forEach((field, index) => {
    const name = read.text(field, join("input", index));
    if (name === undefined) return;
    let shape: InputShape | undefined;
    if (shapes.length > 0) {
      const shapeField = shapes[index];
      if (!shapeField) read.problem(field.position, join("input", index), `input ${JSON.stringify(name)} has no input_shape`);
      else shape = blobShape(read, shapeField, join("input_shape", index), "input_shape");
    } else {
      const four = dims.slice(index * 4, index * 4 + 4);
      if (four.length < 4)
        read.problem((dims[0] ?? field).position, "input_dim", `input ${JSON.stringify(name)} needs four input_dim values (N, C, H, W), found ${four.length}`);
      else {
        const values = four.map((d, k) => read.integer(d, join("input_dim", index * 4 + k), 1));
        if (values.every((v) => v !== undefined)) shape = { dims: values, position: four[0]!.position, path: "input_dim", how: "input_dim" };
      }
    }
    if (shape) found.push({ blob: name, shape, position: field.position, path: join("input", index) });
  });
  return found;
}

/** A BlobShape message: `shape { dim: 10 dim: 3 dim: 227 dim: 227 }`. */
function blobShape(read: FieldReader, field: TextField, path: string, how: string): InputShape | undefined {
  const message = read.sub(field, path);
  if (!message) return undefined;
  read.knownFields(message, path, ["dim"], "a blob shape");
  const dimFields = read.all(message, "dim");
  const dims = dimFields.map((d, k) => read.integer(d, join(join(path, "dim"), k), 1));
  if (dims.some((d) => d === undefined)) return undefined;
  if (dims.length !== 2 && dims.length !== 4) {
    read.problem(field.position, path, `expected 4 dims (N, C, H, W) or 2 (N, C), found ${dims.length}`);
    return undefined;
  }
  return { dims: dims as number[], position: field.position, path, how };
}

/** The shape a data layer gives its first top: stated (Input, MemoryData, DummyData), or the crop of a database's images. */
export function dataLayerShape(read: FieldReader, layer: TextMessage, path: string, type: string, name: string): InputShape | undefined {
  let shape: InputShape | undefined;
  if (type === "Input") {
    const found = read.one(layer, path, "input_param");
    const param = found && read.sub(found, join(path, "input_param"));
    if (param) read.knownFields(param, join(path, "input_param"), PARAM_FIELDS.input_param, "input_param");
    const shapeField = param && read.all(param, "shape")[0];
    if (!shapeField) return read.problem(layer.position, path, `(${name}) the Input layer gives no input_param { shape { dim: … } }`);
    shape = blobShape(read, shapeField, join(join(path, "input_param"), "shape"), "input_param");
  } else if (type === "MemoryData") {
    const param = layer.fields.find((f) => f.name === "memory_data_param");
    const message = param && read.sub(param, join(path, "memory_data_param"));
    const mp = join(path, "memory_data_param");
    const dims = message && ["batch_size", "channels", "height", "width"].map((field) => read.optionalInteger(message, mp, field, 1, 0));
    if (!dims || dims.some((d) => !d)) return read.problem(layer.position, mp, `(${name}) a MemoryData layer needs batch_size, channels, height and width`);
    shape = { dims: dims as number[], position: layer.position, path: mp, how: "memory_data_param" };
  } else if (type === "DummyData") {
    const param = layer.fields.find((f) => f.name === "dummy_data_param");
    const message = param && read.sub(param, join(path, "dummy_data_param"));
    const shapeField = message && read.all(message, "shape")[0];
    if (!shapeField) return read.problem(layer.position, path, `(${name}) the DummyData layer gives no dummy_data_param { shape { dim: … } }`);
    shape = blobShape(read, shapeField, join(join(path, "dummy_data_param"), "shape"), "dummy_data_param");
  } else {
    // Data, ImageData, WindowData…: the images' size is in the database, not the file; the crop is
    const transform = layer.fields.find((f) => f.name === "transform_param");
    const message = transform && read.sub(transform, join(path, "transform_param"));
    const crop = message && read.optionalInteger(message, join(path, "transform_param"), "crop_size", 1, 0);
    if (!crop)
      return read.problem(
        layer.position,
        path,
        `(${name}) the ${type} layer's image size is in its database, not in the file, and it has no transform_param { crop_size }: give the net an Input layer instead`,
      );
    const batchField = layer.fields.find((f) => f.name === "data_param" || f.name === "image_data_param" || f.name === "window_data_param");
    const batchMessage = batchField?.value.kind === "message" ? batchField.value : undefined;
    const batchValue = batchMessage?.fields.find((f) => f.name === "batch_size")?.value;
    const batch = batchValue?.kind === "number" && /^\d+$/.test(batchValue.text) ? Number(batchValue.text) : 1;
    shape = {
      dims: [batch, 3, crop, crop],
      position: layer.position,
      path,
      how: `${type} crop_size ${crop}; 3 colour channels assumed, as the database holds them`,
    };
  }
  return shape;
}
