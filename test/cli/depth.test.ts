// --depth on the command line: the table, the JSON tree, compare by part, and bad values.
import { describe, expect, it } from "vitest";
import type { JsonComparison } from "../../src/render/compare.js";
import type { JsonReport } from "../../src/render/json.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

describe("alexcount SPEC --depth", () => {
  it("--depth 1 shows ResNet-50 by stage", async () => {
    const r = await runCli(["resnet50", "--depth", "1"]);
    expect(r.exitCode).toBe(0);
    const names = r.stdout.split("\n").map((line) => /^│ (\S+)/.exec(line)?.[1]);
    expect(names).toEqual(expect.arrayContaining(["layer1", "layer2", "layer3", "layer4", "fc"]));
    expect(r.stdout).not.toContain("layer3.1");
  });

  it("--json carries the tree beside the flat layers scripts read", async () => {
    const r = await runCli(["resnet18", "--json"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    // the flat list is still there, every layer by its expanded name
    expect(report.layers[0]?.name).toBe("conv1");
    expect(report.layers.map((l) => l.name)).toContain("layer3.1.conv2");
    expect(report.tree?.map((g) => g.name)).toEqual(["layer1", "layer2", "layer3", "layer4"]);
    // a network without blocks or dotted names has no tree
    const alexnet = JSON.parse((await runCli(["alexnet", "--json"])).stdout) as JsonReport;
    expect(alexnet.tree).toBeUndefined();
  });

  it.each(["x", "-1", "1.5", ""])("--depth %j exits 2 and says what it takes", async (value) => {
    const r = await runCli(["resnet50", "--depth", value]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("expected a whole number from 0");
  });
});

describe("alexcount SPEC --depth with the what-if options", () => {
  it("the rows at the depth carry their weight bytes and FLOPs, in the table and the CSV", async () => {
    const r = await runCli(["resnet50", "--depth", "1", "--dtype", "bf16", "--batch", "2"]);
    expect(r.exitCode).toBe(0);
    const layer3 = r.stdout.split("\n").find((line) => line.startsWith("│ layer3 "));
    // bf16: 2 × 7,098,368 = 14,196,736 bytes; FLOPs 2 × 1,464,336,384 × batch 2 = 5,857,345,536
    expect(layer3).toMatch(/│ +14,196,736 │ +5,857,345,536 │$/);
    expect(r.stdout).toContain("FLOPs: 2 × connections × batch 2");
    // the memory block under the table has the same weights: 2 × 25,557,032
    expect(r.stdout).toMatch(/weights +51,114,064 B/);
    const csv = await runCli(["resnet50", "--depth", "1", "--dtype", "bf16", "--format", "csv"]);
    expect(csv.stdout.split("\r\n")[0]).toBe("layer,type,output,kernel,units,weights,biases,connections,level,repeat,weight_bytes,flops");
    expect(csv.stdout).toContain("\r\nlayer3,bottleneck_down, bottleneck × 5".replace("bottleneck_down, bottleneck × 5", '"bottleneck_down, bottleneck × 5"'));
    expect(csv.stdout).toContain(",14196736,2928672768\r\n");
  });
});

describe("alexcount SPEC --json with the what-if options", () => {
  it("each group of the tree carries its FLOPs per example and its weight bytes", async () => {
    const r = await runCli(["resnet50", "--json", "--dtype", "bf16", "--batch", "4"]);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const layer3 = report.tree?.find((g) => g.name === "layer3");
    // 2 × 1,464,336,384 = 2,928,672,768 FLOPs, one example's as totals.flops (the batch is in flops.forward);
    // 2 bytes × 7,098,368 weights = 14,196,736
    expect(layer3?.totals).toMatchObject({ flops: 2_928_672_768, weight_bytes: 14_196_736 });
    // layer3.1, one bottleneck: 2 × 1,117,184 = 2,234,368 bytes
    expect(layer3?.groups?.[1]?.totals.weight_bytes).toBe(2_234_368);
    // without the options, the tree is as it was
    const plain = JSON.parse((await runCli(["resnet50", "--json"])).stdout) as JsonReport;
    expect(plain.tree?.find((g) => g.name === "layer3")?.totals).not.toHaveProperty("flops");
  });
});

describe("alexcount compare --depth", () => {
  it("sets ResNet-34's stages against ResNet-18's", async () => {
    const r = await runCli(["compare", "resnet18", "resnet34", "--depth", "1", "--json"]);
    expect(r.exitCode).toBe(0);
    const { specs } = JSON.parse(r.stdout) as JsonComparison;
    const layer3 = specs[1]?.parts?.find((p) => p.name === "layer3");
    // ResNet-18's layer3: a down-sampling basic block (3·3·128·256 + 3·3·256·256 + 1·1·128·256 + bn 3·512
    // = 294,912 + 589,824 + 32,768 + 1,536 = 919,040) and one basic block (2·3·3·256·256 + 2·512 = 1,180,672):
    // 2,099,712. ResNet-34's: the same down-sampling block and five basic blocks: 919,040 + 5·1,180,672 = 6,822,400
    expect(layer3?.totals.weights).toBe(6_822_400);
    expect(layer3?.ratios.weights).toBeCloseTo(6_822_400 / 2_099_712, 12);
    const table = await runCli(["compare", "resnet18", "resnet34", "--depth", "1"]);
    expect(table.stdout).toContain("layer3: weights");
    expect(table.stdout).toContain("6,822,400 (3.25×)");
  });
});

describe("alexcount SPEC --explain GROUP", () => {
  it("explains a block use: each layer's working, then the block's sums with its parameters", async () => {
    const r = await runCli(["resnet50", "--explain", "layer3.1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("layer3.1.conv2 · conv 3×3 p1");
    expect(r.stdout).toContain("layer3.1 · block bottleneck with width = 256, out = 1024: the sums of its parts above");
    // conv1 1·1·1024·256 = 262,144; bn1 2·256 = 512; conv2 3·3·256·256 = 589,824; bn2 512; conv3 1·1·256·1024 = 262,144;
    // bn3 2·1024 = 2,048: 1,117,184 in all (the layers are the 57th to 62nd that cost something)
    expect(r.stdout).toContain("P = P₅₇ + P₅₈ + P₅₉ + P₆₀ + P₆₁ + P₆₂ = 262,144 + 512 + 589,824 + 512 + 262,144 + 2,048 = 1,117,184");
    expect(r.stdout).not.toContain("layer3.2.conv1");
  });

  it("explains a stage as the sum of its repetitions", async () => {
    const r = await runCli(["resnet50", "--explain", "layer3"]);
    // layer3.0 (1,512,448: see the depth tests) and five bottlenecks of 1,117,184: 7,098,368
    expect(r.stdout).toContain(
      "P = layer3.0 + layer3.1 + layer3.2 + layer3.3 + layer3.4 + layer3.5 = 1,512,448 + 1,117,184 + 1,117,184 + 1,117,184 + 1,117,184 + 1,117,184 = 7,098,368",
    );
  });

  it("writes a bottleneck's figures in its parameters, then with them filled in", async () => {
    const r = await runCli(["resnet50", "--explain", "layer3.1"]);
    expect(r.stdout).toContain(
      "layer3.1 · block bottleneck with width = 256, out = 1024: in its parameters, with H′ = 14, W′ = 14, C = 1,024, width = 256, out = 1,024",
    );
    // conv1 1·1·C·width, conv2 3·3·width·width, conv3 1·1·width·out, bn1 and bn2 2·width each, bn3 2·out:
    // with C = 1,024, width = 256, out = 1,024: 262,144 + 589,824 + 262,144 + 1,024 + 2,048 = 1,117,184
    expect(r.stdout).toContain("P = C·width + 9·width² + width·out + 4·width + 2·out");
    expect(r.stdout).toContain("= 1,024 × 256 + 9 × 256² + 256 × 1,024 + 4 × 256 + 2 × 1,024 = 262,144 + 589,824 + 262,144 + 1,024 + 2,048 = 1,117,184");
    // connections: each conv's weights at each of the 14 × 14 positions: 196 · 1,114,112 = 218,365,952
    expect(r.stdout).toContain("U = H′·W′·C·width + 9·H′·W′·width² + H′·W′·width·out");
    expect(r.stdout).toContain("= 51,380,224 + 115,605,504 + 51,380,224 = 218,365,952");
    // the bound-number working stays
    expect(r.stdout).toContain("layer3.1 · block bottleneck with width = 256, out = 1024: the sums of its parts above");
  });

  it("follows a parameter through a block used inside a block (with: { out: $ch1x1 })", async () => {
    const r = await runCli(["googlenet", "--explain", "inception3a", "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    // each branch's basic_conv: a conv from its input to the parameter's channels (no bias), then a
    // batchnorm of 2 per channel; the 3×3 convs read the reductions' channels. With C = 192, the
    // convs 192·64 + 192·96 + 9·96·128 + 192·16 + 9·16·32 + 192·32 = 155,136, and the batchnorms
    // 2·(64 + 96 + 128 + 16 + 32 + 32) = 736: 155,872
    expect(r.stdout).toContain(
      "`P = C·ch1x1 + C·ch3x3red + 9·ch3x3red·ch3x3 + C·ch5x5red + 9·ch5x5red·ch5x5 + C·pool_proj + 2·ch1x1 + 2·ch3x3red + 2·ch3x3 + 2·ch5x5red + 2·ch5x5 + 2·pool_proj`",
    );
    expect(r.stdout).toMatch(/= 12,288 \+ 18,432 \+ 110,592 \+ 3,072 \+ 4,608 \+ 6,144 \+ 128 \+ 192 \+ 256 \+ 32 \+ 64 \+ 64 = 155,872`/);
  });

  it("derives the working of any block from its layers: a two-layer MLP of width hidden", async () => {
    const spec = `name: mlp
input: { features: 10 }
blocks:
  mlp:
    params: { hidden: null, out: 6 }
    layers:
      - { name: up, type: fc, units: $hidden }
      - { name: act, type: relu }
      - { name: down, type: fc, units: $out }
layers:
  - { name: m, use: mlp, with: { hidden: 20 } }
`;
    const r = await runCli(["spec.yaml", "--explain", "m"], { files: { "spec.yaml": spec } });
    expect(r.stderr).toBe("");
    // up: F·hidden + hidden (bias); down: hidden·out + out. With F = 10, hidden = 20, out = 6:
    // 200 + 120 + 20 + 6 = 346 weights
    expect(r.stdout).toContain("in its parameters, with F = 10, hidden = 20, out = 6");
    expect(r.stdout).toContain("P = F·hidden + hidden·out + hidden + out");
    expect(r.stdout).toContain("= 10 × 20 + 20 × 6 + 20 + 6 = 200 + 120 + 20 + 6 = 346");
    expect(r.stdout).toContain("N = hidden + out");
  });

  it("suggests group names as well as layer names for a name it does not know", async () => {
    const r = await runCli(["resnet50", "--explain", "layer9"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("close names: layer1, layer2, layer3, layer4");
  });
});
