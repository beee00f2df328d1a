// Flood limits, shared by every feature that creates things.
export {
  CODE_GUESSES,
  FLOOD_DEFAULTS,
  FLOOD_KINDS,
  type FloodKind,
  isFloodKind,
  MAX_FLOOD_COUNT,
} from "./flood-kinds.js";
export { type FloodActor, FloodLimits, minutesUntil, refusal } from "./flood-limits.js";
