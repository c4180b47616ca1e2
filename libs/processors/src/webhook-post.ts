import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { webhookAddressProblem, type WebhookAddressPolicy } from '@aup/domain';

/** The address check failed: the URL is not one the webhook may be delivered to (a permanent refusal). */
export class WebhookAddressRefused extends Error {}

/**
 * Resolves like `dns.lookup`, but refuses a host any of whose addresses the policy forbids. It runs when the
 * connection is made, so the address connected to is the address checked (a name that resolves to a public
 * address when saved and to an internal one later, DNS rebinding, is refused too).
 */
function guardedLookup(policy: WebhookAddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const forbidden = webhookAddressProblem(a.address, policy);
        if (forbidden)
          return callback(new WebhookAddressRefused(`${hostname} resolves to ${forbidden}`), '', 0);
      }
      if ((options as LookupOptions).all)
        return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs one webhook body: no redirects followed, a time limit, and only to addresses the policy allows
 * (checked for an IP in the URL and for every address a host name resolves to). Answers the status code;
 * throws on a network error or a refused address.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; policy: WebhookAddressPolicy },
): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const forbidden = webhookAddressProblem(host, opts.policy);
    if (forbidden) return Promise.reject(new WebhookAddressRefused(`${host} is ${forbidden}`));
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.policy),
        // The whole exchange, not only a silent socket, is bounded.
        signal: AbortSignal.timeout(opts.timeoutMs),
        timeout: opts.timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
