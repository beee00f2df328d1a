// A small feature for the end-to-end tests: a card with a counter button
// (edited in place, with a toast), a slow button that holds its answer until
// the test lets it go, and a command that echoes user text into a long card.
import type { Feature } from "../../../src/core/commands.js";

export interface TestFeatureControls {
  presses: number;
  /** The slow button's handler waits for this before it finishes. */
  releaseSlow: () => void;
}

export function testFeature(): { feature: Feature; controls: TestFeatureControls } {
  let release: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const controls: TestFeatureControls = {
    presses: 0,
    releaseSlow: () => {
      release();
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  };
  const counter = [
    [
      { label: "Count", action: "e2e.count", args: [], style: "primary" as const },
      { label: "Slow", action: "e2e.slow", args: [] },
    ],
  ];
  const feature: Feature = {
    name: "e2e",
    translations: { namespace: "e2e", en: {}, fi: {}, sv: {} },
    commands: [
      {
        name: "card",
        hidden: true,
        summary: "e2e:card",
        fallback: {
          usage: "e2e:card",
          async run(ctx) {
            await ctx.reply({ title: "Counter", text: "count 0", buttons: counter });
          },
        },
      },
      {
        name: "describe",
        hidden: true,
        summary: "e2e:describe",
        fallback: {
          usage: "e2e:describe",
          min: 1,
          max: 1,
          rest: true,
          async run(ctx, { args }) {
            const said = args[0]!;
            const description = `${said} `.repeat(Math.ceil(5000 / (said.length + 1))).slice(0, 5000);
            await ctx.reply({
              title: `Request: ${said}`,
              text: said,
              fields: [
                { label: "Description", value: description },
                { label: "Said by", value: ctx.person.displayName },
              ],
              code: said,
              footer: `footer ${said}`,
            });
          },
        },
      },
    ],
    actions: [
      {
        name: "e2e.count",
        async run(ctx) {
          controls.presses++;
          ctx.toast(`Counted ${controls.presses}`);
          await ctx.updateSource({ title: "Counter", text: `count ${controls.presses}`, buttons: counter });
        },
      },
      {
        name: "e2e.slow",
        async run(ctx) {
          await gate;
          ctx.toast("Too late to show");
        },
      },
    ],
  };
  return { feature, controls };
}
