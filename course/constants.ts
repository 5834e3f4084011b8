/**
 * The course's fixed values, each written once: the Deno version it is made
 * for, the grader's limits, and its file naming rules.
 *
 * @module
 */

/** The Deno release the course is built and graded with. */
export const denoVersion = "2.9.6";

/** The suffix that marks a test file: `name.ts` is tested by `name_test.ts`. */
export const testSuffix = "_test.ts";

/** Whether a path or URL names a test file. */
export function isTestFile(path: string): boolean {
  return path.endsWith(testSuffix);
}

/** The helpers every exercise's tests share, in `exercises/`. */
export const testHelpersFile = "_testing.ts";

/** Whether `path` is test code: a test file or the tests' shared helpers. */
export function isTestCode(path: string): boolean {
  return isTestFile(path) || path.endsWith(`/${testHelpersFile}`);
}

/**
 * Whether a path or URL names a support module: a `_`-prefixed module in
 * `exercises/` that holds the code an exercise gives (frozen, for learner
 * code to use) or the tests' shared helpers.
 */
export function isSupportModule(path: string): boolean {
  return /(^|\/)_\w+\.ts$/.test(path);
}

/**
 * Whether a path or URL names code a learner writes: a module in
 * `exercises/` that is neither test code nor a support module.
 */
export function isLearnerCode(path: string): boolean {
  return /(^|\/)exercises\//.test(path) && !path.includes("/node_modules/") &&
    !isTestCode(path) && !isSupportModule(path);
}

/**
 * The name of the last test of an exercise that hands objects to learner
 * code: everything its tests made and let go of must then be collected. Any
 * leak also fails it, so a requirement's "wrong answer that only its test
 * catches" may fail this test too.
 */
export const nothingKeptRequirement =
  "nothing that a test let go of stays alive after the last test";

/** Returns the test file that sits beside an exercise file. */
export function testFileOf(file: string): string {
  return file.replace(/\.ts$/, testSuffix);
}

/** The grader's bounds on one test run of learner code. */
export const limits = {
  /** How long a test run may take, in seconds. */
  timeoutSeconds: 10,
  /** How long the type check before it may take, in seconds. */
  checkTimeoutSeconds: 60,
  /** How much a run may print, in bytes. */
  maxOutputBytes: 1024 * 1024,
  /** V8's heap limit for learner code, in MiB. */
  maxHeapMb: 256,
} as const;

/**
 * The operating-system limit on a test run's data memory, in MiB (Linux
 * only). Deno itself accounts for about 700 MiB of it before any test runs;
 * the rest is what array buffers and WebAssembly memory may take.
 */
export const maxMemoryMb = 1024;

/**
 * The operating-system limit on a type check's data memory, in MiB (Linux
 * only): the type checker needs more than learner code, but a type that
 * expands without end must not take the machine.
 */
export const maxCheckMemoryMb = 3072;

/** The longest `--timeout` in seconds that a timer can hold (2^31 - 1 ms). */
export const maxTimeoutSeconds: number = Math.floor((2 ** 31 - 1) / 1000);

/**
 * What exercise code may import besides `node:` built-ins and files in
 * `exercises/`, where its exercise lists it under `imports` in `course.json`:
 * the course's GC helper. Test files may also use every entry of
 * `deno.json`'s import map.
 */
export const exerciseImports = ["@course/gc"];

/**
 * The `node:` built-ins exercise code may import: none of them reaches the
 * file system, the network, other processes, the inspector or the engine's
 * flags.
 */
export const exerciseNodeModules = [
  "node:assert",
  "node:assert/strict",
  "node:buffer",
  "node:events",
  "node:path",
  "node:string_decoder",
  "node:timers",
  "node:timers/promises",
  "node:url",
  "node:util",
];

/**
 * `deno test` as a learner runs it without the grader (no sandbox, gc()
 * exposed), followed by the files or folders to test.
 */
export const plainTestArgs: readonly string[] = [
  "test",
  "--no-prompt",
  "--v8-flags=--expose-gc",
];

/**
 * The global name under which graded test runs expose V8's `gc()`; the
 * sandbox hides it at once, and `@course/gc` finds it.
 */
export const exposedGcName = "__course_gc";
