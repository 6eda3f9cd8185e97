/**
 * The address a request is counted under. Behind a reverse proxy every request comes
 * from the proxy, so with TRUST_PROXY the last X-Forwarded-For entry (the one our own
 * proxy appended; earlier entries are whatever the client claimed) is the client. Without
 * TRUST_PROXY the header is ignored: anyone could send it.
 */
export function clientIp(remote: string | null | undefined, forwardedFor: string | null | undefined, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor.split(',').pop()!.trim();
    if (last && last.length <= 64) return last;
  }
  return remote || 'unknown';
}
