import type { AppConfig } from './load-config';

/** The port this process's api is listening on, once it is (set by the api at start). */
let listeningPort: number | undefined;

export function noteListeningPort(port: number): void {
  listeningPort = port;
}

/**
 * Where people reach the product, for links in e-mails: PUBLIC_URL when set, otherwise http://localhost
 * and the port the api actually listens on (PORT until it listens; a worker process uses PORT).
 */
export function publicUrl(config: Pick<AppConfig, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://localhost:${listeningPort ?? config.PORT}`;
}

/** The start-up warning when production has no PUBLIC_URL (e-mailed links would point at localhost), else null. */
export function publicUrlWarning(config: Pick<AppConfig, 'PUBLIC_URL' | 'NODE_ENV'>): string | null {
  return config.NODE_ENV === 'production' && !config.PUBLIC_URL
    ? 'PUBLIC_URL is not set: links in e-mails (invitations, password resets) will point at http://localhost. Set PUBLIC_URL to the address people use.'
    : null;
}
