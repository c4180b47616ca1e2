import { createHash } from 'node:crypto';

/** The namespace of every UUID the product derives (itself a fixed v4 UUID, chosen once). */
export const AUP_UUID_NAMESPACE = '5d3f8c52-9a1e-4c67-b0d4-2e7a61c9f803';

/** RFC 9562 version 5 UUID: SHA-1 of namespace and name. The same name always gives the same UUID. */
export function uuidV5(name: string, namespace: string = AUP_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
