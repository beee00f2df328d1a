// Distances for `/request near`: great-circle metres between two points, and
// the radius people type ("500m", "1.5 km", "800"). Pure.

import { UserError } from "../../core/errors.js";
import type { Coordinates } from "./place-in-text.js";

const EARTH_RADIUS_M = 6_371_000;
/** Beyond this, "near" means nothing. */
export const MAX_RADIUS_M = 50_000;

/** Haversine distance in metres. */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "500m", "500 m", "1.5km", "1,5 km" or a bare number of metres → metres, 1 m to 50 km. */
export function parseRadius(raw: string): number {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*(m|km)?\s*$/i.exec(raw);
  const value = match ? Number.parseFloat(match[1]!.replace(",", ".")) : Number.NaN;
  const metres = match?.[2]?.toLowerCase() === "km" ? value * 1000 : value;
  if (!(metres >= 1 && metres <= MAX_RADIUS_M)) {
    throw new UserError("requests:errors.badRadius", { input: raw.slice(0, 20), max: MAX_RADIUS_M / 1000 });
  }
  return Math.round(metres);
}
