import { createHash } from 'node:crypto';
import { canonicalJson } from '@aup/domain';
import { compareSemver, listFrameworks, loadFramework, loadFrameworkRef, PolicyLoadError, UnknownFrameworkError } from '@aup/policies';
import { materialiseNotOk, OK_POLICIES } from '../../../test/fixtures/policies';

describe('loadFramework', () => {
  const catalogue = loadFramework(OK_POLICIES, 'fixture-readiness', '1.0.0');

  it('compiles to frozen, JSON-serialisable data whose hash is the sha256 of its canonical JSON', () => {
    const { contentHash, ...body } = catalogue;
    expect(contentHash).toBe(createHash('sha256').update(canonicalJson(body)).digest('hex'));
    expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
    expect(Object.isFrozen(catalogue.domains[0].controls[0].questions[0])).toBe(true);
  });

  it('fills defaults: targets, engine options for yes/no/partial, target days, weight 0 for dates', () => {
    const controls = catalogue.domains.flatMap((d) => d.controls);
    const pol02 = controls.find((c) => c.id === 'POL-02')!;
    expect(pol02.target).toBe(0.75);
    expect(pol02.questions[0].options!.map((o) => o.value)).toEqual(['no', 'partial', 'yes', 'unknown']);
    expect(pol02.remediation.targetDays).toEqual({ P1: 30, P2: 60, P3: 90, P4: 180 });
    expect(controls.find((c) => c.id === 'IRP-02')!.questions[2]).toMatchObject({ type: 'date', weight: 0 });
  });

  it('returns the cached catalogue on the next call and resolves id@version references', () => {
    expect(loadFramework(OK_POLICIES, 'fixture-readiness', '1.0.0')).toBe(catalogue);
    expect(loadFrameworkRef(OK_POLICIES, 'fixture-readiness@1.0.0')).toBe(catalogue);
    expect(loadFrameworkRef(OK_POLICIES, undefined)).toBe(catalogue);
    expect(listFrameworks(OK_POLICIES)).toEqual([{ id: 'fixture-readiness', version: '1.0.0' }]);
  });

  it('names an unknown framework or version and what exists', () => {
    expect(() => loadFramework(OK_POLICIES, 'fixture-readiness', '2.0.0')).toThrow(new UnknownFrameworkError('fixture-readiness@2.0.0', ['fixture-readiness@1.0.0']));
  });

  it('throws every problem of invalid content with file, line and pointer', () => {
    const { dir, cleanup } = materialiseNotOk('unknown-source');
    try {
      expect(() => loadFramework(dir, 'fixture-readiness', '1.0.0')).toThrow(PolicyLoadError);
      expect(() => loadFramework(dir, 'fixture-readiness', '1.0.0')).toThrow(/01-pol\.yaml:10 \/controls\/0\/sources\/1 unknown source id 'N99'/);
    } finally {
      cleanup();
    }
  });

  it('orders versions numerically', () => {
    expect(['1.10.0', '1.2.0', '1.9.3', '0.9.0'].sort(compareSemver)).toEqual(['0.9.0', '1.2.0', '1.9.3', '1.10.0']);
  });
});
