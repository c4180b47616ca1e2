/** Renderers of documents the organisation adopts: pure functions from a document model to file bytes, usable by the api and the worker. */
export { renderDocx } from './render-docx';
export { renderPdf } from './render-pdf';
