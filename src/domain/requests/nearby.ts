// `/request near`: which of the community's open requests lie within a
// radius of a point, nearest first. Pure.
import { distanceMetres } from "./distance.js";
import type { Coordinates } from "./place-in-text.js";

export interface Placed {
  lat: number | null;
  long: number | null;
}

export interface Near<T> {
  item: T;
  metres: number;
}

/** The items with a place within `radiusMetres` of `origin`, nearest first (ties keep their order). */
export function nearestFirst<T extends Placed>(origin: Coordinates, items: T[], radiusMetres: number): Near<T>[] {
  const near: Near<T>[] = [];
  for (const item of items) {
    if (item.lat === null || item.long === null) continue;
    const metres = distanceMetres(origin, { lat: item.lat, long: item.long });
    if (metres <= radiusMetres) near.push({ item, metres });
  }
  return near.sort((a, b) => a.metres - b.metres);
}

/** "80 m", "1.2 km", "5 km": a distance as people read it. */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres / 10) * 10} m`;
  return `${Number((metres / 1000).toFixed(1))} km`;
}
