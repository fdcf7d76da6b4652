// A Hugging Face config.json → a spec, for the families whose layout transformers' modelling
// code fixes from the configuration alone: the repeated layer is a block (`decoder` or
// `encoder`) used num_hidden_layers times, and the layer names are the module names of that
// code (model.layers.0.self_attn, transformer.h.0.mlp.c_fc), so a checkpoint's tensor names
// can be set against the spec's layers.

import type { ImportProblem, ImportResult, LayerSource } from "../import-problem.js";
import { ConfigFields } from "./config-fields.js";
import { readJson } from "./json-positions.js";

export interface HfImportOptions {
  /** The sequence length to count at; default: the configuration's maximum positions. */
  readonly tokens?: number;
  /** The weights a checkpoint beside the config holds: written as a published source to check. */
  readonly checkpoint?: { readonly source: string; readonly weights: number };
}

type SpecLayer = Record<string, unknown>;

interface Built {
  /** The class the spec follows (`LlamaForCausalLM`). */
  readonly architecture: string;
  readonly blocks: Record<string, { layers: SpecLayer[] }>;
  readonly layers: SpecLayer[];
  /** The config key each top-level layer comes from, for problems found once the spec loads. */
  readonly keys: string[];
  /** The maximum positions the configuration allows, and its key. */
  readonly positions: { readonly key: string; readonly value: number | undefined; readonly learned: boolean };
  /** An image model's input (ViT): then the tokens are the patches and --tokens does not apply. */
  readonly image?: { readonly size: number; readonly channels: number };
  readonly conventions: string[];
}

type Family = (fields: ConfigFields) => Built | undefined;

/** hidden_act (or hidden_activation) → the spec's element-wise layer; all are free. */
function activation(name: string): string {
  if (name === "silu" || name === "swish") return "silu";
  if (name.startsWith("gelu")) return "gelu";
  if (name === "relu" || name === "tanh" || name === "sigmoid") return name;
  return "activation";
}

interface DecoderShape {
  readonly architecture: string;
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number | undefined;
  readonly intermediate: number;
  readonly vocab: number;
  readonly tied: boolean;
  readonly act: string;
  readonly attentionBias: boolean | Record<"q" | "k" | "v" | "o", boolean>;
  readonly mlpBias: boolean;
  readonly window: number | undefined;
  /** Phi-3's fused projections: one gate_up_proj (two halves) rather than gate_proj and up_proj. */
  readonly fusedMlp: boolean;
  /** Mixtral's sparse mixture: `experts` copies of the gated MLP behind a bias-free router, top_k a position. */
  readonly moe?: { readonly experts: number; readonly topK: number };
}

/** The fields every Llama-like decoder has, read with their family's defaults. */
function decoderFields(fields: ConfigFields, architecture: string, tiedDefault: boolean, actDefault: string) {
  const hidden = fields.integer("hidden_size");
  const heads = fields.integer("num_attention_heads");
  const kvHeads = fields.integer("num_key_value_heads", 1, heads);
  const headDim = fields.integer("head_dim", 1, -1);
  if (hidden !== undefined && heads !== undefined && headDim === -1 && hidden % heads !== 0)
    fields.problem("num_attention_heads", `${heads} heads do not divide hidden_size ${hidden}, and there is no head_dim`);
  if (heads !== undefined && kvHeads !== undefined && heads % kvHeads !== 0)
    fields.problem("num_key_value_heads", `${kvHeads} key/value heads do not divide the ${heads} attention heads`);
  return {
    architecture: fields.architecture(architecture),
    hidden,
    layers: fields.integer("num_hidden_layers"),
    heads,
    kvHeads,
    headDim: headDim === -1 || (hidden !== undefined && heads !== undefined && headDim === hidden / heads) ? undefined : headDim,
    intermediate: fields.integer("intermediate_size"),
    vocab: fields.integer("vocab_size"),
    tied: fields.boolean("tie_word_embeddings", tiedDefault),
    act: fields.text("hidden_act", actDefault),
  };
}

