/**
 * Keeps one core busy while a measurement runs, the way a loaded machine
 * would; disposing it ends the spinning process.
 *
 * @module
 */

/** A process that spins until disposed. */
export function keepCoreBusy(): Disposable {
  const spinner = new Deno.Command(Deno.execPath(), {
    args: ["eval", "for (;;) {}"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  return {
    [Symbol.dispose]() {
      try {
        spinner.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
}
