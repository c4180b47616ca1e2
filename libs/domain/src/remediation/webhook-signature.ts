import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-aup-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-aup-timestamp';
/** A receiver should refuse a signature older than this (replay protection). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the organisation's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute the signature and compare in constant time, within the tolerance. */
export function verifyWebhook(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  nowSeconds: number,
): boolean {
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** An organisation webhook URL: HTTPS, or loopback HTTP when the installation allows it (development). */
export function webhookUrlProblem(url: string, allowLoopbackHttp: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password)
    return 'credentials in the URL are not accepted; the signature authenticates the sender';
  if (parsed.protocol === 'https:') return null;
  if (
    parsed.protocol === 'http:' &&
    allowLoopbackHttp &&
    ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
  )
    return null;
  return 'must be an https:// URL';
}
