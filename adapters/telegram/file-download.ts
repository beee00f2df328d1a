// A file someone sent, fetched the Bot API way: getFile gives its file_path
// (valid for at least an hour), then GET <apiRoot>/file/bot<token>/<file_path>
// returns the bytes. The Bot API serves files up to 20 MB; the caller's
// limit is enforced on the stated size and again while reading.
import type { Api } from "grammy";
import type { DownloadedFile } from "../../src/core/adapter.js";

const DEFAULT_API_ROOT = "https://api.telegram.org";

export async function downloadTelegramFile(
  api: Api,
  connection: { token: string; apiRoot?: string },
  fileId: string,
  maxBytes: number,
): Promise<DownloadedFile> {
  const file = await api.getFile(fileId);
  if (file.file_path === undefined) throw new Error("telegram: the file cannot be downloaded (no file_path)");
  if (file.file_size !== undefined && file.file_size > maxBytes) {
    throw new Error(`telegram: the file is ${file.file_size} bytes, more than ${maxBytes}`);
  }
  const root = (connection.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
  const path = file.file_path.split("/").map(encodeURIComponent).join("/");
  // The URL holds the token: it goes in no error message.
  const response = await fetch(`${root}/file/bot${connection.token}/${path}`);
  if (!response.ok || !response.body) throw new Error(`telegram: file download answered ${response.status}`);
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw new Error(`telegram: the file is more than ${maxBytes} bytes`);
    }
    parts.push(chunk);
  }
  return { bytes: Buffer.concat(parts), name: file.file_path };
}
