// Caffe's layer types, as the importer sorts them: read into a spec layer, skipped (they feed or
// score the net, computing nothing alexcount counts), or refused with a reason. Names are
// caffe.proto's (LayerParameter.type strings; the V1 `layers {}` form's enum names map onto them).

/** Layers that provide the input blobs. */
export const DATA_TYPES = ["Input", "Data", "ImageData", "WindowData", "MemoryData", "DummyData", "HDF5Data", "AnnotatedData", "VideoData"] as const;

/** Layers that only score or consume the net's output: no spec layer, and nothing may read them. */
export const SKIPPED_TYPES = [
  "Accuracy",
  "Silence",
  "HDF5Output",
  "SoftmaxWithLoss",
  "EuclideanLoss",
  "HingeLoss",
  "InfogainLoss",
  "ContrastiveLoss",
  "MultinomialLogisticLoss",
  "SigmoidCrossEntropyLoss",
] as const;

/** Element-wise layers with nothing learned, and the spec type each becomes. */
export const ELEMENTWISE: Readonly<Record<string, string>> = {
  ReLU: "relu",
  Sigmoid: "sigmoid",
  TanH: "tanh",
  LRN: "lrn",
  Dropout: "dropout",
  Softmax: "softmax",
  ELU: "activation",
  AbsVal: "activation",
  BNLL: "activation",
  Power: "activation",
  Exp: "activation",
  Log: "activation",
  Threshold: "activation",
  Swish: "activation",
  Clip: "activation",
};

/** The types read into spec layers by a rule of their own (caffe-to-spec.ts). */
export const STRUCTURAL_TYPES = ["Convolution", "InnerProduct", "Pooling", "Concat", "Eltwise", "BatchNorm", "Scale", "PReLU", "Flatten", "Split"] as const;

/** Types the spec format cannot express yet, with the reason given when one is met. */
export const REFUSED: Readonly<Record<string, string>> = {
  Deconvolution: "Deconvolution (a transposed convolution) is not in the spec format yet",
  Slice: "Slice splits a blob into several, which the spec format cannot express",
  Reshape: "Reshape is not in the spec format",
  Crop: "Crop is not in the spec format",
  Embed: "Embed (an embedding table) is not in the spec format yet",
  LSTM: "LSTM is not in the spec format yet",
  RNN: "RNN is not in the spec format yet",
  Bias: "Bias (a learned bias added on its own) is not in the spec format",
  Python: "a Python layer runs code of its own: its costs cannot be read from the file",
};

/** Every type the importer reads or skips, for the message about an unknown one. */
export const KNOWN_TYPES: readonly string[] = [...DATA_TYPES, ...STRUCTURAL_TYPES, ...Object.keys(ELEMENTWISE), ...SKIPPED_TYPES];

/** The V1 `layers { type: CONVOLUTION }` enum (caffe.proto, V1LayerParameter.LayerType) by type string. */
export const V1_TYPES: Readonly<Record<string, string>> = {
  ABSVAL: "AbsVal",
  ACCURACY: "Accuracy",
  ARGMAX: "ArgMax",
  BNLL: "BNLL",
  CONCAT: "Concat",
  CONTRASTIVE_LOSS: "ContrastiveLoss",
  CONVOLUTION: "Convolution",
  DATA: "Data",
  DECONVOLUTION: "Deconvolution",
  DROPOUT: "Dropout",
  DUMMY_DATA: "DummyData",
  EUCLIDEAN_LOSS: "EuclideanLoss",
  ELTWISE: "Eltwise",
  EXP: "Exp",
  FLATTEN: "Flatten",
  HDF5_DATA: "HDF5Data",
  HDF5_OUTPUT: "HDF5Output",
  HINGE_LOSS: "HingeLoss",
  IM2COL: "Im2col",
  IMAGE_DATA: "ImageData",
  INFOGAIN_LOSS: "InfogainLoss",
  INNER_PRODUCT: "InnerProduct",
  LRN: "LRN",
  MEMORY_DATA: "MemoryData",
  MULTINOMIAL_LOGISTIC_LOSS: "MultinomialLogisticLoss",
  MVN: "MVN",
  POOLING: "Pooling",
  POWER: "Power",
  RELU: "ReLU",
  SIGMOID: "Sigmoid",
  SIGMOID_CROSS_ENTROPY_LOSS: "SigmoidCrossEntropyLoss",
  SILENCE: "Silence",
  SOFTMAX: "Softmax",
  SOFTMAX_LOSS: "SoftmaxWithLoss",
  SPLIT: "Split",
  SLICE: "Slice",
  TANH: "TanH",
  WINDOW_DATA: "WindowData",
  THRESHOLD: "Threshold",
};

/** Fields of the messages whose values change a count: any other field there is a typo or a fork's extension, and refused. */
export const PARAM_FIELDS = {
  convolution_param: [
    "num_output",
    "bias_term",
    "pad",
    "kernel_size",
    "stride",
    "dilation",
    "pad_h",
    "pad_w",
    "kernel_h",
    "kernel_w",
    "stride_h",
    "stride_w",
    "group",
    "weight_filler",
    "bias_filler",
    "engine",
    "axis",
    "force_nd_im2col",
  ],
  pooling_param: [
    "pool",
    "pad",
    "pad_h",
    "pad_w",
    "kernel_size",
    "kernel_h",
    "kernel_w",
    "stride",
    "stride_h",
    "stride_w",
    "engine",
    "global_pooling",
    "round_mode",
  ],
  inner_product_param: ["num_output", "bias_term", "weight_filler", "bias_filler", "axis", "transpose"],
  concat_param: ["axis", "concat_dim"],
  eltwise_param: ["operation", "coeff", "stable_prod_grad"],
  scale_param: ["axis", "num_axes", "filler", "bias_term", "bias_filler"],
  flatten_param: ["axis", "end_axis"],
  prelu_param: ["filler", "channel_shared"],
  input_param: ["shape"],
} as const;

/** NetParameter's fields (caffe.proto); anything else means the file is not a net (a solver, say). */
export const NET_FIELDS = ["name", "input", "input_shape", "input_dim", "force_backward", "state", "debug_info", "layer", "layers"] as const;
