// Telling a Hugging Face config.json from an alexcount JSON spec without parsing it: a config is
// a JSON object with a model_type field, which no spec has (unknown keys are errors in a spec).

export function isHfConfig(text: string): boolean {
  return /^\s*\{/.test(text) && /"model_type"\s*:/.test(text);
}
