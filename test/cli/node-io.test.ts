// src/cli/node-io.ts's FdWriter: writeSync on standard output's or error's fd, and the stream
// (process.stdout or process.stderr) once a write is refused (EAGAIN), here with a fake fd and a
// fake stream.
import { describe, expect, it } from "vitest";
import { FdWriter } from "../../src/cli/node-io.js";

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

describe("FdWriter", () => {
  it("writes every byte through the fd, a partial write at a time, and never makes the stream", () => {
    const fd = fakeFd(3, Infinity);
    const stream = fakeStream();
    const writer = new FdWriter(fd.write, stream.make);
    writer.write("AlexNet · 224×224×3\n");
    writer.write("L1 conv\n");
    expect(fd.text()).toBe("AlexNet · 224×224×3\nL1 conv\n");
    expect(stream.made()).toBe(0);
    expect(writer.streamed).toBe(false);
  });

  it("goes on through the stream from the first refused byte, and stays there, in order", () => {
    // the fd takes 10 bytes: "0123456789"; the rest of the first text and all later ones go to the stream
    const fd = fakeFd(4, 10);
    const stream = fakeStream();
    const writer = new FdWriter(fd.write, stream.make);
    writer.write("0123456789abcdef");
    expect(writer.streamed).toBe(true);
    writer.write("ghij");
    writer.write("×klm");
    expect(fd.text()).toBe("0123456789");
    expect(stream.text()).toBe("abcdefghij×klm");
    expect(stream.made()).toBe(1);
    expect(fd.calls()).toBe(4); // 4 + 4 + 2 bytes, then the refusal; none after it
  });

  it("passes on an error that is neither EAGAIN nor EPIPE", () => {
    const writer = new FdWriter(() => {
      throw Object.assign(new Error("EBADF: bad file descriptor, write"), { code: "EBADF" });
    }, fakeStream().make);
    expect(() => writer.write("x")).toThrow("EBADF");
  });
});
