import { prepared } from './prepared-statement';

describe('prepared statements', () => {
  it('keeps one text per name, so a connection never sees one name with two texts', () => {
    const first = prepared('spec_one', 'SELECT 1');
    expect(first).toEqual({ name: 'aup_spec_one', text: 'SELECT 1' });
    expect(prepared('spec_one', 'SELECT 1')).toEqual(first);
    expect(() => prepared('spec_one', 'SELECT 2')).toThrow(
      'prepared statement spec_one declared twice with different text',
    );
  });
});
