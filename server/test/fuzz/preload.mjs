// Preloaded into the fuzzed relay only (server/test/fuzz/relay.ts). Plain JS: Node
// preloads it with --import, without a TypeScript loader.
//
// On SIGUSR2 it runs a full garbage collection, so the harness's RSS reading after the
// run measures memory the relay still holds, not garbage not collected yet.
process.on('SIGUSR2', () => {
  if (typeof Bun !== 'undefined') Bun.gc(true);
  else if (typeof globalThis.gc === 'function') globalThis.gc();
});

// A harness that dies without cleaning up (out of memory, SIGKILL) must not leave the
// relay running: once the parent is gone (re-parented), it exits.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1000).unref();
