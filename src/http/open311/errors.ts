// Open311 GeoReport v2 errors: a list of {code, description}, with the
// matching HTTP status, e.g. 403 [{"code":403,"description":"Invalid api_key"}]
// (in XML: <errors><error><code>403</code>…</error></errors>).
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 413 | 415 | 429 | 500,
    readonly description: string,
    /** Sent with the error, e.g. Retry-After with a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "Open311Error";
  }
}

export function errorsJson(error: Open311Error) {
  return [{ code: error.status, description: error.description }];
}
