import ExcelJS from 'exceljs';
import { sampleReportInput } from '../../../test/fixtures/reports/sample-report';
import { renderReport } from './render-report';

/** The workbook read back with exceljs, as a spreadsheet program would see its cells. */
async function workbook(draft: boolean): Promise<ExcelJS.Workbook> {
  const r = await renderReport('xlsx', sampleReportInput('multinational-12000', { draft }));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(r.bytes as unknown as ArrayBuffer);
  return book;
}

/** The data cells (below the title and header rows) of the column headed `header`. */
function column(book: ExcelJS.Workbook, sheet: string, header: string): ExcelJS.CellValue[] {
  const ws = book.getWorksheet(sheet)!;
  const headers = (ws.getRow(2).values as ExcelJS.CellValue[]).slice(1);
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`${sheet} has no column '${header}'`);
  return ws
    .getColumn(index + 1)
    .values.slice(3)
    .filter((v) => v !== null && v !== undefined);
}

describe('XLSX report', () => {
  let draft: ExcelJS.Workbook;
  let submitted: ExcelJS.Workbook;
  beforeAll(async () => {
    [draft, submitted] = await Promise.all([workbook(true), workbook(false)]);
  });

  it('a draft is marked DRAFT on every sheet: the title row, the printed page header and the Summary status', () => {
    expect(draft.worksheets.map((ws) => ws.name)).toEqual([
      'Summary',
      'Controls',
      'Answers',
      'Remediation',
      'Obligations',
      'Sources',
    ]);
    for (const ws of draft.worksheets) {
      expect(ws.getCell('A1').value).toMatch(/ · DRAFT: not a submitted audit$/);
      expect(ws.headerFooter.oddHeader).toContain('&CDRAFT&R');
    }
    const summary = draft.getWorksheet('Summary')!;
    const status = summary.getColumn(1).values.indexOf('Status');
    expect(summary.getRow(status).getCell(2).value).toBe('DRAFT (in_progress)');
  });

  it('a submitted audit is not marked DRAFT anywhere', () => {
    for (const ws of submitted.worksheets) {
      expect(String(ws.getCell('A1').value)).not.toContain('DRAFT');
      expect(ws.headerFooter.oddHeader).toContain('&C&R');
    }
  });

  it.each([
    ['Summary', 'Value', 'mixed'],
    ['Controls', 'Score', 'number'],
    ['Controls', 'Target', 'number'],
    ['Answers', 'Answered at', 'date'],
    ['Remediation', 'Order', 'number'],
    ['Remediation', 'Due', 'date'],
    ['Obligations', 'Last legal review', 'date'],
    ['Sources', 'No.', 'number'],
    ['Sources', 'Year', 'number'],
  ] as const)(
    '%s "%s": cells are typed (%s), never numbers or dates written as text',
    (sheet, header, kind) => {
      for (const book of [draft, submitted]) {
        const cells = column(book, sheet, header);
        expect(cells.length).toBeGreaterThan(0);
        if (kind === 'number') expect(cells.filter((v) => typeof v !== 'number')).toEqual([]);
        if (kind === 'date') expect(cells.filter((v) => !(v instanceof Date))).toEqual([]);
        if (kind === 'mixed') {
          // The Summary's figures and its snapshot time.
          const value = (item: string) => {
            const ws = book.getWorksheet(sheet)!;
            return ws.getRow(ws.getColumn(1).values.indexOf(item)).getCell(2).value;
          };
          expect(typeof value('Overall score (0-100)')).toBe('number');
          expect(typeof value('Answered %')).toBe('number');
          expect(value('Snapshot taken')).toBeInstanceOf(Date);
        }
      }
    },
  );

  it('date columns carry a date format, so the dates show as dates', () => {
    const ws = draft.getWorksheet('Remediation')!;
    const due = (ws.getRow(2).values as ExcelJS.CellValue[]).indexOf('Due');
    expect(ws.getRow(3).getCell(due).numFmt).toBe('yyyy-mm-dd');
  });
});
