/** Wall-clock and process CPU time of a timed section. */

/** Starts a clock; the returned function gives the seconds elapsed since, wall and CPU (user + system). */
export function startClock() {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return () => {
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
}
