// The router's metrics hooks: events received, and how each one ended and
// how long its handler took.
import type { EventOutcome, InboundEvent } from "../core/events.js";
import type { RouterObserver } from "../core/router.js";
import type { Metrics } from "./metrics.js";

export class MetricsRouterObserver implements RouterObserver {
  constructor(private readonly metrics: Metrics) {}

  received(event: InboundEvent): void {
    this.metrics.eventsReceived.inc({ platform: event.platform, kind: event.kind });
  }

  handled(event: InboundEvent, outcome: EventOutcome, seconds: number): void {
    const labels = { platform: event.platform, kind: event.kind };
    this.metrics.handlerSeconds.observe(labels, seconds);
    this.metrics.eventsHandled.inc({ ...labels, outcome: outcome.status });
  }
}
