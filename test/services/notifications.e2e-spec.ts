import { OutboxRepository } from '@aup/db';
import { PutWebhookDto } from '../../apps/api/src/notifications/dto/notifications.dto';
import { NotificationsModule } from '../../apps/api/src/notifications/notifications.module';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import {
  newOrganisation,
  refusal,
  startServices,
  type Caller,
  type ServiceHarness,
} from './support/service-harness';

describe('NotificationsService on a real database', () => {
  let h: ServiceHarness;
  let service: NotificationsService;
  let admin: Caller;
  let otherOrg: Caller;

  const putWebhook = (caller: Caller, body: object) => service.putWebhook(caller, PutWebhookDto.create(body));

  beforeAll(async () => {
    // The default policy: no loopback, no private networks.
    h = await startServices([NotificationsModule]);
    service = h.get(NotificationsService);
    admin = await newOrganisation(h);
    otherOrg = await newOrganisation(h);
  });
  afterAll(() => h.close());

  describe('webhook addresses', () => {
    const cases = [
      { url: 'https://hooks.example.com/aup', accepted: true },
      { url: 'https://8.8.8.8/aup', accepted: true },
      { url: 'http://hooks.example.com/aup', accepted: false },
      { url: 'https://user:secret@hooks.example.com/aup', accepted: false },
      { url: 'https://localhost/aup', accepted: false },
      { url: 'https://127.0.0.1/aup', accepted: false },
      { url: 'https://10.1.2.3/aup', accepted: false },
      { url: 'https://192.168.0.7/aup', accepted: false },
      { url: 'https://169.254.169.254/latest/meta-data', accepted: false },
      { url: 'https://[::1]/aup', accepted: false },
    ];
    it.each(cases)('$url accepted: $accepted', async ({ url, accepted }) => {
      const before = await service.webhook(otherOrg);
      if (accepted) {
        expect(await putWebhook(otherOrg, { url })).toMatchObject({ url, enabled: true });
        return;
      }
      const e = await refusal(putWebhook(otherOrg, { url }), 422, 'WEBHOOK.URL_NOT_ACCEPTED');
      expect(e.extensions.pointer).toBe('/url');
      expect(await service.webhook(otherOrg)).toEqual(before);
    });
  });

  it('makes a signing secret on the first save and on rotation only', async () => {
    expect(await service.webhook(admin)).toEqual({ url: null, enabled: false, version: 0 });
    const first = await putWebhook(admin, { url: 'https://hooks.example.com/a', enabled: false });
    expect(first).toMatchObject({ enabled: false, secret: expect.any(String) });
    const second = await putWebhook(admin, { url: 'https://hooks.example.com/b' });
    expect(second).toEqual({ url: 'https://hooks.example.com/b', enabled: true, version: first.version + 1 });
    const rotated = await putWebhook(admin, { url: 'https://hooks.example.com/b', rotateSecret: true });
    expect(rotated.secret).toEqual(expect.any(String));
    expect(rotated.secret).not.toBe(first.secret);
  });

  it('queues a test event only for an enabled webhook, once per Idempotency-Key', async () => {
    await putWebhook(admin, { url: 'https://hooks.example.com/b', enabled: false });
    await refusal(service.testWebhook(admin), 409, 'WEBHOOK.NOT_CONFIGURED');
    await putWebhook(admin, { url: 'https://hooks.example.com/b', enabled: true });
    const first = await service.testWebhook(admin, 'key-1');
    expect(first).toEqual({ answer: { jobId: expect.any(String) }, replayed: false });
    expect(await service.testWebhook(admin, 'key-1')).toEqual({ answer: first.answer, replayed: true });
    expect((await service.testWebhook(admin, 'key-2')).answer.jobId).not.toBe(first.answer.jobId);
  });

  it('lists the organisation’s dead letters and queues one again, once', async () => {
    const { answer } = await service.testWebhook(admin);
    await h.get(OutboxRepository).markDeadLetter(answer.jobId, 'receiver answered 500');
    const failed = await service.failedJobs(admin);
    expect(failed).toEqual([
      expect.objectContaining({
        id: answer.jobId,
        name: 'notification.webhook',
        lastError: 'receiver answered 500',
      }),
    ]);
    expect(await service.failedJobs(otherOrg)).toEqual([]);
    await refusal(service.retryFailedJob(otherOrg, answer.jobId), 404, 'RESOURCE.NOT_FOUND');

    const retried = await service.retryFailedJob(admin, answer.jobId, 'retry-1');
    expect(retried.answer.jobId).not.toBe(answer.jobId);
    expect(await service.retryFailedJob(admin, answer.jobId, 'retry-1')).toEqual({
      ...retried,
      replayed: true,
    });
    expect(await service.failedJobs(admin)).toEqual([]);
    await refusal(service.retryFailedJob(admin, answer.jobId), 404, 'RESOURCE.NOT_FOUND');
  });
});
