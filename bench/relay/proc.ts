// Reads a process's CPU time and memory from /proc (Linux), summed over its process tree
// (a launcher may fork the real server).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  /* keep 100 */
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
    }
  } catch {
    /* gone */
  }
  return out;
}

export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length && i < 64; i++) all.push(...children(all[i]));
  return all;
}

/** User and kernel CPU time (utime, stime) in milliseconds, summed over the tree. */
export function cpuTimes(pid: number): { user: number; sys: number } {
  let user = 0;
  let sys = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      user += Number(fields[11]); // fields 14 and 15 of stat(5)
      sys += Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return { user: (user * 1000) / clkTck, sys: (sys * 1000) / clkTck };
}

/**
 * utime + stime in milliseconds of the process's main thread alone (on Node and Bun the
 * JavaScript event loop; V8's compiler and GC helper threads and libuv's pool are the others).
 */
export function mainThreadMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clkTck;
  } catch {
    return NaN;
  }
}

/** Read- and write-like system calls so far (syscr, syscw of /proc/<pid>/io), summed over the tree. */
export function ioCalls(pid: number): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (const p of processTree(pid)) {
    try {
      const io = readFileSync(`/proc/${p}/io`, 'utf8');
      reads += Number(/^syscr:\s+(\d+)/m.exec(io)?.[1] ?? NaN);
      writes += Number(/^syscw:\s+(\d+)/m.exec(io)?.[1] ?? NaN);
    } catch {
      return { reads: NaN, writes: NaN };
    }
  }
  return { reads, writes };
}

/** utime + stime in milliseconds, summed over the tree. */
export function cpuMs(pid: number): number {
  const t = cpuTimes(pid);
  return t.user + t.sys;
}

function statusKb(pid: number, key: string): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb;
}

export const rssKb = (pid: number): number => statusKb(pid, 'VmRSS');
export const peakRssKb = (pid: number): number => statusKb(pid, 'VmHWM');

export function fdLimit(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : 1024;
  } catch {
    return 1024;
  }
}

/** Machine-wide busy CPU time (all cores, everything but idle and iowait) in ms, from /proc/stat. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = v[0] + v[1] + v[2] + (v[5] ?? 0) + (v[6] ?? 0) + (v[7] ?? 0);
    return (busy * 1000) / clkTck;
  } catch {
    return NaN;
  }
}
