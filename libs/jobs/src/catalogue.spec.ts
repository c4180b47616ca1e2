import { backoffDelay, isJobName, JOBS, jobDefinition, QUEUES, UnknownJobError } from './catalogue';

describe('job catalogue', () => {
  it('puts every job on a declared queue with at least one attempt', () => {
    for (const def of Object.values(JOBS)) {
      expect(QUEUES).toContain(def.queue);
      expect(def.attempts).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses a name it does not have', () => {
    expect(isJobName('ping')).toBe(true);
    expect(isJobName('toString')).toBe(false);
    expect(() => jobDefinition('constructor')).toThrow(UnknownJobError);
  });

  it('doubles the back-off per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 1_000))).toEqual([100, 200, 400, 800, 1_000]);
  });
});
