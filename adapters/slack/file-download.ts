// A file someone sent to Talkoot on Slack, fetched the Web API way:
// files.info (files:read) names it and its url_private_download, then a GET
// of that URL with `Authorization: Bearer <bot token>` returns the bytes.
// The stated size and type are checked before the bytes are fetched, the
// size again while reading (src/core/bounded-download.ts). Slack answers a
// download it will not serve (a token without files:read) with its HTML
// sign-in page, which is refused rather than served as the photo.
import type { webApi } from "@slack/bolt";
import type { DownloadedFile } from "../../src/core/adapter.js";
import { boundedDownload, checkStatedSize, checkStatedType } from "../../src/core/bounded-download.js";
import type { InboundFile } from "../../src/core/events.js";

type FileInfo = NonNullable<webApi.FilesInfoResponse["file"]>;

export interface SlackFileSource {
  client: webApi.WebClient;
  botToken: string;
  /** SLACK_API_URL's origin, when set: a download there may carry the token over plain http (a local proxy, a test fake). */
  apiOrigin?: string;
}

/** The file's facts as files.info states them. */
export async function slackFileInfo(client: webApi.WebClient, fileId: string): Promise<FileInfo> {
  const answer = await client.files.info({ file: fileId });
  if (!answer.file) throw new Error(`slack: files.info named no file for ${fileId}`);
  return answer.file;
}

/**
 * A Slack Connect file arrives with its id alone (file_access
 * "check_file_info"): files.info fills in its type and size, so the core
 * can check it as it checks any other.
 */
export async function completeFile(client: webApi.WebClient, file: InboundFile): Promise<InboundFile> {
  if (file.mimeType !== "") return file;
  const info = await slackFileInfo(client, file.ref);
  return { ...file, mimeType: info.mimetype ?? "", size: info.size ?? 0 };
}

export async function downloadSlackFile(
  source: SlackFileSource,
  fileId: string,
  maxBytes: number,
  types?: readonly string[],
): Promise<DownloadedFile> {
  const file = await slackFileInfo(source.client, fileId);
  // A file kept elsewhere (Google Drive, Dropbox) is only linked from Slack: the bot token opens nothing there.
  if (file.is_external) throw new Error("slack: the file is kept outside Slack and cannot be fetched");
  const url = file.url_private_download ?? file.url_private;
  if (!url) throw new Error("slack: the file cannot be downloaded (no url_private_download)");
  checkStatedSize("slack", file.size, maxBytes);
  checkStatedType("slack", file.mimetype, types);
  if (!tokenMayGoTo(url, source.apiOrigin)) {
    throw new Error("slack: the file's URL is neither https nor the API's own address; the token is not sent there");
  }
  const bytes = await boundedDownload({
    url,
    headers: { authorization: `Bearer ${source.botToken}` },
    maxBytes,
    source: "slack",
    accept: (type) => type !== "text/html",
  });
  return { bytes, ...(file.name ? { name: file.name } : {}) };
}

/** The bot token travels only encrypted, or to the very address the Web API is called at. */
function tokenMayGoTo(url: string, apiOrigin: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === "https:" || (apiOrigin !== undefined && parsed.origin === apiOrigin);
}
