import { loadConfig } from './load-config';
import { noteListeningPort, publicUrl, publicUrlWarning } from './public-url';

describe('public URL for links in e-mails', () => {
  it('uses PUBLIC_URL when set, without a trailing slash', () => {
    expect(publicUrl(loadConfig({ PUBLIC_URL: 'https://aup.example.org/' }))).toBe('https://aup.example.org');
  });

  it('falls back to localhost and PORT, then to the port the api listens on', () => {
    const config = loadConfig({ PORT: '4100' });
    expect(publicUrl(config)).toBe('http://localhost:4100');
    noteListeningPort(43125);
    expect(publicUrl(config)).toBe('http://localhost:43125');
  });

  it('warns in production only when PUBLIC_URL is unset', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/aup', REDIS_URL: 'redis://r:6379' };
    expect(publicUrlWarning(loadConfig(prod))).toMatch(/PUBLIC_URL is not set/);
    expect(publicUrlWarning(loadConfig({ ...prod, PUBLIC_URL: 'https://aup.example.org' }))).toBeNull();
    expect(publicUrlWarning(loadConfig({}))).toBeNull();
  });
});
