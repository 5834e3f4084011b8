import assert from "node:assert/strict";
import { isInside } from "./paths.ts";

Deno.test("isInside() takes the folder and what is under it, not a sibling that shares its name's start", () => {
  assert.ok(isInside("/a/course", "/a/course"));
  assert.ok(isInside("/a/course", "/a/course/exercises/x.ts"));
  assert.ok(isInside("/a/course/", "/a/course/x.ts"));
  assert.ok(!isInside("/a/course", "/a/course-evil/x.ts"));
  assert.ok(!isInside("/a/course", "/a/coursex"));
  assert.ok(!isInside("/a/course", "/a"));
});