function complete<T extends object>(values: T): { [K in keyof T]: Exclude<T[K], undefined> } | undefined {
  return Object.values(values).some((value) => value === undefined) ? undefined : (values as { [K in keyof T]: Exclude<T[K], undefined> });
}

/** LlamaForCausalLM and its relatives: pre-norm RMSNorm, rotary attention, a gated MLP. */
function decoder(shape: DecoderShape, fields: ConfigFields, familyConventions: readonly string[]): Built {
  const conventions: string[] = [];
  const attention: SpecLayer = { name: "self_attn", type: "attention", heads: shape.heads };
  if (shape.kvHeads !== shape.heads) attention.kv_heads = shape.kvHeads;
  if (shape.headDim !== undefined) attention.head_dim = shape.headDim;
  if (shape.attentionBias !== false) attention.bias = shape.attentionBias;
  attention.causal = true;
  if (shape.window !== undefined) attention.window = shape.window;
  const mlpBias = shape.mlpBias ? { bias: true } : {};
  const gateUp = shape.fusedMlp
    ? [
        { name: "mlp.gate_up_proj.gate", type: "dense", units: shape.intermediate, ...mlpBias },
        { name: "mlp.activation_fn", type: shape.act },
        { name: "mlp.gate_up_proj.up", type: "dense", units: shape.intermediate, inputs: ["post_attention_layernorm"], ...mlpBias },
        { name: "mlp.gated", type: "multiply", inputs: ["mlp.activation_fn", "mlp.gate_up_proj.up"] },
      ]
    : [
        { name: "mlp.gate_proj", type: "dense", units: shape.intermediate, ...mlpBias },
        { name: "mlp.act_fn", type: shape.act },
        { name: "mlp.up_proj", type: "dense", units: shape.intermediate, inputs: ["post_attention_layernorm"], ...mlpBias },
        { name: "mlp.gated", type: "multiply", inputs: ["mlp.act_fn", "mlp.up_proj"] },
      ];
  // Mixtral: the gated MLP is the block `expert` (w1 the gate, w3 the up, w2 the down projection,
  // transformers' MixtralBlockSparseTop2MLP), used as block_sparse_moe with experts and top_k
  const moe = shape.moe;
  const mlp: SpecLayer[] = moe
    ? [
        { name: "block_sparse_moe", use: "expert", experts: moe.experts, top_k: moe.topK, router_bias: false },
        { name: "moe_residual", type: "add", inputs: ["attn_residual", "block_sparse_moe"] },
      ]
    : [
        ...gateUp,
        { name: "mlp.down_proj", type: "dense", units: shape.hidden, ...mlpBias },
        { name: "mlp_residual", type: "add", inputs: ["attn_residual", "mlp.down_proj"] },
      ];
  const expertBlock: Record<string, { layers: SpecLayer[] }> = moe
    ? {
        expert: {
          layers: [
            { name: "w1", type: "dense", units: shape.intermediate },
            { name: "act_fn", type: shape.act },
            { name: "w3", type: "dense", units: shape.intermediate, inputs: ["input"] },
            { name: "gated", type: "multiply", inputs: ["act_fn", "w3"] },
            { name: "w2", type: "dense", units: shape.hidden },
          ],
        },
      }
    : {};
  const lmHead: SpecLayer = shape.tied
    ? { name: "lm_head", type: "dense", units: shape.vocab, tied: "model.embed_tokens" }
    : { name: "lm_head", type: "dense", units: shape.vocab };
  conventions.push(
    moe
      ? `Each decoder layer as transformers builds it: input_layernorm (RMSNorm), self_attn (the q, k, v and o projections and the attention itself, one attention layer), a residual add, post_attention_layernorm, block_sparse_moe (a router, gate, of ${moe.experts} logits with no bias, and ${moe.experts} experts w2(act(w1(x)) · w3(x)), each position going to ${moe.topK} of them: num_local_experts, num_experts_per_tok), a residual add. Rotary position embeddings and the norms' epsilon have no parameters and are not written.`
      : "Each decoder layer as transformers builds it: input_layernorm (RMSNorm), self_attn (the q, k, v and o projections and the attention itself, one attention layer), a residual add, post_attention_layernorm, the gated MLP down(act(gate(x)) · up(x)), a residual add. Rotary position embeddings and the norms' epsilon have no parameters and are not written.",
    shape.tied
      ? "lm_head is tied to model.embed_tokens (tie_word_embeddings): it counts its multiply–accumulates, no weights of its own."
      : "lm_head has its own matrix (tie_word_embeddings: false).",
  );
  if (shape.fusedMlp)
    conventions.push(
      "Phi-3 fuses q, k and v into one qkv_proj and the gate and up projections into one gate_up_proj: the same weights and multiply–accumulates as separate ones, written here as self_attn and as the two halves mlp.gate_up_proj.gate and .up.",
    );
  conventions.push(...familyConventions);
  return {
    architecture: shape.architecture,
    blocks: {
      ...expertBlock,
      decoder: {
        layers: [
          { name: "input_layernorm", type: "rmsnorm" },
          attention,
          { name: "attn_residual", type: "add", inputs: ["input", "self_attn"] },
          { name: "post_attention_layernorm", type: "rmsnorm" },
          ...mlp,
        ],
      },
    },
    layers: [
      { name: "model.embed_tokens", type: "embedding", vocab: shape.vocab, features: shape.hidden },
      { name: "model.layers", use: "decoder", repeat: shape.layers },
      { name: "model.norm", type: "rmsnorm" },
      lmHead,
    ],
    keys: ["vocab_size", "num_hidden_layers", "hidden_size", shape.tied ? "tie_word_embeddings" : "vocab_size"],
    positions: { key: "max_position_embeddings", value: fields.integer("max_position_embeddings", 1, -1), learned: false },
    conventions,
  };
}

