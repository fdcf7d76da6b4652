// The Keras layer classes the importer reads, by the spec layer each becomes, and those it
// refuses because the spec format has no layer for them yet (other work is adding some).

export const ACTIVATIONS: Record<string, string> = {
  relu: "relu",
  sigmoid: "sigmoid",
  tanh: "tanh",
  softmax: "softmax",
  gelu: "gelu",
  silu: "silu",
  swish: "swish",
  relu6: "relu6",
  hard_sigmoid: "hardsigmoid",
  hard_swish: "hardswish",
  hard_silu: "hardswish",
  mish: "mish",
};

export const DROPOUTS = [
  "Dropout",
  "SpatialDropout1D",
  "SpatialDropout2D",
  "SpatialDropout3D",
  "GaussianDropout",
  "GaussianNoise",
  "AlphaDropout",
  "ActivityRegularization",
];
export const ACTIVATION_LAYERS = ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU"];
export const MERGES: Record<string, string> = { Add: "add", Subtract: "add", Average: "add", Maximum: "add", Minimum: "add", Multiply: "multiply" };
export const RECURRENT: Record<string, string> = { LSTM: "lstm", GRU: "gru", SimpleRNN: "rnn", CuDNNLSTM: "lstm", CuDNNGRU: "gru" };
export const POOLS: Record<string, "maxpool" | "avgpool"> = {
  MaxPooling2D: "maxpool",
  AveragePooling2D: "avgpool",
  MaxPool2D: "maxpool",
  AvgPool2D: "avgpool",
};
export const GLOBAL_POOLS: Record<string, "maxpool" | "avgpool"> = {
  GlobalMaxPooling2D: "maxpool",
  GlobalAveragePooling2D: "avgpool",
  GlobalMaxPool2D: "maxpool",
  GlobalAvgPool2D: "avgpool",
};
/** Over a sequence's positions: to the spec's mean (a maximum is as free, and written so too). */
export const GLOBAL_POOLS_1D: Record<string, "mean" | "max"> = {
  GlobalAveragePooling1D: "mean",
  GlobalAvgPool1D: "mean",
  GlobalMaxPooling1D: "max",
  GlobalMaxPool1D: "max",
};
/** 1-D pooling over a sequence's positions (the spec's maxpool and avgpool on a sequence). */
export const POOLS_1D: Record<string, "maxpool" | "avgpool"> = {
  MaxPooling1D: "maxpool",
  AveragePooling1D: "avgpool",
  MaxPool1D: "maxpool",
  AvgPool1D: "avgpool",
};
/** The modern-CNN layers: 1-D convolution, transposed convolutions, upsampling, cropping. */
export const RESAMPLING = [
  "Conv1D",
  "Convolution1D",
  "Conv2DTranspose",
  "Convolution2DTranspose",
  "Conv1DTranspose",
  "UpSampling2D",
  "UpSampling1D",
  "Cropping2D",
];
export const MODELS = ["Sequential", "Functional", "Model"];
/** Layers whose spec layer type another piece of work is adding; refused until it has. */
export const NOT_YET: Record<string, string> = {
  SeparableConv1D: "a 1-D convolution",
  DepthwiseConv1D: "a 1-D convolution",
  Conv3D: "3-D convolution",
  Reshape: "reshaping",
  Permute: "permuting axes",
  RepeatVector: "repeating a vector",
  Cropping1D: "cropping a sequence (the spec's crop cuts images)",
  TimeDistributed: "a layer applied at each step",
  Lambda: "Python code (a Lambda layer's function is not in the file)",
};
export const KNOWN = [
  "InputLayer",
  "Conv2D",
  "Convolution2D",
  "DepthwiseConv2D",
  "SeparableConv2D",
  "Dense",
  "BatchNormalization",
  "LayerNormalization",
  ...Object.keys(POOLS),
  ...Object.keys(GLOBAL_POOLS),
  ...Object.keys(GLOBAL_POOLS_1D),
  ...Object.keys(POOLS_1D),
  ...RESAMPLING,
  "ZeroPadding2D",
  "Flatten",
  ...DROPOUTS,
  ...ACTIVATION_LAYERS,
  "PReLU",
  ...Object.keys(MERGES),
  "Concatenate",
  "Embedding",
  ...Object.keys(RECURRENT),
  "Bidirectional",
  "MultiHeadAttention",
  "Masking",
  "Rescaling",
  ...MODELS,
];
