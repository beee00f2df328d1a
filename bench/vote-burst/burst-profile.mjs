// With BENCH_BURST_PROFILE_DIR set, a bot profiles its CPU only while the
// benchmark asks (SIGUSR2 starts, the next stops and writes the profile
// there), so a profile holds the burst and not the start-up around it.
// Plain JavaScript, like the bots.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export function profileOnSignal(name) {
  const dir = process.env.BENCH_BURST_PROFILE_DIR;
  if (!dir) return;
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on("SIGUSR2", () => {
    void (async () => {
      if (!profiling) {
        profiling = true;
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        process.stdout.write("profiling\n");
        return;
      }
      profiling = false;
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(`${dir}/${name}-${process.pid}.cpuprofile`, JSON.stringify(profile));
      process.stdout.write("profiled\n");
    })();
  });
}
