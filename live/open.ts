/**
 * Opens an address in the default browser, where the system has a way to:
 * `xdg-open` on Linux and the BSDs, `open` on macOS, `start` on Windows.
 *
 * @module
 */

/** Options of {@linkcode openInBrowser}. */
export interface OpenOptions {
  /** The opener and its first arguments; the address is added last. The system's by default. */
  command?: string[];
}

/** Returns the system's command that opens an address in the default browser. */
export function browserOpener(
  os: typeof Deno.build.os = Deno.build.os,
): string[] {
  if (os === "darwin") return ["open"];
  if (os === "windows") return ["cmd", "/c", "start", ""];
  return ["xdg-open"];
}

/**
 * Asks the system to open `url`; resolves to whether the opener ran and
 * succeeded. Never throws: a system with no opener (a server, a container)
 * resolves to false. The opener is not ended when the course stops: it
 * hands over to the browser, which outlives the course.
 */
export async function openInBrowser(
  url: string,
  options: OpenOptions = {},
): Promise<boolean> {
  const [program = "", ...args] = options.command ?? browserOpener();
  try {
    const child = new Deno.Command(program, {
      args: [...args, url],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    return (await child.status).success;
  } catch {
    return false;
  }
}
