import { AlignmentType, Document, Footer, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { PolicyDocumentModel } from '@aup/domain';

/** The document as DOCX: title block with version and date, numbered headings, lists, sources annex. Pure: same model, same content. */
export async function renderDocx(model: PolicyDocumentModel): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }),
    new Paragraph({ children: [new TextRun({ text: model.organisation, bold: true })] }),
    new Paragraph({
      children: [new TextRun(`Version ${model.version}, ${model.date}. Based on ${model.framework}.`)],
    }),
    ...model.intro.map((text) => new Paragraph({ spacing: { before: 120 }, children: [new TextRun(text)] })),
  ];
  for (const s of model.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 240 },
        children: [new TextRun(`${s.number}. ${s.heading}`)],
      }),
    );
    for (const p of s.paragraphs)
      children.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun(p)] }));
    for (const list of s.lists) {
      children.push(new Paragraph({ children: [new TextRun({ text: list.label, bold: true })] }));
      for (const item of list.items)
        children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(item)] }));
    }
    if (s.sourceIds.length)
      children.push(
        new Paragraph({
          children: [new TextRun({ text: `Sources: ${s.sourceIds.join(', ')}`, italics: true, size: 18 })],
        }),
      );
  }
  if (model.annex.length) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [new TextRun('Annex: sources')],
      }),
    );
    for (const a of model.annex)
      children.push(
        new Paragraph({
          spacing: { after: 80 },
          children: [new TextRun({ text: `[${a.id}] `, bold: true }), new TextRun(a.citation)],
        }),
      );
  }
  const doc = new Document({
    creator: 'aup-audit',
    title: `${model.title} (${model.organisation})`,
    description: `Version ${model.version}, ${model.date}`,
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: model.footer, size: 16 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
