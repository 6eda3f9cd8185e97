import { TokenBucket } from './budget.ts';

/** Caps per client address (README "Close codes and limits"). */
export interface AdmissionLimits {
  /** Open editor sockets per address (MAX_CONNECTIONS_PER_IP): 4530 past it. */
  connectionsPerIp: number;
  /** Open spectator streams per address (MAX_STREAMS_PER_IP): HTTP 429 past it. */
  streamsPerIp: number;
  /** Open spectator streams per room (MAX_STREAMS_PER_ROOM): HTTP 503 past it. */
  streamsPerRoom: number;
  /** Rooms an address may create per minute (ROOMS_PER_IP_PER_MINUTE): HTTP 429 past it. */
  roomsPerIpPerMinute: number;
  /** Versions an address may save or restore per minute (VERSIONS_PER_IP_PER_MINUTE): HTTP 429 past it. */
  versionsPerIpPerMinute: number;
  /** Images an address may upload per minute (FILES_PER_IP_PER_MINUTE): HTTP 429 past it. */
  filesPerIpPerMinute: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = {
  connectionsPerIp: 256,
  streamsPerIp: 512,
  streamsPerRoom: 5000,
  roomsPerIpPerMinute: 30,
  versionsPerIpPerMinute: 30,
  filesPerIpPerMinute: 60,
};

/** Addresses tracked for room creation at most; past it the oldest are forgotten (their buckets were likely full again). */
const MAX_TRACKED = 100_000;

/**
 * The key an address is counted under: IPv4 as it is (IPv4-mapped IPv6 too), IPv6 by
 * its /64, which one subscriber usually holds whole; counting single IPv6 addresses
 * would let one host take 2^64 slots.
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Counts what each address holds and refuses past the caps. */
export class Admission {
  private readonly connections = new Map<string, number>();
  private readonly streams = new Map<string, number>();
  private readonly creations = new Map<string, TokenBucket>();
  private readonly versionWrites = new Map<string, TokenBucket>();
  private readonly fileWrites = new Map<string, TokenBucket>();

  constructor(private readonly limits: AdmissionLimits) {}

  /** Takes a connection slot for `ip`; false when it holds its cap already. */
  enterConnection(ip: string): boolean {
    return enter(this.connections, addressKey(ip), this.limits.connectionsPerIp);
  }

  leaveConnection(ip: string): void {
    leave(this.connections, addressKey(ip));
  }

  enterStream(ip: string): boolean {
    return enter(this.streams, addressKey(ip), this.limits.streamsPerIp);
  }

  leaveStream(ip: string): void {
    leave(this.streams, addressKey(ip));
  }

  get streamsPerRoom(): number {
    return this.limits.streamsPerRoom;
  }

  /** Whether `ip` may create one more room now. */
  createRoom(ip: string): boolean {
    return takeFrom(this.creations, addressKey(ip), this.limits.roomsPerIpPerMinute);
  }

  /** Whether `ip` may save or restore one more version now (each writes a whole document). */
  writeVersion(ip: string): boolean {
    return takeFrom(this.versionWrites, addressKey(ip), this.limits.versionsPerIpPerMinute);
  }

  /** Whether `ip` may upload one more file now. */
  writeFile(ip: string): boolean {
    return takeFrom(this.fileWrites, addressKey(ip), this.limits.filesPerIpPerMinute);
  }
}

function takeFrom(buckets: Map<string, TokenBucket>, key: string, perMinute: number): boolean {
  let bucket = buckets.get(key);
  if (!bucket) {
    if (buckets.size >= MAX_TRACKED) buckets.delete(buckets.keys().next().value!);
    bucket = new TokenBucket(perMinute / 60, perMinute);
    buckets.set(key, bucket);
  }
  return bucket.takeWhole(1);
}

function enter(counts: Map<string, number>, key: string, cap: number): boolean {
  const n = counts.get(key) ?? 0;
  if (n >= cap) return false;
  counts.set(key, n + 1);
  return true;
}

function leave(counts: Map<string, number>, key: string): void {
  const n = (counts.get(key) ?? 0) - 1;
  if (n <= 0) counts.delete(key);
  else counts.set(key, n);
}
