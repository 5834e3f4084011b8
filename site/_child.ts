/**
 * Test support: a command run as a child process whose output can be
 * awaited, and the processes it started (Linux only: read from /proc).
 *
 * @module
 */

/** Whether /proc can tell which processes a child started. */
export const hasProc: boolean = await Deno.stat("/proc/self/stat").then(
  () => true,
  () => false,
);

/** A running command. */
export interface WatchedChild extends AsyncDisposable {
  /** The process. */
  child: Deno.ChildProcess;
  /** Everything printed so far, standard output and error interleaved. */
  output(): string;
  /** What was printed on standard output and standard error so far. */
  streams(): { stdout: string; stderr: string };
  /** Resolves once `pattern` was printed; rejects if the command ends first, or after `ms`. */
  printed(pattern: string | RegExp, ms?: number): Promise<void>;
  /** Waits for the end, and for the last of the output; resolves to the exit code. */
  done(): Promise<number>;
}

/** Options of {@linkcode spawnWatched}. */
export interface SpawnOptions {
  /** The working folder. */
  cwd?: string;
  /** Variables added to the environment. */
  env?: Record<string, string>;
}

/**
 * Starts `program` with `args`, collecting what it prints. Disposing it
 * ends what is left: SIGTERM, then, after 15 s, SIGKILL to it and below.
 */
export function spawnWatched(
  program: string,
  args: string[],
  options: SpawnOptions = {},
): WatchedChild {
  const child = new Deno.Command(program, {
    args,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const printed = { stdout: "", stderr: "" };
  let all = "";
  const listeners = new Set<() => void>();
  const reading = Promise.all(
    (["stdout", "stderr"] as const).map((name) =>
      child[name].pipeThrough(new TextDecoderStream()).pipeTo(
        new WritableStream({
          write(text) {
            printed[name] += text;
            all += text;
            for (const listener of listeners) listener();
          },
        }),
      )
    ),
  );
  let ended = false;
  const status = child.status.finally(() => ended = true);
  const matches = (pattern: string | RegExp) =>
    typeof pattern === "string" ? all.includes(pattern) : pattern.test(all);

  return {
    child,
    output: () => all,
    streams: () => ({ ...printed }),
    async printed(pattern, ms = 90_000) {
      const deadline = Date.now() + ms;
      while (!matches(pattern)) {
        if (ended) {
          await reading;
          if (matches(pattern)) return;
          throw new Error(
            `The command ended before printing ${pattern}:\n${all}`,
          );
        }
        const { promise, resolve } = Promise.withResolvers<void>();
        listeners.add(resolve);
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        await Promise.race([promise, status]);
        clearTimeout(timer);
        listeners.delete(resolve);
        if (Date.now() >= deadline && !matches(pattern)) {
          throw new Error(
            `Nothing printed ${pattern} within ${ms} ms:\n${all}`,
          );
        }
      }
    },
    async done() {
      const { code } = await status;
      await reading;
      return code;
    },
    async [Symbol.asyncDispose]() {
      if (!ended) {
        // Ask first, so that the command cleans up after itself; then force.
        try {
          child.kill("SIGTERM");
        } catch {
          // It has just ended.
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          status,
          new Promise((resolve) => timer = setTimeout(resolve, 15_000)),
        ]);
        clearTimeout(timer);
      }
      if (!ended) {
        for (const [pid] of await descendants(child.pid)) {
          try {
            Deno.kill(pid, "SIGKILL");
          } catch {
            // Already gone.
          }
        }
        try {
          child.kill("SIGKILL");
        } catch {
          // Already gone.
        }
      }
      await status;
      await reading.catch(() => {});
    },
  };
}

/** The pids of every process below `pid`, with their start times (empty without /proc). */
export async function descendants(pid: number): Promise<Map<number, string>> {
  if (!hasProc) return new Map();
  const parents = new Map<number, { ppid: number; start: string }>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const fields = await statFields(Number(entry.name));
    if (!fields || fields[0] === "Z") continue;
    parents.set(Number(entry.name), {
      ppid: Number(fields[1]),
      start: fields[19] ?? "",
    });
  }
  const found = new Map<number, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, { ppid, start }] of parents) {
      if (!found.has(child) && (ppid === pid || found.has(ppid))) {
        found.set(child, start);
        grew = true;
      }
    }
  }
  return found;
}

/** Whether the process `pid` that started at `start` still runs (not a zombie). */
export async function alive(pid: number, start: string): Promise<boolean> {
  const fields = await statFields(pid);
  return fields !== undefined && fields[19] === start && fields[0] !== "Z";
}

/** The command line of process `pid`, its arguments joined by spaces ("" when gone). */
export async function commandLine(pid: number): Promise<string> {
  const text = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "");
  return text.split("\0").join(" ").trim();
}

/** The fields of /proc/<pid>/stat after the command name: state, ppid, … */
async function statFields(pid: number): Promise<string[] | undefined> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.length >= 20 ? fields : undefined;
}