/** A Llama-like family: its class, its default for tied embeddings, and what differs. */
function llamaLike(
  architecture: string,
  tiedDefault: boolean,
  actDefault: string,
  extra: (fields: ConfigFields, conventions: string[]) => Partial<DecoderShape> | undefined,
): Family {
  return (fields) => {
    const base = decoderFields(fields, architecture, tiedDefault, actDefault);
    const conventions: string[] = [];
    const more = extra(fields, conventions);
    const { headDim, ...required } = base;
    const shape = complete(required);
    if (!shape || !more || fields.problems.length > 0) return undefined;
    return decoder(
      {
        ...shape,
        headDim,
        act: activation(shape.act),
        attentionBias: false,
        mlpBias: false,
        window: undefined,
        fusedMlp: false,
        ...more,
      },
      fields,
      conventions,
    );
  };
}

const llama = llamaLike("LlamaForCausalLM", false, "silu", (fields, conventions) => {
  const attentionBias = fields.boolean("attention_bias", false);
  const mlpBias = fields.boolean("mlp_bias", false);
  if (attentionBias === undefined || mlpBias === undefined) return undefined;
  conventions.push(`Biases as the config says: attention_bias ${attentionBias}, mlp_bias ${mlpBias} (both false when absent).`);
  return { attentionBias, mlpBias };
});

const mistral = llamaLike("MistralForCausalLM", false, "silu", (fields, conventions) => {
  const window = fields.integer("sliding_window", 1, -1);
  if (window === undefined) return undefined;
  conventions.push(
    window === -1
      ? "No biases; no sliding window (sliding_window is null)."
      : `No biases; sliding_window ${window} is the attention's window (it changes the counts only with count: kept).`,
  );
  return window === -1 ? {} : { window };
});

const mixtral = llamaLike("MixtralForCausalLM", false, "silu", (fields, conventions) => {
  const window = fields.integer("sliding_window", 1, -1);
  const experts = fields.integer("num_local_experts", 1, 8);
  const topK = fields.integer("num_experts_per_tok", 1, 2);
  if (window === undefined || experts === undefined || topK === undefined) return undefined;
  if (topK > experts) return fields.problem("num_experts_per_tok", `${topK} experts a position are more than the ${experts} of num_local_experts`);
  conventions.push(
    window === -1
      ? "No biases; no sliding window (sliding_window is null)."
      : `No biases; sliding_window ${window} is the attention's window (it changes the counts only with count: kept).`,
  );
  return { moe: { experts, topK }, ...(window === -1 ? {} : { window }) };
});

