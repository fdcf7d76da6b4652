// src/cli/node-io.ts's standard output: writeSync on fd 1, and process.stdout once a write is
// refused (EAGAIN), here with a fake fd and a fake stream.
import { describe, expect, it } from "vitest";
import { stdoutWriter } from "../../src/cli/node-io.js";

/** A fake fd 1 that takes at most `perCall` bytes a write and refuses (EAGAIN) once it holds `capacity`. */
function fakeFd(perCall: number, capacity: number) {
  const taken: Buffer[] = [];
  let held = 0;
  let calls = 0;
  const write = (bytes: Buffer, offset: number) => {
    calls++;
    if (held >= capacity) throw Object.assign(new Error("EAGAIN: resource temporarily unavailable, write"), { code: "EAGAIN" });
    const chunk = bytes.subarray(offset, offset + Math.min(perCall, capacity - held));
    taken.push(Buffer.from(chunk));
    held += chunk.length;
    return chunk.length;
  };
  return { write, text: () => Buffer.concat(taken).toString("utf8"), calls: () => calls };
}

function fakeStream() {
  const chunks: string[] = [];
  let made = 0;
  const stream = { write: (chunk: string | Uint8Array) => chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")) };
  return { make: () => (made++, stream), text: () => chunks.join(""), made: () => made };
}

describe("stdoutWriter", () => {
  it("writes every byte through the fd, a partial write at a time, and never makes the stream", () => {
    const fd = fakeFd(3, Infinity);
    const stream = fakeStream();
    const out = stdoutWriter(fd.write, stream.make);
    out("AlexNet · 224×224×3\n");
    out("L1 conv\n");
    expect(fd.text()).toBe("AlexNet · 224×224×3\nL1 conv\n");
    expect(stream.made()).toBe(0);
  });

  it("goes on through the stream from the first refused byte, and stays there, in order", () => {
    // the fd takes 10 bytes: "0123456789"; the rest of the first text and all later ones go to the stream
    const fd = fakeFd(4, 10);
    const stream = fakeStream();
    const out = stdoutWriter(fd.write, stream.make);
    out("0123456789abcdef");
    out("ghij");
    out("×klm");
    expect(fd.text()).toBe("0123456789");
    expect(stream.text()).toBe("abcdefghij×klm");
    expect(stream.made()).toBe(1);
    expect(fd.calls()).toBe(4); // 4 + 4 + 2 bytes, then the refusal; none after it
  });

  it("passes on an error that is neither EAGAIN nor EPIPE", () => {
    const out = stdoutWriter(() => {
      throw Object.assign(new Error("EBADF: bad file descriptor, write"), { code: "EBADF" });
    }, fakeStream().make);
    expect(() => out("x")).toThrow("EBADF");
  });
});
