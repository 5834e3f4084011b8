/**
 * The README states facts that live elsewhere: the Deno version, the number
 * of exercises, the grader's limits. Each must match its one source.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  denoVersion,
  limits,
  loadCourse,
  loadLessons,
  maxMemoryMb,
} from "../course/mod.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = await Deno.readTextFile(`${root}README.md`);
const words = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];

Deno.test("the README names the course's Deno version, and no other", () => {
  const versions = [...readme.matchAll(/[Dd]eno[ @](\d+\.\d+\.\d+)/g)]
    .map((m) => m[1]);
  assert.ok(versions.length > 0);
  assert.deepEqual([...new Set(versions)], [denoVersion]);
});

Deno.test("the README counts the lessons and exercises there are", async () => {
  const course = await loadCourse(root);
  const lessons = await loadLessons(root);
  assert.match(
    readme,
    new RegExp(
      `${words[lessons.length]} lessons and ${
        words[course.exercises.length]
      } graded exercises`,
      "i",
    ),
  );
});

Deno.test("the README states the grader's limits as they are", () => {
  assert.match(readme, new RegExp(`${limits.timeoutSeconds} s per run`));
  assert.match(readme, new RegExp(`${limits.maxHeapMb} MiB heap`));
  assert.match(readme, new RegExp(`${maxMemoryMb / 1024} GiB of data memory`));
});
