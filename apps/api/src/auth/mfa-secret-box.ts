import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';

const PREFIX = 'enc1';
/** Used only when MFA_SECRET_KEYS is unset (development and tests): it is in the source, so it protects nothing. */
const DEVELOPMENT_KEY = {
  id: 'dev',
  key: createHash('sha256').update('aup-audit development MFA key').digest(),
};

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM under a key from configuration (MFA_SECRET_KEYS). The
 * stored text names the key that sealed it (`enc1:<keyId>:<iv>:<tag>:<ciphertext>`, base64url), so keys
 * rotate: the first key seals, every listed key opens, and `needsRekey` tells which rows to seal again.
 */
@Injectable()
export class MfaSecretBox {
  private readonly keys: { id: string; key: Buffer }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keys = config.MFA_SECRET_KEYS
      ? config.MFA_SECRET_KEYS.split(',').map((pair) => {
          const [id, b64] = pair.split(':');
          return { id, key: Buffer.from(b64, 'base64') };
        })
      : [DEVELOPMENT_KEY];
    if (!config.MFA_SECRET_KEYS && config.NODE_ENV === 'production') {
      new Logger('MfaSecretBox').warn(
        'MFA_SECRET_KEYS is not set: TOTP secrets are encrypted with the built-in development key. Set it (see docs/SECURITY.md).',
      );
    }
  }

  seal(secret: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${PREFIX}:${id}`));
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [
      PREFIX,
      id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ct.toString('base64url'),
    ].join(':');
  }

  /** The secret, or undefined when the stored text cannot be opened with any configured key. */
  open(stored: string): string | undefined {
    // Secrets stored before encryption was introduced are plain base32; they are sealed on their next write.
    if (!stored.startsWith(`${PREFIX}:`)) return stored;
    const [, id, iv, tag, ct] = stored.split(':');
    const entry = this.keys.find((k) => k.id === id);
    if (!entry) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${PREFIX}:${id}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return undefined;
    }
  }

  /** True when the stored text is in clear or sealed by a key other than the current one. */
  needsRekey(stored: string): boolean {
    return !stored.startsWith(`${PREFIX}:${this.keys[0].id}:`);
  }
}