const qwen2 = llamaLike("Qwen2ForCausalLM", false, "silu", (fields, conventions) => {
  const useWindow = fields.boolean("use_sliding_window", false);
  const window = fields.integer("sliding_window", 1, -1);
  if (useWindow === undefined || window === undefined) return undefined;
  conventions.push(
    "Qwen2's q, k and v projections have biases and its o projection has none: bias { q: true, k: true, v: true, o: false }.",
    useWindow && window !== -1 ? `use_sliding_window: sliding_window ${window} is the attention's window.` : "No sliding window (use_sliding_window is false).",
  );
  return { attentionBias: { q: true, k: true, v: true, o: false }, ...(useWindow && window !== -1 ? { window } : {}) };
});

const gemma = llamaLike("GemmaForCausalLM", true, "gelu_pytorch_tanh", (fields, conventions) => {
  // newer Gemma configs name the MLP's activation hidden_activation, and it wins over hidden_act
  const act = fields.has("hidden_activation") ? fields.text("hidden_activation", "gelu_pytorch_tanh") : undefined;
  const attentionBias = fields.boolean("attention_bias", false);
  if (attentionBias === undefined || (fields.has("hidden_activation") && act === undefined)) return undefined;
  conventions.push(
    "Gemma: head_dim from the config, embeddings scaled by √hidden_size (free), RMSNorm gains as (1 + w): one weight per feature, embeddings tied to the LM head unless tie_word_embeddings is false.",
  );
  return { attentionBias, ...(act === undefined ? {} : { act: activation(act) }) };
});

const phi3 = llamaLike("Phi3ForCausalLM", false, "silu", (fields, conventions) => {
  const window = fields.integer("sliding_window", 1, -1);
  if (window === undefined) return undefined;
  conventions.push(
    window === -1
      ? "No biases; no sliding window."
      : `No biases; sliding_window ${window} is the attention's window (it changes the counts only with count: kept).`,
  );
  return { fusedMlp: true, ...(window === -1 ? {} : { window }) };
});

