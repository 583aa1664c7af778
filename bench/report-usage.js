/**
 * Preloaded into every process a benchmark measures (`node --import ./bench/report-usage.js …`, plain
 * JavaScript so it loads before any TypeScript loader). When the process exits it writes what the whole
 * process cost, start-up and every thread included, to the file named by BENCH_USAGE_FILE:
 * CPU seconds (user + system, plus those of child processes it waited for, such as tesseract), wall
 * seconds since the process started, and peak resident memory.
 */
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const children = childrenCpuSeconds();
    const own = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    writeFileSync(file, JSON.stringify({ cpuSeconds: own + children, childCpuSeconds: children, wallSeconds: performance.now() / 1000, peakRssMiB: usage.maxRSS / 1024 }));
  });
}

/**
 * CPU time of reaped child processes (cutime + cstime of /proc/self/stat, in USER_HZ = 100 ticks a second
 * on Linux); 0 where /proc is not there. Node reports only its own process.
 */
function childrenCpuSeconds() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
