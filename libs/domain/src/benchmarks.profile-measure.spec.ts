import { benchmarkPosition, type Benchmark } from '@aup/domain';

const found: Benchmark = {
  id: 'found',
  label: 'Have found CSAM in their IT environment',
  share: 0.1,
  population: '100 US businesses with more than 5,000 employees',
  sources: ['N5'],
  controls: ['MES-02'],
  profileMeasure: { field: 'incident_band', hasItUnless: ['0'] },
};
const noControls = { controls: [] };

describe('benchmarkPosition: a benchmark read from the profile', () => {
  it('counts any incident band above 0 as having found material, whatever the controls say', () => {
    const [p] = benchmarkPosition(noControls, [found], { incident_band: '1-2' });
    expect(p).toMatchObject({ status: 'has', standing: 'ahead' });
  });

  it('counts band 0 as not found, in line with most of the surveyed businesses', () => {
    const [p] = benchmarkPosition(noControls, [found], { incident_band: '0' });
    expect(p).toMatchObject({ status: 'lacks', standing: 'in_line' });
  });

  it('is incomplete while the profile does not say', () => {
    const [p] = benchmarkPosition(noControls, [found], {});
    expect(p).toMatchObject({ status: 'incomplete', standing: null });
  });
});