/** GPT-2: learned positions, pre-norm LayerNorm with biases, a 4× GELU MLP, the LM head tied to wte. */
const gpt2: Family = (fields) => {
  const values = complete({
    architecture: fields.architecture("GPT2LMHeadModel"),
    hidden: fields.integer("n_embd"),
    layers: fields.integer("n_layer"),
    heads: fields.integer("n_head"),
    vocab: fields.integer("vocab_size"),
    act: fields.text("activation_function", "gelu_new"),
    tied: fields.boolean("tie_word_embeddings", true),
  });
  const inner = fields.integer("n_inner", 1, values ? 4 * values.hidden : -1);
  const positions = fields.integer("n_positions", 1, -1);
  if (!values || inner === undefined || positions === undefined || fields.problems.length > 0) return undefined;
  if (values.hidden % values.heads !== 0) return fields.problem("n_head", `${values.heads} heads do not divide n_embd ${values.hidden}`);
  const heads: Record<string, SpecLayer[]> = {
    GPT2LMHeadModel: [
      values.tied
        ? { name: "lm_head", type: "dense", units: values.vocab, tied: "transformer.wte", bias: false }
        : { name: "lm_head", type: "dense", units: values.vocab, bias: false },
    ],
    GPT2Model: [],
  };
  const head = heads[values.architecture];
  if (!head)
    return fields.problem("architectures", `${JSON.stringify(values.architecture)} is not a GPT-2 class alexcount imports: ${Object.keys(heads).join(", ")}`);
  const prefix = values.architecture === "GPT2Model" ? "" : "transformer.";
  return {
    architecture: values.architecture,
    blocks: {
      block: {
        layers: [
          { name: "ln_1", type: "layernorm" },
          { name: "attn", type: "attention", heads: values.heads, causal: true },
          { name: "attn_residual", type: "add", inputs: ["input", "attn"] },
          { name: "ln_2", type: "layernorm" },
          { name: "mlp.c_fc", type: "dense", units: inner },
          { name: "mlp.act", type: activation(values.act) },
          { name: "mlp.c_proj", type: "dense", units: values.hidden },
          { name: "mlp_residual", type: "add", inputs: ["attn_residual", "mlp.c_proj"] },
        ],
      },
    },
    layers: [
      { name: `${prefix}wte`, type: "embedding", vocab: values.vocab, features: values.hidden },
      { name: `${prefix}wpe`, type: "embedding", vocab: positions === -1 ? 1024 : positions, features: values.hidden, inputs: ["input"] },
      { name: `${prefix}embeddings`, type: "add", inputs: [`${prefix}wte`, `${prefix}wpe`] },
      { name: `${prefix}h`, use: "block", repeat: values.layers },
      { name: `${prefix}ln_f`, type: "layernorm" },
      ...head,
    ],
    keys: ["vocab_size", "n_positions", "n_embd", "n_layer", "n_embd", ...head.map(() => "tie_word_embeddings")],
    positions: { key: "n_positions", value: positions === -1 ? 1024 : positions, learned: true },
    conventions: [
      "GPT-2 as transformers builds it: token (wte) and learned position (wpe) embeddings added; each block ln_1, attn (c_attn: q, k and v with biases; c_proj), a residual add, ln_2, the MLP c_fc → activation → c_proj, a residual add; ln_f. Conv1D is a dense layer.",
      "wpe is a table of n_positions rows read by position ids (an embedding reading the input), so its weights do not depend on the tokens counted.",
      ...(head.length > 0
        ? [
            values.tied
              ? "lm_head (no bias) is tied to wte: its multiply–accumulates count, no weights of its own."
              : "lm_head has its own matrix (tie_word_embeddings: false), no bias.",
          ]
        : []),
    ],
  };
};

