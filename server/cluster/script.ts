import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

type Arg = string | number | Buffer | Uint8Array;

/**
 * A Lua script run by its SHA (EVALSHA), loaded again when Redis does not know it
 * (after a restart or SCRIPT FLUSH).
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly numKeys: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Arg[]): Promise<unknown> {
    if (keys.length !== this.numKeys) throw new Error(`script takes ${this.numKeys} keys`);
    const params = [...keys, ...args.map(toArg)];
    try {
      return await redis.evalsha(this.sha, this.numKeys, ...params);
    } catch (err) {
      if (!String(err).includes('NOSCRIPT')) throw err;
      return redis.eval(this.source, this.numKeys, ...params);
    }
  }
}

const toArg = (a: Arg): string | number | Buffer => (a instanceof Uint8Array && !Buffer.isBuffer(a) ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : (a as string | number | Buffer));
