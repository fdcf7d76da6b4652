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
export const MODELS = ["Sequential", "Functional", "Model"];
/** Layers whose spec layer type another piece of work is adding; refused until it has. */
export const NOT_YET: Record<string, string> = {
  Conv1D: "a 1-D convolution",
  Conv2DTranspose: "a transposed convolution",
  Conv1DTranspose: "a transposed convolution",
  UpSampling2D: "upsampling",
  UpSampling1D: "upsampling",
  MaxPooling1D: "1-D pooling",
  AveragePooling1D: "1-D pooling",
  MaxPool1D: "1-D pooling",
  AvgPool1D: "1-D pooling",
  SeparableConv1D: "a 1-D convolution",
  DepthwiseConv1D: "a 1-D convolution",
  Conv3D: "3-D convolution",
  Reshape: "reshaping",
  Permute: "permuting axes",
  RepeatVector: "repeating a vector",
  Cropping2D: "cropping",
  Cropping1D: "cropping",
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