/** BERT: learned positions and token types, post-norm encoder layers with biases. */
const bert: Family = (fields) => {
  const values = complete({
    architecture: fields.architecture("BertForMaskedLM"),
    hidden: fields.integer("hidden_size"),
    layers: fields.integer("num_hidden_layers"),
    heads: fields.integer("num_attention_heads"),
    intermediate: fields.integer("intermediate_size"),
    vocab: fields.integer("vocab_size"),
    positions: fields.integer("max_position_embeddings"),
    types: fields.integer("type_vocab_size", 1, 2),
    act: fields.text("hidden_act", "gelu"),
    tied: fields.boolean("tie_word_embeddings", true),
  });
  if (!values || fields.problems.length > 0) return undefined;
  if (values.hidden % values.heads !== 0) return fields.problem("num_attention_heads", `${values.heads} heads do not divide hidden_size ${values.hidden}`);
  const act = activation(values.act);
  const heads: Record<string, SpecLayer[]> = {
    // the pooler: a dense layer and tanh on the first position (the [CLS] token)
    BertModel: [
      { name: "pooler.first_token", type: "pick" },
      { name: "pooler.dense", type: "dense", units: values.hidden },
      { name: "pooler.activation", type: "tanh" },
    ],
    BertForMaskedLM: [
      { name: "cls.predictions.transform.dense", type: "dense", units: values.hidden },
      { name: "cls.predictions.transform.transform_act_fn", type: act },
      { name: "cls.predictions.transform.LayerNorm", type: "layernorm" },
      values.tied
        ? { name: "cls.predictions.decoder", type: "dense", units: values.vocab, tied: "bert.embeddings.word_embeddings" }
        : { name: "cls.predictions.decoder", type: "dense", units: values.vocab },
    ],
  };
  const head = heads[values.architecture];
  if (!head)
    return fields.problem("architectures", `${JSON.stringify(values.architecture)} is not a BERT class alexcount imports: ${Object.keys(heads).join(", ")}`);
  // BertModel's modules are its own (embeddings.…); a model with a head holds it as bert.…
  const p = values.architecture === "BertModel" ? "" : "bert.";
  return {
    architecture: values.architecture,
    blocks: {
      encoder_layer: {
        layers: [
          { name: "attention.self", type: "attention", heads: values.heads },
          { name: "attention.output.residual", type: "add", inputs: ["input", "attention.self"] },
          { name: "attention.output.LayerNorm", type: "layernorm" },
          { name: "intermediate.dense", type: "dense", units: values.intermediate },
          { name: "intermediate.intermediate_act_fn", type: act },
          { name: "output.dense", type: "dense", units: values.hidden },
          { name: "output.residual", type: "add", inputs: ["attention.output.LayerNorm", "output.dense"] },
          { name: "output.LayerNorm", type: "layernorm" },
        ],
      },
    },
    layers: [
      { name: `${p}embeddings.word_embeddings`, type: "embedding", vocab: values.vocab, features: values.hidden },
      { name: `${p}embeddings.position_embeddings`, type: "embedding", vocab: values.positions, features: values.hidden, inputs: ["input"] },
      { name: `${p}embeddings.token_type_embeddings`, type: "embedding", vocab: values.types, features: values.hidden, inputs: ["input"] },
      {
        name: `${p}embeddings.sum`,
        type: "add",
        inputs: [`${p}embeddings.word_embeddings`, `${p}embeddings.position_embeddings`, `${p}embeddings.token_type_embeddings`],
      },
      { name: `${p}embeddings.LayerNorm`, type: "layernorm" },
      { name: `${p}encoder.layer`, use: "encoder_layer", repeat: values.layers },
      ...head,
    ],
    keys: ["vocab_size max_position_embeddings type_vocab_size hidden_size hidden_size num_hidden_layers", ...head.map(() => "architectures")],
    positions: { key: "max_position_embeddings", value: values.positions, learned: true },
    conventions: [
      "BERT as transformers builds it: word, position and token-type embeddings (tables read by ids: their weights do not depend on the tokens counted) added, then LayerNorm; each encoder layer attention (query, key, value, output.dense, with biases), a residual add, LayerNorm, intermediate.dense → activation → output.dense, a residual add, LayerNorm (post-norm).",
      ...(values.architecture === "BertModel" ? ["BertModel's pooler: pooler.dense and tanh on the first position (the [CLS] token), picked."] : []),
      ...(values.architecture === "BertForMaskedLM"
        ? [
            `BertForMaskedLM's head: transform.dense → activation → LayerNorm, then the decoder ${values.tied ? "tied to word_embeddings (its bias, cls.predictions.bias, counts)" : "with its own matrix"}; no pooler.`,
          ]
        : []),
    ],
  };
};

