/**
 * `deno task bench`: figures for this machine, as medians of several runs with
 * their spread. Grading uses a copy of the course with every solution in
 * place, so both sides run the same passing tests.
 *
 * ```sh
 * deno task bench            # 5 runs of each grading measure
 * deno task bench --runs 9
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type Course,
  exercisePaths,
  loadCourse,
  plainTestArgs,
} from "../course/mod.ts";
import { mapAtOnce } from "../grader/grade.ts";
import { type PageWeight, siteFigures } from "../site/bench.ts";
import { copyCourse, solutionOverlays } from "./course_copy.ts";

const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const cli = join(root, "grader/cli.ts");
const graderPermissions = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
];

/** Runs a command to completion; returns its wall time in ms. */
async function time(args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  const { success, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!success && !args.includes("--json")) {
    throw new Error(
      `"deno ${args.join(" ")}" failed:\n${new TextDecoder().decode(stderr)}`,
    );
  }
  return performance.now() - started;
}

/** The median and the range of some timings (NaN each when there are none). */
export function stats(
  values: number[],
): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number) => sorted[index] ?? NaN;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { median, min: at(0), max: at(sorted.length - 1) };
}

/** Resident memory of a process and all its descendants, in bytes. */
async function treeRss(pid: number): Promise<number> {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry.name), Number(fields[1]));
      rss.set(Number(entry.name), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  for (const [id, bytes] of rss) {
    for (let p: number | undefined = id; p; p = parent.get(p)) {
      if (p === pid) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

/**
 * Runs each exercise's tests in a process of its own, as many at once as
 * there are CPUs: the grader's way of running, without the grader.
 */
async function rawPerFile(course: Course): Promise<number> {
  const started = performance.now();
  await mapAtOnce(
    course.exercises,
    navigator.hardwareConcurrency,
    (e) => time([...plainTestArgs, exercisePaths(course, e).test], course.root),
  );
  return performance.now() - started;
}

/** Grades all exercises with the CLI while sampling the memory of its tree. */
async function gradeAllWithPeak(
  course: Course,
): Promise<{ ms: number; peak: number }> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...graderPermissions,
      cli,
      "--json",
      "--fresh",
      "--root",
      course.root,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let peak = 0;
  let done = false;
  const status = child.status.then((s) => {
    done = true;
    return s;
  });
  while (!done) {
    peak = Math.max(peak, await treeRss(child.pid));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await status;
  return { ms: performance.now() - started, peak };
}

/** The grader's command line on `course`, as a `deno` argument list. */
function grade(course: Course, ...args: string[]): string[] {
  return ["run", ...graderPermissions, cli, ...args, "--root", course.root];
}

/**
 * Grading again: everything with nothing changed, everything after one
 * exercise changed, and that one exercise alone.
 */
async function regrading(course: Course, runs: number) {
  const file = exercisePaths(course, course.exercises[0]!).exercise;
  const source = await Deno.readTextFile(file);
  const unchanged: number[] = [];
  const oneChanged: number[] = [];
  const single: number[] = [];
  await time(grade(course, "--json"), course.root);
  for (let i = 0; i < runs; i++) {
    unchanged.push(await time(grade(course, "--json"), course.root));
    await Deno.writeTextFile(file, `${source}\n// edit ${i}\n`);
    oneChanged.push(await time(grade(course, "--json"), course.root));
    await Deno.writeTextFile(file, `${source}\n// edit ${i} again\n`);
    single.push(
      await time(grade(course, course.exercises[0]!.id, "--json"), course.root),
    );
  }
  await Deno.writeTextFile(file, source);
  // Leave the store as the files are, for what is measured next.
  await time(grade(course, "--json"), course.root);
  return { unchanged, oneChanged, single };
}

/**
 * How long after `deno task start` serves its first page every exercise's
 * status is there, and how long until the live grading has confirmed them
 * all, when nothing changed since the last grading.
 */
async function startFigures(
  course: Course,
): Promise<{ paint: number; confirmed: number }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(root, "live/main.ts"),
      "--port",
      "0",
      "--root",
      course.root,
    ],
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let url = "";
  try {
    while (!url) {
      const { value, done } = await reader.read();
      if (done) throw new Error("deno task start ended before serving");
      seen += value;
      url = seen.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0] ?? "";
    }
    const started = performance.now();
    const page = await (await fetch(url)).text();
    const state = JSON.parse(
      page.match(/<script[^>]*id="live-state"[^>]*>([^<]*)<\/script>/)?.[1] ??
        "null",
    );
    const paint = state?.results.length === course.exercises.length
      ? performance.now() - started
      : NaN;
    let confirmed = NaN;
    while (performance.now() - started < 60_000) {
      const now = await (await fetch(`${url}__live/state`)).json();
      if (
        now.results.length === course.exercises.length &&
        now.grading.length === 0
      ) {
        confirmed = performance.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { paint, confirmed };
  } finally {
    child.kill("SIGINT");
    await reader.cancel().catch(() => {});
    await child.status;
  }
}

/** Save-to-result latency of watch mode, for the first exercise. */
async function watchLatency(course: Course, runs: number): Promise<number[]> {
  const exercise = course.exercises[0]!;
  const file = exercisePaths(course, exercise).exercise;
  const source = await Deno.readTextFile(file);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...graderPermissions, cli, "--watch", "--root", course.root],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const waitFor = async (text: string) => {
    while (!seen.includes(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`watch mode ended before "${text}"`);
      seen += value;
    }
    seen = seen.slice(seen.indexOf(text) + text.length);
  };
  const latencies: number[] = [];
  try {
    await waitFor("Press n for the next exercise");
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await Deno.writeTextFile(file, `${source}\n// save ${i}\n`);
      await waitFor(`Grading ${exercise.id}`);
      await waitFor("Press n for the next exercise");
      if (i > 0) latencies.push(performance.now() - started); // first is warm-up
    }
  } finally {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("q\n")).catch(() => {});
    await writer.close().catch(() => {});
    await reader.cancel();
    await child.status;
  }
  return latencies;
}

