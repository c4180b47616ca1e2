import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      databaseMode: 'embedded',
      queueMode: 'inline',
    });
  });

  it('switches to full mode when DATABASE_URL and REDIS_URL are set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', REDIS_URL: 'redis://h:6379' });
    expect(config).toMatchObject({ databaseMode: 'full', queueMode: 'bullmq' });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://h/d' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'http://h' }, 'REDIS_URL'],
    [{ DATA_IN_MEMORY: 'maybe' }, 'DATA_IN_MEMORY'],
    [{ NODE_ENV: 'production', REDIS_URL: 'redis://h:6379' }, 'DATABASE_URL'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.variable)).toContain(variable);
      expect((err as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: .*${variable}`));
      expect((err as ConfigError).message).not.toContain('\n');
    }
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).databaseMode).toBe('embedded');
  });
});