/** ViT: patches by a strided convolution, a class token, learned positions, pre-norm encoder layers. */
const vit: Family = (fields) => {
  const values = complete({
    architecture: fields.architecture("ViTForImageClassification"),
    hidden: fields.integer("hidden_size"),
    layers: fields.integer("num_hidden_layers"),
    heads: fields.integer("num_attention_heads"),
    intermediate: fields.integer("intermediate_size"),
    image: fields.integer("image_size"),
    patch: fields.integer("patch_size"),
    channels: fields.integer("num_channels", 1, 3),
    qkvBias: fields.boolean("qkv_bias", true),
    act: fields.text("hidden_act", "gelu"),
  });
  // the classes: id2label's entries (as transformers counts num_labels), else num_labels, else 2
  const labels = fields.config.id2label;
  const classes =
    labels !== null && typeof labels === "object" && !Array.isArray(labels) && Object.keys(labels).length > 0
      ? Object.keys(labels).length
      : fields.integer("num_labels", 1, 2);
  if (!values || classes === undefined || fields.problems.length > 0) return undefined;
  if (values.hidden % values.heads !== 0) return fields.problem("num_attention_heads", `${values.heads} heads do not divide hidden_size ${values.hidden}`);
  if (values.image % values.patch !== 0) return fields.problem("patch_size", `${values.patch} does not divide image_size ${values.image}`);
  const heads: Record<string, SpecLayer[]> = {
    ViTForImageClassification: [
      { name: "classifier.first_token", type: "pick" },
      { name: "classifier", type: "dense", units: classes },
    ],
    ViTModel: [
      { name: "pooler.first_token", type: "pick" },
      { name: "pooler.dense", type: "dense", units: values.hidden },
      { name: "pooler.activation", type: "tanh" },
    ],
  };
  const head = heads[values.architecture];
  if (!head)
    return fields.problem("architectures", `${JSON.stringify(values.architecture)} is not a ViT class alexcount imports: ${Object.keys(heads).join(", ")}`);
  const p = values.architecture === "ViTModel" ? "" : "vit.";
  const patches = (values.image / values.patch) ** 2;
  return {
    architecture: values.architecture,
    blocks: {
      encoder_layer: {
        layers: [
          { name: "layernorm_before", type: "layernorm" },
          {
            name: "attention",
            type: "attention",
            heads: values.heads,
            ...(values.qkvBias ? {} : { bias: { q: false, k: false, v: false, o: true } }),
          },
          { name: "attention_residual", type: "add", inputs: ["input", "attention"] },
          { name: "layernorm_after", type: "layernorm" },
          { name: "intermediate.dense", type: "dense", units: values.intermediate },
          { name: "intermediate.intermediate_act_fn", type: activation(values.act) },
          { name: "output.dense", type: "dense", units: values.hidden },
          { name: "output.residual", type: "add", inputs: ["attention_residual", "output.dense"] },
        ],
      },
    },
    layers: [
      { name: `${p}embeddings.patch_embeddings.projection`, type: "conv", filters: values.hidden, kernel: values.patch, stride: values.patch },
      { name: `${p}embeddings.patches`, type: "to_sequence" },
      { name: `${p}embeddings.cls_token`, type: "class_token" },
      { name: `${p}embeddings.position_embeddings`, type: "position_embedding" },
      { name: `${p}encoder.layer`, use: "encoder_layer", repeat: values.layers },
      { name: `${p}layernorm`, type: "layernorm" },
      ...head,
    ],
    keys: ["patch_size", "patch_size", "hidden_size", "image_size", "num_hidden_layers", "hidden_size", ...head.map(() => "architectures")],
    positions: { key: "image_size", value: patches + 1, learned: true },
    image: { size: values.image, channels: values.channels },
    conventions: [
      `ViT as transformers builds it: ${values.patch}×${values.patch} patches by a convolution of stride ${values.patch} (with a bias), read as a sequence of ${patches}, a class token prepended, learned position embeddings (${patches + 1} × ${values.hidden}) added; each encoder layer layernorm_before, attention (query, key, value ${values.qkvBias ? "with" : "without"} biases, output.dense with one), a residual add, layernorm_after, intermediate.dense → activation → output.dense, a residual add; a final layernorm.`,
      values.architecture === "ViTModel"
        ? "ViTModel's pooler: pooler.dense and tanh on the class token, picked."
        : `The classifier reads the class token alone (picked): ${classes} classes (${Object.keys(fields.config).includes("id2label") ? "id2label's entries" : "num_labels"}).`,
    ],
  };
};

const FAMILIES: Readonly<Record<string, Family>> = { llama, mistral, mixtral, qwen2, gemma, phi3, gpt2, bert, vit };

/** Families alexcount knows of but cannot write yet, and why (none at present). */
const NOT_YET: Readonly<Record<string, string>> = {};

