import { JOB_NAMES } from './catalogue';
import { checkProcessors, ProcessorRegistrationError } from './check-processors';

const all = () => JOB_NAMES.map((job) => ({ job, provider: `${job}Processor` }));

describe('checkProcessors', () => {
  it('accepts exactly one processor per catalogue job', () => {
    expect(() => checkProcessors(all())).not.toThrow();
  });

  it('names a job without a processor', () => {
    expect(() => checkProcessors(all().filter((p) => p.job !== 'ping'))).toThrow(/"ping" has no processor/);
  });

  it('names both providers of a job processed twice', () => {
    const found = [...all(), { job: 'ping', provider: 'OtherPing' }];
    expect(() => checkProcessors(found)).toThrow(/"ping" has 2 processors \(pingProcessor, OtherPing\)/);
  });

  it('names a processor for a job the catalogue does not have', () => {
    expect(() => checkProcessors([...all(), { job: 'report.rendr', provider: 'ReportProcessor' }])).toThrow(
      /ReportProcessor processes "report.rendr", which is not in the catalogue/,
    );
  });

  it('reports every problem at once, on one line', () => {
    const err = (() => {
      try {
        checkProcessors([{ job: 'nope', provider: 'X' }], ['a', 'b']);
      } catch (e) {
        return e as ProcessorRegistrationError;
      }
    })();
    expect(err).toBeInstanceOf(ProcessorRegistrationError);
    expect(err?.problems).toHaveLength(3);
    expect(err?.message).not.toContain('\n');
  });
});
