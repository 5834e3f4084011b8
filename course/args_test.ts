import assert from "node:assert/strict";
import { CourseError } from "./errors.ts";
import { parsePort, parseTimeout } from "./args.ts";
import { maxTimeoutSeconds } from "./constants.ts";

Deno.test("parsePort() takes 0 to 65535 and refuses anything else in one line", () => {
  assert.equal(parsePort(undefined), undefined);
  assert.equal(parsePort("0"), 0);
  assert.equal(parsePort("3000"), 3000);
  assert.equal(parsePort("65535"), 65535);
  for (
    const text of [
      "",
      "-1",
      "65536",
      "99999999",
      "3000abc",
      "1e3",
      "3.5",
      " 80",
      "0x50",
    ]
  ) {
    assert.throws(
      () => parsePort(text),
      (error) =>
        error instanceof CourseError &&
        error.message ===
          `--port takes a port number from 0 to 65535, such as 3000: got "${text}"`,
      text,
    );
  }
});

Deno.test("parseTimeout() takes seconds up to what a timer can wait, and refuses values that would overflow it", () => {
  assert.equal(maxTimeoutSeconds, 2147483);
  assert.equal(parseTimeout(undefined), undefined);
  assert.equal(parseTimeout("10"), 10_000);
  assert.equal(parseTimeout("0.5"), 500);
  assert.equal(parseTimeout("2147483"), 2_147_483_000);
  assert.ok(parseTimeout("2147483")! <= 2 ** 31 - 1);
  for (
    const text of [
      "2147484",
      "1e10",
      "Infinity",
      "0",
      "-5",
      "",
      " ",
      "ten",
      "NaN",
    ]
  ) {
    assert.throws(
      () => parseTimeout(text),
      (error) =>
        error instanceof CourseError &&
        !error.message.includes("\n") &&
        error.message.endsWith(`: got "${text}"`),
      text,
    );
  }
});
