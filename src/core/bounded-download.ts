// Fetching a file someone sent from the platform that keeps it, never more
// than the caller can take: the stated size is checked before the bytes
// come (by the adapter, from the platform's own word) and the count again
// while reading, since a Content-Length may lie or be absent. Shared by the
// adapters' downloadFile.

export interface BoundedDownload {
  url: string;
  /** E.g. Slack's `Authorization: Bearer <bot token>`. Never logged, never put into an error. */
  headers?: Record<string, string>;
  maxBytes: number;
  /** Who is asked, for error messages ("slack", "telegram"); the URL is never named, it may hold a secret. */
  source: string;
  /**
   * Whether the answer's content type (lower case, without parameters) is
   * the file's: Slack answers a download it will not serve with an HTML
   * sign-in page and a 200, which must not pass for the photo.
   */
  accept?: (contentType: string) => boolean;
}

export class DownloadError extends Error {
  override name = "DownloadError";
  constructor(
    message: string,
    /** The HTTP status the platform answered, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The bytes at `url`, at most `maxBytes` of them; throws a DownloadError otherwise. */
export async function boundedDownload(request: BoundedDownload): Promise<Uint8Array> {
  const { source, maxBytes } = request;
  const response = await fetch(request.url, { ...(request.headers ? { headers: request.headers } : {}) });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new DownloadError(`${source}: file download answered ${response.status}`, response.status);
  }
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (request.accept && !request.accept(type)) {
    await response.body.cancel().catch(() => {});
    throw new DownloadError(`${source}: the download came as ${type || "no stated type"}, not as the file`);
  }
  const stated = Number(response.headers.get("content-length") ?? Number.NaN);
  if (stated > maxBytes) {
    await response.body.cancel().catch(() => {});
    throw new DownloadError(`${source}: the file is ${stated} bytes, more than ${maxBytes}`);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    // Leaving the loop cancels the stream: the rest is never read.
    if (total > maxBytes) throw new DownloadError(`${source}: the file is more than ${maxBytes} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** A file's stated size against the caller's limit, before anything is fetched. */
export function checkStatedSize(source: string, size: number | undefined, maxBytes: number): void {
  if (size !== undefined && size > maxBytes) {
    throw new DownloadError(`${source}: the file is ${size} bytes, more than ${maxBytes}`);
  }
}

/** A file's stated type against the types the caller takes, before anything is fetched. */
export function checkStatedType(source: string, type: string | undefined, accept: readonly string[] | undefined): void {
  if (!accept) return;
  const normal = (type ?? "").toLowerCase();
  if (!accept.includes(normal)) {
    throw new DownloadError(`${source}: the file is ${type || "of no stated type"}, not one of ${accept.join(", ")}`);
  }
}
