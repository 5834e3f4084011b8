/**
 * Which requests the live server answers. It listens on loopback only, but a
 * page on another site can still reach it: through the browser (an `<img>`,
 * a `fetch`) or by pointing its own host name at 127.0.0.1 (DNS rebinding).
 * So it answers only requests addressed to a loopback name, and its live
 * endpoints only to its own pages.
 *
 * @module
 */

/** Host headers the server answers, with any port: 127.0.0.1, localhost, [::1]. */
const LOCAL_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * Returns the refusal for a request the server must not answer, or
 * undefined: 403 when its `Host` is not a loopback name; for a live endpoint
 * (`live`), also 403 when it comes from another origin (its `Origin` differs
 * from its `Host`, or `Sec-Fetch-Site` says another site sent it).
 */
export function refusal(
  request: Request,
  options: { live: boolean },
): Response | undefined {
  const host = request.headers.get("host") ?? "";
  if (!LOCAL_HOST.test(host)) {
    return forbidden(
      "Forbidden: this server answers only 127.0.0.1, localhost and [::1]",
    );
  }
  if (!options.live) return undefined;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (
    (origin !== null && !sameOrigin(origin, host)) ||
    (site !== null && site !== "same-origin" && site !== "none")
  ) {
    return forbidden("Forbidden: live grading answers only its own pages");
  }
  return undefined;
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" &&
      url.host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

function forbidden(text: string): Response {
  return new Response(text, {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}
