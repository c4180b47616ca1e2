import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { encodeResults, type ResultsDocument } from './results-encoding';

const document = (): ResultsDocument => ({
  etag: '"x"',
  json: JSON.stringify({
    gaps: Array.from({ length: 200 }, (_, i) => ({ controlId: `C-${i}`, reason: `reason ${i}` })),
  }),
  reads: 0,
});
const settle = async (doc: ResultsDocument) => {
  for (let i = 0; i < 200 && !doc.br; i++) await new Promise((r) => setTimeout(r, 10));
};

describe('results encoding', () => {
  it('sends the JSON as it is when the client accepts no compression, gzip when it accepts gzip', () => {
    const doc = document();
    expect(encodeResults(doc, undefined)).toEqual({ body: doc.json });
    const gz = encodeResults(doc, 'gzip, deflate');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body as Buffer).toString()).toBe(doc.json);
    expect(encodeResults(doc, 'gzip').body).toBe(gz.body);
  });

  it('makes brotli once, in the background, after the document is read again; gzip until then', async () => {
    const doc = document();
    expect(encodeResults(doc, 'gzip, deflate, br').encoding).toBe('gzip');
    expect(doc.brotliPending).toBeUndefined();
    expect(encodeResults(doc, 'gzip, deflate, br').encoding).toBe('gzip');
    expect(doc.brotliPending).toBe(true);
    await settle(doc);
    const br = encodeResults(doc, 'gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.body as Buffer).toString()).toBe(doc.json);
    expect((br.body as Buffer).length).toBeLessThan(doc.gzip!.length);
    // A client without brotli still gets gzip.
    expect(encodeResults(doc, 'gzip').encoding).toBe('gzip');
  });
});
