import type { ReportContent, ReportSnapshot } from '@aup/domain';

/**
 * The JSON export (docs/report.schema.json, `schema` names its version): the report content, plus the
 * snapshot's own inputs and result exactly as stored, so anyone can re-run the engine and compare.
 */
export function renderJson(content: ReportContent, snapshot: ReportSnapshot): Buffer {
  const doc = {
    ...content,
    engine: {
      framework: snapshot.framework,
      formulaVersion: snapshot.formulaVersion,
      profile: snapshot.profile,
      answers: snapshot.answers,
      result: snapshot.result,
    },
  };
  return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
}
