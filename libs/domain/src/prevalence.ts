import type { Answers } from './answers';
import type { Catalogue } from './catalogue';
import type { Profile } from './profile';
import { scoreAudit, type ScoreResult } from './score-audit';

export type PrevalenceSignal =
  | 'no_detection'
  | 'consistent'
  | 'fewer_than_expected'
  | 'more_than_expected'
  | 'band_not_given'
  | 'headcount_not_given';

export interface PrevalenceEstimate {
  readonly headcount: number | null;
  readonly lowRate: number;
  readonly highRate: number;
  /** headcount x rate, unrounded; null without a headcount. */
  readonly expectedLow: number | null;
  readonly expectedHigh: number | null;
  /** "about 12 to 24", "up to about 1", "fewer than one expected". */
  readonly range: string;
  readonly statement: string;
  readonly detection: {
    readonly controlId: string;
    readonly inPlace: boolean;
    readonly score: number | null;
  };
  readonly incidentBand: string | null;
  readonly signal: PrevalenceSignal;
  readonly comparison: string;
  /** Keys of the results' `sources` map. */
  readonly sourceIds: readonly string[];
  /** The caution on the rates' source (vendor data), shown wherever the estimate is. */
  readonly caution?: string;
}

const BANDS: Readonly<Record<string, [number, number]>> = {
  '0': [0, 0],
  '1-2': [1, 2],
  '3-5': [3, 5],
  more: [6, Infinity],
};
const number = (n: number) => Math.round(n).toLocaleString('en-GB');
const oneIn = (rate: number) => `1 in ${number(1 / rate)}`;

export function prevalenceRange(low: number, high: number): string {
  if (high < 1) return 'fewer than one expected';
  if (Math.round(low) < 1) return `up to about ${number(high)}`;
  return Math.round(low) === Math.round(high)
    ? `about ${number(low)}`
    : `about ${number(low)} to ${number(high)}`;
}

/** The estimate from an existing score result (what evaluateAudit uses). */
export function prevalenceFromResult(
  catalogue: Catalogue,
  profile: Profile,
  result: Pick<ScoreResult, 'controls'>,
): PrevalenceEstimate {
  const { lowRate, highRate, detectionControl, sources: sourceIds, caution } = catalogue.prevalence;
  const cautionField = caution !== undefined ? { caution } : {};
  const headcount = typeof profile.headcount === 'number' && profile.headcount > 0 ? profile.headcount : null;
  const control = result.controls.find((c) => c.controlId === detectionControl);
  const detection = {
    controlId: detectionControl,
    inPlace: control?.passes === true,
    score: control?.score ?? null,
  };
  const incidentBand = typeof profile.incident_band === 'string' ? profile.incident_band : null;
  const rates = `${oneIn(lowRate)} to ${oneIn(highRate)}`;
  if (headcount === null) {
    return {
      headcount,
      lowRate,
      highRate,
      expectedLow: null,
      expectedHigh: null,
      range: 'not estimated',
      statement: 'No headcount was given, so no estimate can be made.',
      detection,
      incidentBand,
      signal: 'headcount_not_given',
      comparison: '',
      sourceIds,
      ...cautionField,
    };
  }
  const expectedLow = headcount * lowRate;
  const expectedHigh = headcount * highRate;
  const range = prevalenceRange(expectedLow, expectedHigh);
  const workforce = `For a workforce of ${number(headcount)}, published rates (${rates})`;
  const statement =
    (expectedHigh < 1
      ? `${workforce} suggest that fewer than one employee who views child sexual abuse material on work devices is expected.`
      : `${workforce} suggest ${range} ${Math.round(expectedHigh) <= 1 ? 'employee who views' : 'employees who view'} child sexual abuse material on work devices.`) +
    " This is an estimate of the organisation's risk, not a statement about any person." +
    (caution ? ` ${caution}` : '');
  const band = incidentBand !== null ? BANDS[incidentBand] : undefined;
  let signal: PrevalenceSignal;
  let comparison: string;
  if (!detection.inPlace) {
    signal = 'no_detection';
    comparison =
      control === undefined ||
      control.status === 'not_applicable' ||
      control.status === 'not_shown' ||
      control.status === 'all_na'
        ? `Detection (${detectionControl}) does not apply to this organisation, so finds depend on chance and the incident count cannot be compared with the estimate.`
        : `Without detection capability (${detectionControl} below target), finds depend on chance: the incident count cannot be compared with the estimate and says little about the risk.`;
  } else if (!band) {
    signal = 'band_not_given';
    comparison = 'No incident band was given, so the estimate cannot be compared with finds.';
  } else if (band[1] < Math.floor(expectedLow)) {
    signal = 'fewer_than_expected';
    comparison = `Detection is in place but fewer finds were recorded than the estimate suggests: check that detection covers every device and storage location.`;
  } else if (band[0] > Math.ceil(expectedHigh)) {
    signal = 'more_than_expected';
    comparison =
      'More finds were recorded than the estimate suggests: review how access to material is prevented.';
  } else {
    signal = 'consistent';
    comparison = 'The recorded finds are in line with the estimate.';
  }
  return {
    headcount,
    lowRate,
    highRate,
    expectedLow,
    expectedHigh,
    range,
    statement,
    detection,
    incidentBand,
    signal,
    comparison,
    sourceIds,
    ...cautionField,
  };
}

/**
 * Expected range of affected employees from headcount and the benchmark rates, set against detection
 * capability and the incident band. About the organisation's risk, never about a person.
 */
export function prevalenceEstimate(
  catalogue: Catalogue,
  profile: Profile,
  answers: Answers,
): PrevalenceEstimate {
  return prevalenceFromResult(catalogue, profile, scoreAudit(catalogue, profile, answers));
}
