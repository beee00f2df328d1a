// Where a request's photo is shown: /media/<token> on the bot's HTTP server.
// The token is the only key, so the link is as private as it is unguessable.

export const MEDIA_PREFIX = "/media";

export function photoUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, "")}${MEDIA_PREFIX}/${token}`;
}
