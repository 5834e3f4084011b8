/**
 * Test support: an HTTP/1.1 request written byte for byte, for the paths and
 * headers that `fetch()` would normalise or refuse to send (a raw `%`, a
 * foreign `Host`).
 *
 * @module
 */

/** What came back. */
export interface RawResponse {
  /** The status code. */
  status: number;
  /** Header names in lower case. */
  headers: Headers;
  /** The body as text. */
  body: string;
}

/** Sends `GET <target>` to 127.0.0.1:`port` with `headers` (a Host of 127.0.0.1:`port` unless given). */
export async function rawGet(
  port: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const lines = [
    `GET ${target} HTTP/1.1`,
    ...Object.entries({
      host: `127.0.0.1:${port}`,
      ...headers,
      connection: "close",
    }).map(([name, value]) => `${name}: ${value}`),
  ];
  const connection = await Deno.connect({ hostname: "127.0.0.1", port });
  await connection.write(
    new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`),
  );
  const bytes = await new Response(connection.readable).bytes();
  const decoder = new TextDecoder();
  const end = indexOf(bytes, "\r\n\r\n", 0);
  const [statusLine = "", ...fields] = decoder.decode(bytes.subarray(0, end))
    .split("\r\n");
  const parsed = new Headers();
  for (const field of fields) {
    const at = field.indexOf(":");
    parsed.append(field.slice(0, at).trim(), field.slice(at + 1).trim());
  }
  let body = bytes.subarray(end + 4);
  if (parsed.get("transfer-encoding") === "chunked") body = unchunk(body);
  return {
    status: Number(statusLine.split(" ")[1]),
    headers: parsed,
    body: decoder.decode(body),
  };
}

function indexOf(bytes: Uint8Array, text: string, from: number): number {
  const needle = new TextEncoder().encode(text);
  for (let at = from; at + needle.length <= bytes.length; at++) {
    if (needle.every((byte, i) => bytes[at + i] === byte)) return at;
  }
  return bytes.length;
}

function unchunk(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const parts: number[] = [];
  let at = 0;
  for (;;) {
    const end = indexOf(bytes, "\r\n", at);
    const size = parseInt(
      new TextDecoder().decode(bytes.subarray(at, end)),
      16,
    );
    if (!size) return new Uint8Array(parts);
    parts.push(...bytes.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}
