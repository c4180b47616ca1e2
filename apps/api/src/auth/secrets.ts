import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the CSPRNG, base64url: the value of every session, token and one-time link. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are high-entropy, so an unsalted SHA-256 is enough to make a stolen table useless. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF token is derived from the session secret, so a cookie planted by a sibling site cannot be
 * paired with a header of the attacker's choosing, and nothing more needs storing.
 */
export const csrfTokenFor = (sessionSecret: string): string =>
  createHmac('sha256', sessionSecret).update('aup-csrf').digest('base64url');

export const API_TOKEN_PREFIX = 'aup_';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
