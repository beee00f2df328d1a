// The database does not answer right now (down, cut off, locked past its
// wait). Not the event's fault and not a bug: the router leaves such an event
// unacknowledged, so the platform (or the adapter's retries) brings it again
// once the database is back, and the person gets no "try again" line.
//
// Storage recognises its drivers' failures (see StorageOutage in ports.ts);
// core or domain code that learns of an outage some other way (e.g. a nested
// dispatch that answered "unavailable") throws this.

export class StorageUnavailable extends Error {
  constructor(message = "the database is unavailable", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageUnavailable";
  }
}

export function isStorageUnavailable(error: unknown): error is StorageUnavailable {
  return error instanceof StorageUnavailable;
}
