import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import {
  isLoopbackAddress,
  isLoopbackName,
  webhookAddressProblem,
  type WebhookAddressPolicy,
} from './webhook-address';

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

/**
 * An organisation webhook URL: HTTPS, or loopback HTTP when the installation allows it (development). A host
 * written as an IP address must be public unless the policy allows loopback or private networks; a host name
 * is checked again at every delivery, against each address it resolves to (`webhookAddressProblem`).
 */
export function webhookUrlProblem(url: string, policy: WebhookAddressPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password)
    return 'credentials in the URL are not accepted; the signature authenticates the sender';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopbackHost = isLoopbackName(host) || isLoopbackAddress(host);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopbackHost && policy.allowLoopback))
    return 'must be an https:// URL';
  if (isLoopbackName(host))
    return policy.allowLoopback
      ? null
      : 'points at this machine (localhost); use an address of your own system';
  if (!isIP(host)) return null;
  const forbidden = webhookAddressProblem(host, policy);
  return forbidden ? `points at ${forbidden}` : null;
  return null;
}
