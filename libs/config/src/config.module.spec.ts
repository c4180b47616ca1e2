import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppConfigModule } from './config.module';
import { loadConfig, type AppConfig } from './load-config';

@Injectable()
class NeedsConfig {
  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {}
}

/** A feature module that does not import the configuration: it is global. */
@Module({ providers: [NeedsConfig], exports: [NeedsConfig] })
class FeatureModule {}

describe('AppConfigModule', () => {
  it('makes the validated configuration injectable everywhere, without an import', async () => {
    const config = loadConfig({ PORT: '4100' });
    const app = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), FeatureModule],
    }).compile();
    expect(app.get(NeedsConfig).config).toBe(config);
    expect(app.get<AppConfig>(APP_CONFIG).PORT).toBe(4100);
    await app.close();
  });
});
