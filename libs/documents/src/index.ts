/** Renderers of documents the organisation adopts: pure functions from a document model to file bytes, usable by the api and the worker. */
import type { PolicyDocumentModel } from '@aup/domain';

// The DOCX and PDF libraries are loaded on first use: most processes that import this never render.

/** The document as a Word file. */
export async function renderDocx(model: PolicyDocumentModel): Promise<Buffer> {
  return (await import('./render-docx.js')).renderDocx(model);
}

/** The document as a PDF with embedded fonts. */
export async function renderPdf(model: PolicyDocumentModel): Promise<Buffer> {
  return (await import('./render-pdf.js')).renderPdf(model);
}
