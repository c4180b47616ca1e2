import type { Catalogue } from '@aup/domain';
import { loadFramework, resolvePoliciesDir } from '@aup/policies';
import { findContentRequests, type Strictness } from './content-requests';

interface Text {
  readonly where: string;
  readonly text: string;
  readonly strictness: Strictness;
}

/** Every piece of wording a respondent or a reader of the checklist sees, with how strictly to read it. */
function wording(catalogue: Catalogue): Text[] {
  const out: Text[] = [];
  const add = (where: string, text: string | undefined, strictness: Strictness) => {
    if (text) out.push({ where, text, strictness });
  };
  for (const field of catalogue.profile) {
    add(`profile ${field.id}`, field.label, 'prompt');
    add(`profile ${field.id} help`, field.help, 'guidance');
    for (const o of field.options ?? []) add(`profile ${field.id}=${o.value}`, o.label, 'prompt');
  }
  for (const domain of catalogue.domains) {
    for (const control of domain.controls) {
      add(`${control.id} requirement`, control.requirement, 'guidance');
      add(`${control.id} evidence`, control.evidence, 'guidance');
      control.remediation.steps.forEach((step, i) =>
        add(`${control.id} remediation step ${i + 1}`, step, 'guidance'),
      );
      for (const q of control.questions) {
        add(q.id, q.text, 'prompt');
        add(`${q.id} help`, q.help, 'guidance');
        for (const o of q.options ?? []) {
          add(`${q.id}=${o.value}`, o.label, 'prompt');
          add(`${q.id}=${o.value} help`, o.help, 'guidance');
        }
      }
    }
  }
  for (const clause of catalogue.clauses) {
    add(`clause ${clause.id}`, clause.text, 'guidance');
    for (const v of clause.variants ?? []) add(`clause ${clause.id} variant ${v.id}`, v.text, 'guidance');
  }
  for (const step of catalogue.actionPlan) {
    add(`action plan ${step.id} purpose`, step.purpose, 'guidance');
    step.actions.forEach((a, i) => add(`action plan ${step.id} action ${i + 1}`, a, 'guidance'));
    step.never.forEach((a, i) => add(`action plan ${step.id} never ${i + 1}`, a, 'guidance'));
  }
  for (const j of catalogue.jurisdictions)
    for (const o of j.obligations) add(`${o.id} action`, o.action, 'guidance');
  return out;
}

describe.each(['1.0.0', '1.1.0'])(
  'content %s: nothing asks for material, identifiers, people or case numbers',
  (version) => {
    const catalogue = loadFramework(resolvePoliciesDir(), 'workplace-csam-readiness', version);
    const texts = wording(catalogue);

    it('walks every question, option, help text, remediation step, clause and action-plan step', () => {
      const questions = catalogue.domains.flatMap((d) => d.controls.flatMap((c) => c.questions));
      expect(questions.length).toBeGreaterThan(50);
      expect(texts.filter((t) => t.strictness === 'prompt').length).toBeGreaterThan(questions.length * 3);
    });

    it('finds no request for content and no instruction to search for, verify, handle or test with material', () => {
      const findings = texts.flatMap((t) =>
        findContentRequests(t.text, t.strictness).map((f) => `${t.where}: ${f.rule}: "${f.sentence}"`),
      );
      expect(findings).toEqual([]);
    });

    it('would catch a bad option added to a real question (the walk reaches option labels)', () => {
      const [first, ...rest] = catalogue.domains;
      const [control, ...controls] = first.controls;
      const [question, ...questions] = control.questions;
      const bad = {
        ...question,
        options: [
          ...(question.options ?? []),
          { value: 'probe', label: 'Yes: paste the file names here', score: 1 },
        ],
      };
      const probed: Catalogue = {
        ...catalogue,
        domains: [
          { ...first, controls: [{ ...control, questions: [bad, ...questions] }, ...controls] },
          ...rest,
        ],
      };
      const findings = wording(probed).flatMap((t) =>
        findContentRequests(t.text, t.strictness).map((f) => `${t.where}: ${f.rule}`),
      );
      expect(findings).toContain(`${question.id}=probe: asks for file names`);
      expect(findings.every((f) => f.startsWith(`${question.id}=probe:`))).toBe(true);
    });

    it('offers no free-text question, where content could be typed', () => {
      const freeText = catalogue.domains
        .flatMap((d) => d.controls.flatMap((c) => c.questions))
        .filter((q) => q.type === 'text');
      expect(freeText.map((q) => q.id)).toEqual([]);
    });
  },
);

describe('content: the screen itself', () => {
  it.each([
    ['prompt', 'Please list the file names found on the device.', 'asks for file names'],
    ['guidance', 'Enter the URL where the material was found.', 'asks for addresses of material'],
    ['guidance', 'Provide the MD5 or SHA-1 hashes of the files.', 'asks for hashes'],
    ['guidance', 'Name the employee who was involved.', 'asks for names of people'],
    ['prompt', 'What is the police case number?', 'asks for case numbers'],
    ['prompt', 'Which user names were involved?', 'asks for names of people'],
    ['guidance', 'Upload a screenshot of the alert.', 'asks for content'],
    ['guidance', 'Describe what was depicted.', 'asks for content'],
    ['guidance', 'Search the shared drives for CSAM and report what you find.', 'search for material'],
    ['guidance', 'Ask IT to check whether CSAM is present on the file server.', 'verify material'],
    ['guidance', 'Open the images to confirm the alert.', 'verify material'],
    ['guidance', 'Test the web filter with a known abuse URL.', 'test with material'],
    ['guidance', 'Copy the material to a USB stick for HR.', 'handle material'],
    ['guidance', 'Move the files to a quarantine folder.', 'handle material'],
    ['guidance', 'Show the images to the line manager before reporting.', 'handle material'],
    ['guidance', 'Then forward it to Legal with the alert.', 'handle material'],
    ['guidance', 'IT should take a copy of the material as evidence.', 'handle material'],
  ] as const)('catches %s text "%s"', (strictness, text, rule) => {
    expect(findContentRequests(text, strictness).map((f) => f.rule)).toContain(rule);
  });

  it.each([
    ['guidance', 'Do not copy, screenshot or forward the material, not even to the police.'],
    ['prompt', 'Is there a written action plan for suspected CSAM on company IT?'],
    ['guidance', 'Never search for material yourself; verification is for the police.'],
    ['prompt', 'Does the organisation run detection designed for known CSAM on company devices?'],
    ['guidance', "Confirm enforcement with the vendor's own test mechanism, never with real addresses."],
    ['guidance', 'Viewing such images is itself an offence in Sweden.'],
    ['guidance', 'Never copy, move, open or show the material; leave it for the police.'],
    ['guidance', 'Send the report to the police unit named in the plan.'],
    ['guidance', 'Show staff where the policy is published.'],
  ] as const)('lets %s text "%s" through', (strictness, text) => {
    expect(findContentRequests(text, strictness)).toEqual([]);
  });
});
