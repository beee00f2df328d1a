// A file someone sent, fetched the Bot API way: getFile gives its file_path
// (valid for at least an hour), then GET <apiRoot>/file/bot<token>/<file_path>
// returns the bytes. The Bot API serves files up to 20 MB; the caller's
// limit is enforced on the stated size and again while reading
// (src/core/bounded-download.ts). getFile states no type: the type was
// checked on the photo's own message (InboundFile.mimeType).
import type { Api } from "grammy";
import type { DownloadedFile } from "../../src/core/adapter.js";
import { boundedDownload, checkStatedSize } from "../../src/core/bounded-download.js";

const DEFAULT_API_ROOT = "https://api.telegram.org";

export async function downloadTelegramFile(
  api: Api,
  connection: { token: string; apiRoot?: string },
  fileId: string,
  maxBytes: number,
): Promise<DownloadedFile> {
  const file = await api.getFile(fileId);
  if (file.file_path === undefined) throw new Error("telegram: the file cannot be downloaded (no file_path)");
  checkStatedSize("telegram", file.file_size, maxBytes);
  const root = (connection.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
  const path = file.file_path.split("/").map(encodeURIComponent).join("/");
  // The URL holds the token: boundedDownload names only the source in its errors.
  const bytes = await boundedDownload({
    url: `${root}/file/bot${connection.token}/${path}`,
    maxBytes,
    source: "telegram",
  });
  return { bytes, name: file.file_path };
}
