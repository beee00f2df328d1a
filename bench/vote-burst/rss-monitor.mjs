// Samples this process's resident memory, and prints the peak when asked to
// stop, so the benchmark reads a bot's memory without counting the fake's.
// Plain JavaScript, like the bots: they run on bare Node, as `npm start` does.
export function watchPeakRss(onStop) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  process.once("SIGTERM", () => {
    clearInterval(timer);
    void onStop().finally(() => {
      process.stdout.write(`${JSON.stringify({ peakRssBytes: peak })}\n`);
      process.exit(0);
    });
  });
}