export function importHfConfig(text: string, file: string, options: HfImportOptions = {}): ImportResult {
  const fail = (problems: ImportProblem[]): ImportResult => ({ ok: false, problems });
  const read = readJson(text);
  if (!read.ok) return fail([{ file, position: read.position, path: "", message: read.message }]);
  const root = read.value;
  if (root === null || typeof root !== "object" || Array.isArray(root))
    return fail([{ file, position: read.positions.get("")!, path: "", message: "expected a JSON object, as a config.json is" }]);
  const fields = new ConfigFields(file, root, read.positions);
  const supported = Object.keys(FAMILIES).join(", ");
  const modelType = fields.config.model_type;
  if (typeof modelType !== "string")
    return fail([
      {
        file,
        position: fields.positionOf("model_type")!,
        path: "model_type",
        message: `${modelType === undefined ? "missing" : "expected a string"}: a Hugging Face config.json names its family (alexcount imports ${supported})`,
      },
    ]);
  const family = Object.hasOwn(FAMILIES, modelType) ? FAMILIES[modelType] : undefined;
  if (!family) {
    const why = Object.hasOwn(NOT_YET, modelType) ? ` (not yet: ${NOT_YET[modelType]})` : "";
    return fail([
      {
        file,
        position: fields.positionOf("model_type")!,
        path: "model_type",
        message: `${JSON.stringify(modelType.slice(0, 40))} is not a family alexcount imports${why}; it imports ${supported}`,
      },
    ]);
  }
  const built = family(fields);
  if (!built || fields.problems.length > 0)
    return fail(fields.problems.length > 0 ? fields.problems : [{ file, path: "", message: `the ${modelType} configuration could not be read` }]);
  if (built.image && options.tokens !== undefined)
    return fail([
      { file, position: fields.positionOf("image_size")!, path: "image_size", message: "--tokens is for text models: an image model's tokens are its patches" },
    ]);
  const maxPositions = built.positions.value === -1 ? undefined : built.positions.value;
  const tokens = options.tokens ?? maxPositions;
  if (tokens === undefined)
    return fail([
      { file, position: fields.positionOf(built.positions.key)!, path: built.positions.key, message: "missing: give the tokens to count at with --tokens" },
    ]);
  if (built.positions.learned && maxPositions !== undefined && tokens > maxPositions)
    return fail([
      {
        file,
        position: fields.positionOf(built.positions.key)!,
        path: built.positions.key,
        message: `--tokens ${tokens} is more than the ${maxPositions} positions this model has learned embeddings for`,
      },
    ]);
  const sources: LayerSource[] = built.keys.map((key) => ({ path: key, position: fields.positionOf(key)!, name: key }));
  const header = [
    `Imported by \`alexcount import\` from ${file} (Hugging Face config.json, model_type ${JSON.stringify(modelType)}, ${built.architecture}); edit freely.`,
    built.image
      ? `Input: a ${built.image.size}×${built.image.size} image of ${built.image.channels} channels (image_size, num_channels).`
      : options.tokens === undefined
        ? `Input: ${tokens} token ids, the config's ${built.positions.key} (\`alexcount import --tokens N\` counts at another length).`
        : `Input: ${tokens} token ids (--tokens; the config's ${built.positions.key} is ${maxPositions ?? "not given"}).`,
    `Layer names are transformers' module names; the repeated layer is a block, used ${String((built.layers.find((l) => "use" in l) as { repeat: number }).repeat)} times.`,
    ...built.conventions,
    "Counted per sequence: the units and multiply–accumulates are for one sequence of that many tokens; dropout is left out (free).",
    ...(options.checkpoint
      ? [`published: the checkpoint beside the config, ${options.checkpoint.source}, as a source for the weights: alexcount check compares them.`]
      : []),
  ];
  return {
    ok: true,
    imported: {
      spec: {
        name: `${built.architecture} (${modelType})`,
        description: `${built.architecture}, imported from a Hugging Face config.json (model_type ${modelType})`,
        source: [`${file} (Hugging Face config.json, model_type ${modelType})`],
        input: built.image ? { size: built.image.size, channels: built.image.channels } : { tokens },
        bias: modelType === "gpt2" || modelType === "bert" || modelType === "vit",
        blocks: built.blocks,
        layers: built.layers,
        ...(options.checkpoint ? { published: [{ source: options.checkpoint.source, totals: { weights: options.checkpoint.weights } }] } : {}),
      },
      header,
      warnings: [],
      sources,
      // a problem in a block's layer: at the config's model_type, the family that wrote the block
      fallback: { path: "model_type", position: fields.positionOf("model_type")!, name: modelType },
    },
  };
}
