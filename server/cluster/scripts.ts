import { LuaScript } from './script.ts';

/**
 * The cluster's Lua scripts: each runs atomically in Redis, so a seq is handed out and
 * its entry added in one step (the stream's ids stay gapless, `<seq>-0`), and two relays
 * persisting the same room cannot undo each other's bookkeeping.
 */

/**
 * KEYS seq, stream, dirty; ARGV relay id, update, room id, the room's channel, the
 * largest update published whole → the update's seq. The entry is also published on
 * the room's channel (feed.ts: the relays following the room get it pushed, in seq
 * order, with no read of their own): `<relay id>` ENTRY `<seq>:<update>`, or, for an
 * update too large for a subscriber's output buffer to carry safely, `<relay id>`
 * NOTICE `<seq>:` (the relays read it from the stream).
 */
export const APPEND = new LuaScript(
  `local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], seq .. '-0', 'r', ARGV[1], 'u', ARGV[2])
redis.call('SADD', KEYS[3], ARGV[3])
if string.len(ARGV[2]) <= tonumber(ARGV[5]) then
  redis.call('PUBLISH', ARGV[4], ARGV[1] .. '\\2' .. seq .. ':' .. ARGV[2])
else
  redis.call('PUBLISH', ARGV[4], ARGV[1] .. '\\3' .. seq .. ':')
end
return seq`,
  3,
);

/**
 * KEYS seq, epoch; ARGV the store's last seq, a fresh epoch → [last seq handed out, epoch].
 * The counter never restarts below what the store holds (Redis may have lost it).
 */
export const OPEN = new LuaScript(
  `local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
  cur = tonumber(ARGV[1])
end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return {cur, redis.call('GET', KEYS[2])}`,
  2,
);

/** KEYS lease; ARGV relay id, ttl ms → 1 when this relay holds the lease (taken or renewed). */
export const LEASE = new LuaScript(
  `local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
  1,
);

/** KEYS lease; ARGV relay id: gives the lease up if this relay holds it. */
export const RELEASE = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`,
  1,
);

/**
 * After entries up to ARGV[1] are in the store. KEYS stored, stream, seq, dirty; ARGV up to
 * seq, their count, their bytes, entries to keep below it (replay for spectators), room id
 * → [stored seq, count since snapshot, bytes since snapshot, snapshot bytes]. The stored
 * seq only grows; the room leaves the dirty set once the store has everything handed out.
 */
export const STORED = new LuaScript(
  `local prev = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local upto = tonumber(ARGV[1])
if upto > prev then
  redis.call('HSET', KEYS[1], 'seq', upto)
  redis.call('HINCRBY', KEYS[1], 'count', ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'bytes', ARGV[3])
  prev = upto
end
local keepFrom = prev - tonumber(ARGV[4]) + 1
if keepFrom > 1 then redis.call('XTRIM', KEYS[2], 'MINID', keepFrom .. '-0') end
if tonumber(redis.call('GET', KEYS[3]) or '0') <= prev then redis.call('SREM', KEYS[4], ARGV[5]) end
return {prev, tonumber(redis.call('HGET', KEYS[1], 'count') or '0'), tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0'), tonumber(redis.call('HGET', KEYS[1], 'snapshot') or '0')}`,
  4,
);

/** KEYS stored; ARGV snapshot bytes, updates folded, their bytes: after a compaction. */
export const COMPACTED = new LuaScript(
  `redis.call('HSET', KEYS[1], 'snapshot', ARGV[1])
local c = tonumber(redis.call('HGET', KEYS[1], 'count') or '0') - tonumber(ARGV[2])
local b = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0') - tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'count', math.max(c, 0), 'bytes', math.max(b, 0))
return 0`,
  1,
);