interface Row {
  measure: string;
  value: string;
  spread: string;
  target: string;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function timingRow(measure: string, values: number[], target = ""): Row {
  const { median, min, max } = stats(values);
  return {
    measure,
    value: seconds(median),
    spread: `${seconds(min)} to ${seconds(max)}`,
    target,
  };
}

function ratioRow(
  measure: string,
  a: number[],
  b: number[],
  limit: number,
): Row {
  const ratio = stats(a).median / stats(b).median;
  return {
    measure,
    value: ratio.toFixed(2),
    spread: "",
    target: `at most ${limit} (${ratio <= limit ? "met" : "missed"})`,
  };
}

function pageRow(label: string, page: PageWeight): Row {
  const bytes = page.htmlBytes + page.cssBytes + page.jsBytes;
  return {
    measure: `site: ${label} ${page.path}`,
    value: `${(bytes / 1024).toFixed(1)} KB`,
    spread:
      `HTML ${page.htmlBytes}, CSS ${page.cssBytes}, JS ${page.jsBytes} bytes`,
    target: `under 60 KB (${bytes < 60 * 1024 ? "met" : "missed"})`,
  };
}

function printTable(rows: Row[]): void {
  const headers: Row = {
    measure: "measure",
    value: "median",
    spread: "spread (min to max)",
    target: "target",
  };
  const all = [headers, ...rows];
  const width = (key: keyof Row) =>
    Math.max(...all.map((row) => row[key].length));
  for (const row of all) {
    console.log(
      [
        row.measure.padEnd(width("measure")),
        row.value.padStart(width("value")),
        row.spread.padEnd(width("spread")),
        row.target,
      ].join("   ").trimEnd(),
    );
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string", default: "5" } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(
      `error: --runs takes a whole number, such as 5: got "${values.runs}"`,
    );
    Deno.exit(2);
  }
  const course = await loadCourse(root);
  await using copy = await copyCourse(course, solutionOverlays(course), {}, {
    site: true,
  });
  const raw = [...plainTestArgs, "--parallel", "exercises/"];
  const first = exercisePaths(copy.course, course.exercises[0]!);
  const firstTest = first.test;
  const firstFile = first.exercise;
  const firstSource = await Deno.readTextFile(firstFile);
  const rawOne = [...plainTestArgs, firstTest];

