/**
 * Redis keys of cluster mode, under a prefix (REDIS_KEY_PREFIX, default `wb`) so that
 * deployments sharing one Redis never touch each other's rooms. A room's keys share the
 * hash tag `{<room id>}`, so the scripts that touch several stay in one slot.
 */
export class ClusterKeys {
  /** Rooms whose stream holds entries the store lacks: any relay may persist them (the sweep). */
  readonly dirtyRooms: string;

  constructor(private readonly prefix: string) {
    this.dirtyRooms = `${prefix}:dirty`;
  }

  room(roomId: string) {
    const tag = `${this.prefix}:{${roomId}}`;
    return {
      /** The room's shared log: one entry per accepted update, id `<seq>-0`. */
      stream: `${tag}:log`,
      /** The last seq handed out (INCR in the append script). */
      seq: `${tag}:seq`,
      /** Names the numbering: a new one when Redis lost the room's keys (SSE event ids carry it). */
      epoch: `${tag}:epoch`,
      /** Hash: `seq` (highest in the store), `count`/`bytes` (stored since the last snapshot), `snapshot` (its bytes). */
      stored: `${tag}:stored`,
      /** Which relay moves the stream into the store now (a lease with a TTL). */
      lease: `${tag}:lease`,
      /** Pub/sub channel for presence. */
      presence: `${tag}:presence`,
    };
  }
}

/** The seq of a stream id `<seq>-0`. */
export function seqOfId(id: string | Buffer): number {
  const s = typeof id === 'string' ? id : id.toString('latin1');
  return Number(s.slice(0, s.indexOf('-')));
}
