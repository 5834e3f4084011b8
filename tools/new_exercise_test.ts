import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findExercise, loadCourse } from "../course/mod.ts";
import { checkExercise } from "./check_exercise.ts";
import { newExercise } from "./new_exercise.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

Deno.test("deno task new writes an exercise that passes the author check, touching nothing else", async () => {
  const copy = await Deno.makeTempDir({ prefix: "course_new_" });
  try {
    for (
      const part of [
        "deno.json",
        "deno.lock",
        "course.json",
        "gc",
        "lessons",
        "exercises",
        "solutions",
      ]
    ) {
      await cp(join(root, part), join(copy, part), { recursive: true });
    }
    const before = await loadCourse(copy);
    const { files } = await newExercise(copy, "03_weakref", "second_look", {
      title: "A second look",
    });
    assert.deepEqual(files, [
      "course.json",
      "exercises/03_weakref/second_look.ts",
      "exercises/03_weakref/second_look_test.ts",
      "solutions/03_weakref/second_look.ts",
    ]);
    const after = await loadCourse(copy);
    const ids = after.exercises.map((e) => e.id);
    const lastOfLesson = before.exercises.findLastIndex((e) =>
      e.lesson === "03_weakref"
    );
    assert.equal(ids.indexOf("second_look"), lastOfLesson + 1);
    assert.deepEqual(
      ids.filter((id) => id !== "second_look"),
      before.exercises.map((e) => e.id),
    );
    const findings = await checkExercise(
      after,
      findExercise(after, "second_look"),
    );
    assert.deepEqual(findings.filter((f) => f.problem), []);
    await assert.rejects(
      () => newExercise(copy, "03_weakref", "second_look"),
      /already used/,
    );
    await assert.rejects(
      () => newExercise(copy, "99_nowhere", "third"),
      /No lesson "99_nowhere"/,
    );
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});
