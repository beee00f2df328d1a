// A place written into a request's text, as phones share it: a Google, Apple
// or OpenStreetMap map link, or plain "60.1699, 24.9384". Slack and Discord
// have no location messages, so a pasted link is how a place arrives there.

import { checkCoordinates } from "./limits.js";

export interface Coordinates {
  lat: number;
  long: number;
}

const NUMBER = String.raw`[+-]?\d{1,3}\.\d+`;

// Each pattern captures latitude then longitude; the first that matches wins.
const LINK_PATTERNS: RegExp[] = [
  // openstreetmap.org/?mlat=60.1&mlon=24.9
  new RegExp(String.raw`openstreetmap\.org\S*?[?&]mlat=(${NUMBER})&mlon=(${NUMBER})`, "i"),
  // openstreetmap.org/#map=15/60.1/24.9
  new RegExp(String.raw`openstreetmap\.org\S*?#map=\d{1,2}/(${NUMBER})/(${NUMBER})`, "i"),
  // google.com/maps/place/…/@60.1,24.9,17z
  new RegExp(String.raw`google\.[a-z.]+/maps\S*?/@(${NUMBER}),(${NUMBER})`, "i"),
  // maps.google.com/?q=60.1,24.9, google.com/maps/search/?api=1&query=…, maps.apple.com/?ll=… or ?q=…
  new RegExp(
    String.raw`(?:google\.[a-z.]+/maps|maps\.google\.[a-z.]+|maps\.apple\.com)\S*?[?&](?:q|query|ll|sll|daddr)=(${NUMBER})(?:,|%2C)\s*(${NUMBER})`,
    "i",
  ),
];

// Plain coordinates need decimals, so "2, 3 lamps" is not a place.
const PLAIN = new RegExp(String.raw`(?:^|[\s(])(${NUMBER})\s*[,;]\s*(${NUMBER})(?=$|[\s).,;])`);

/** The first place in the text that is in range, or undefined. */
export function findPlaceInText(text: string): Coordinates | undefined {
  for (const pattern of [...LINK_PATTERNS, PLAIN]) {
    const match = pattern.exec(text);
    if (!match) continue;
    const lat = Number.parseFloat(match[1]!);
    const long = Number.parseFloat(match[2]!);
    if (checkCoordinates(lat, long)) return { lat, long };
  }
  return undefined;
}

/** An OpenStreetMap link that shows the point, for officials' cards. */
export function openStreetMapUrl({ lat, long }: Coordinates): string {
  return `https://www.openstreetmap.org/?mlat=${lat.toFixed(5)}&mlon=${long.toFixed(5)}#map=17/${lat.toFixed(5)}/${long.toFixed(5)}`;
}
