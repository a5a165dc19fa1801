import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) of this process's children that have ended and been reaped, from
 * /proc/self/stat (cutime, cstime; Linux, 100 ticks per second). The difference around a harness run is its
 * CPU time, which on a loaded machine says more about simulation speed than wall time. 0 elsewhere.
 */
export function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
