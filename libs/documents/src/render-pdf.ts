import PDFDocument from 'pdfkit';
import type { PolicyDocumentModel } from '@aup/domain';

/** Characters the standard PDF fonts (WinAnsi) cannot show, replaced by their plain forms. */
const plain = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...');

/** The document as PDF (A4, standard fonts): title block with version and date, numbered headings, lists, sources annex. */
export function renderPdf(model: PolicyDocumentModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      bufferPages: true,
      info: {
        Title: `${model.title} (${model.organisation})`,
        Author: model.organisation,
        Creator: 'aup-audit',
        Subject: `Version ${model.version}, ${model.date}`,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(18).text(plain(model.title));
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(12).text(plain(model.organisation));
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(plain(`Version ${model.version}, ${model.date}. Based on ${model.framework}.`));
    for (const p of model.intro) doc.moveDown(0.5).fontSize(11).text(plain(p));
    for (const s of model.sections) {
      doc
        .moveDown(1)
        .font('Helvetica-Bold')
        .fontSize(13)
        .text(plain(`${s.number}. ${s.heading}`));
      doc.font('Helvetica').fontSize(11);
      for (const p of s.paragraphs) doc.moveDown(0.4).text(plain(p));
      for (const list of s.lists) {
        doc.moveDown(0.4).font('Helvetica-Bold').text(plain(list.label)).font('Helvetica');
        doc.list(list.items.map(plain), { bulletRadius: 2, textIndent: 12 });
      }
      if (s.sourceIds.length)
        doc
          .moveDown(0.3)
          .font('Helvetica-Oblique')
          .fontSize(9)
          .text(`Sources: ${s.sourceIds.join(', ')}`)
          .font('Helvetica');
    }
    if (model.annex.length) {
      doc.addPage().font('Helvetica-Bold').fontSize(13).text('Annex: sources');
      doc.font('Helvetica').fontSize(9);
      for (const a of model.annex) doc.moveDown(0.3).text(plain(`[${a.id}] ${a.citation}`));
    }
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(plain(`${model.footer} Page ${i + 1} of ${range.count}.`), 56, doc.page.height - 48, {
          width: doc.page.width - 112,
          align: 'center',
          lineBreak: false,
        });
    }
    doc.end();
  });
}