  console.error(`Warming caches, then ${runs} runs of each measure…`);
  await gradeAllWithPeak(copy.course);
  await time(raw, copy.course.root);
  const graded: number[] = [];
  const rawAll: number[] = [];
  const rawEach: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { ms, peak } = await gradeAllWithPeak(copy.course);
    graded.push(ms);
    peaks.push(peak);
    rawAll.push(await time(raw, copy.course.root));
    rawEach.push(await rawPerFile(copy.course));
  }
  const watch = await watchLatency(copy.course, runs);
  const again = await regrading(copy.course, runs);
  const live: { paint: number; confirmed: number }[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    live.push(await startFigures(copy.course));
  }
  // Like a save in watch mode, each raw run follows an edit, so neither side
  // gets a cached type check.
  const rawSingle: number[] = [];
  for (let i = 0; i < runs; i++) {
    await Deno.writeTextFile(firstFile, `${firstSource}\n// edit ${i}\n`);
    rawSingle.push(await time(rawOne, copy.course.root));
  }
  const site = await siteFigures({ runs: Math.min(runs, 3) });

  console.log(
    `\n${course.exercises.length} exercises, ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}; medians of ${runs} runs\n`,
  );
  printTable([
    timingRow("grade all: deno task grade", graded),
    timingRow("grade all: raw deno test --parallel", rawAll),
    ratioRow("  ratio", graded, rawAll, 1.2),
    timingRow(
      "grade all: raw deno test, a process per file, as many at once as CPUs",
      rawEach,
    ),
    ratioRow("  ratio", graded, rawEach, 1.2),
    timingRow(
      "grade all again, nothing changed",
      again.unchanged,
      `at most 0.5 s (${
        stats(again.unchanged).median <= 500 ? "met" : "missed"
      })`,
    ),
    timingRow("grade all again, one exercise changed", again.oneChanged),
    timingRow(
      `grade that exercise alone (${course.exercises[0]!.id})`,
      again.single,
    ),
    ratioRow("  ratio", again.oneChanged, again.single, 1.2),
    timingRow(
      "start: every status in the first page, nothing changed",
      live.map((l) => l.paint),
      `at most 1 s (${
        stats(live.map((l) => l.paint)).median <= 1000 ? "met" : "missed"
      })`,
    ),
    timingRow(
      "start: every status confirmed by grading",
      live.map((l) => l.confirmed),
    ),
    timingRow(`watch: save to result (${course.exercises[0]!.id})`, watch),
    timingRow("watch: raw deno test of that file", rawSingle),
    ratioRow("  ratio", watch, rawSingle, 1.2),
    timingRow(
      "site: full build",
      site.buildMs,
      `under 3 s (${stats(site.buildMs).median < 3000 ? "met" : "missed"})`,
    ),
    pageRow("heaviest lesson page", site.heaviestLessonPage),
    pageRow("heaviest page", site.heaviestPage),
    {
      measure: "grade all: peak memory of the process tree",
      value: `${(stats(peaks).median / 2 ** 20).toFixed(0)} MiB`,
      spread: `${(stats(peaks).min / 2 ** 20).toFixed(0)} to ${
        (stats(peaks).max / 2 ** 20).toFixed(0)
      } MiB`,
      target: "",
    },
  ]);
}
