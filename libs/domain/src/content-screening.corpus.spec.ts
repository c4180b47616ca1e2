import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { nameProblem, screenText, type ScreeningReason } from './content-screening';

/**
 * The screening corpus: obfuscated identifiers in every category the screening claims to refuse, and
 * ordinary policy prose it must accept. Counts are printed so a change in either direction shows.
 */
const REFUSE: Record<string, [ScreeningReason, string][]> = {
  'defanged URLs': [
    ['url', 'see hxxp://example.com/files'],
    ['url', 'see hxxps[:]//example[.]com/x'],
    ['url', 'mirror at example[.]com'],
    ['url', 'mirror at example(.)org'],
    ['url', 'mirror at example{.}net'],
    ['url', 'mirror at example[dot]com'],
    ['url', 'mirror at example (dot) com'],
    ['url', 'host h**p://bad.example.org'],
    ['url', 'HXXP://EXAMPLE.ORG/A'],
    ['url', 'go to example dot com for it'],
    ['url', 'http : // example . org'],
    ['url', 'example\\.com has it'],
  ],
  'upper case and mixed case': [
    ['url', 'WWW.EXAMPLE.ORG'],
    ['url', 'EXAMPLE.COM/FILES'],
    ['url', 'HTTPS://Example.Org'],
    ['email', 'JOHN.DOE@EXAMPLE.COM'],
    ['hash', 'D41D8CD98F00B204E9800998ECF8427E'],
    ['url', 'intranet.ACME.CO.UK'],
  ],
  'zero-width, bidi and full-width characters': [
    ['url', 'exam\u200bple.com'],
    ['url', 'example\u200d.com'],
    ['url', 'www\u2060.example.org'],
    ['url', 'ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['url', 'ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｏｒｇ'],
    ['email', 'john\u200b@example.com'],
    ['email', 'ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['url', 'example\u202e.com'],
    ['hash', 'd41d8cd98f00\u200bb204e9800998ecf8427e'],
    ['ip_address', '１９２．１６８．１．１０'],
    ['url', 'exa\u00admple.com'],
  ],
  'throw-away and IDN hosts': [
    ['url', 'freebies.tk has it'],
    ['url', 'stuff.ml'],
    ['url', 'files.gq'],
    ['url', 'xn--80ak6aa92e.com'],
    ['url', 'example.xn--p1ai'],
    ['url', 'пример.рф'],
    ['url', 'müller-dateien.de'],
    ['url', 'beispiel.中国'],
    ['url', 'cdn.example.pw'],
    ['url', 'share.example.icu'],
  ],
  'e-mail addresses spelled out': [
    ['email', 'john at example dot com'],
    ['email', 'john.doe at example dot co dot uk'],
    ['email', 'jdoe [at] example [dot] com'],
    ['email', 'jdoe(at)example(dot)org'],
    ['email', 'jdoe {at} example {dot} net'],
    ['email', 'JDOE AT EXAMPLE DOT COM'],
    ['email', 'jdoe @ example . com'],
    ['email', 'jörg@beispiel.de'],
    ['email', '(john)@(example).cc'],
    ['email', 'x\\@y.zz'],
  ],
  'hashes split, grouped or in upper case': [
    ['hash', 'd41d8cd9 8f00b204 e9800998 ecf8427e'],
    ['hash', 'd41d8cd9-8f00b204-e9800998-ecf8427e'],
    ['hash', 'd41d 8cd9 8f00 b204 e980 0998 ecf8 427e'],
    ['hash', 'd4 1d 8c d9 8f 00 b2 04 e9 80 09 98 ec f8 42 7e'],
    ['hash', 'd41d8cd9 - 8f00b204 - e9800998 - ecf8427e'],
    ['hash', 'd41d8cd9.8f00b204.e9800998.ecf8427e'],
    ['hash', 'DA39A3EE-5E6B4B0D-3255BFEF-95601890-AFD80709'],
    ['hash', 'sha256 e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 649b934c a495991b 7852b855'],
    ['hex_run', 'pdq 8f373714acfcf4d0'],
  ],
  'base32, base64 and byte lists': [
    ['base64', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI======'],
    ['base64', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U'],
    ['base64', 'mfrggzdfmztwq2lknnwg23tpobyxe43u'],
    ['base64', 'SGVsbG8gd29ybGQhIFRoaXMgaXMgYmFzZTY0IGRhdGE='],
    ['base64', '104, 116, 116, 112, 58, 47, 47, 101, 120'],
    ['base64', '104 116 116 112 58 47 47 101 120 97'],
    ['base64', '0x68 0x74 0x74 0x70 0x3a 0x2f 0x2f 0x65'],
    ['base64', '\\x68\\x74\\x74\\x70\\x3a\\x2f\\x2f\\x65'],
    ['base64', '0x68,0x74,0x74,0x70,0x3a,0x2f,0x2f,0x65,0x78'],
  ],
  'file names of media and archives': [
    ['file_name', 'found IMG_0042.JPG on the laptop'],
    ['file_name', 'the file holiday-2019.mp4'],
    ['file_name', 'archive backup_final.zip was copied'],
    ['file_name', 'DSC01234.jpeg'],
    ['file_name', 'a folder with clip01.mkv'],
    ['file_name', 'stuff.7z'],
    ['file_name', 'pics.rar'],
    ['file_name', 'scan.png'],
    ['file_name', 'video.webm'],
    ['file_name', 'ｉｍｇ１．ｊｐｇ'],
  ],
  'case and reference numbers': [
    ['reference_number', 'police case no. 2023-004711'],
    ['reference_number', 'Case #48213 was opened'],
    ['reference_number', 'ticket INC0012345 records it'],
    ['reference_number', 'Aktenzeichen 12 Js 345/23'],
    ['reference_number', 'report number 88412'],
    ['reference_number', 'CyberTipline report 123456789'],
    ['reference_number', 'incident ref: AB-2023-0042'],
    ['reference_number', 'see #123456'],
    ['reference_number', 'diarienummer 5000-K123456-23'],
    ['reference_number', 'REQ-00421 in the service desk'],
  ],
  'named people': [
    ['person_name', 'Mr Smith found it'],
    ['person_name', 'reported by Dr. Jansen'],
    ['person_name', 'the suspect John Miller'],
    ['person_name', 'employee Anna Berg was suspended'],
    ['person_name', 'a colleague named Peter Olsen'],
    ['person_name', 'Frau Schneider informed HR'],
    ['person_name', 'Mevrouw de Vries'],
    ['person_name', 'a contractor called Tom Hardy'],
    ['person_name', 'Mitarbeiter Klaus Weber'],
  ],
  'classic identifiers': [
    ['url', 'https://intranet.example.com/policies/aup'],
    ['ip_address', 'device 10.0.0.12'],
    ['ip_address', 'fe80::1ff:fe23:4567:890a'],
    ['network_path', '\\\\fileserver01\\evidence\\case'],
    ['email', 'john.doe@example.com'],
    ['hash', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['url', 'magnet:?xt=urn:btih:abcdef'],
  ],
};

const ACCEPT: string[] = [
  'Approved by the board on 2024-03-01, i.e. before the last review.',
  'Mapped to ISO/IEC 27001:2022 A.5.10 and NIST CSF 2.0 GV.PO-01.',
  'ISO 27001 A.5.10 and A.8.16 cover monitoring.',
  'Reporting duty under BrB 16:10 a and § 184b StGB.',
  'Required by 18 U.S.C. § 2258A; see also Article 6(1)(c) GDPR.',
  'Budget € 20,000 (about 3.5% of the IT budget), USD 1,250.50 for training.',
  '1-2 incidents in 24 months; 95% of staff trained by Q3 2025.',
  'Reviewed every 24 hours at 10:30 by the on-call lead.',
  'The policy is approved.It was exercised in May.',
  'We added a deadbeef cafe face to the test plan',
  'Dienstvereinbarung mit dem Betriebsrat (Sjöström, Malmö) 👍',
  'Applies to Windows10Enterprise2022 and macOS devices; ASP.NET apps too.',
  'Owners: IT/HR/Legal/Security/Leadership share the review.',
  'The web team uses Node.js version 2.1.3 for the intranet.',
  'Images (JPEG, PNG) and videos are never opened by IT; the device is isolated.',
  'Staff must not open files such as .jpg or .zip archives found on a device.',
  'The incident response plan, version 3, was tested in 2024.',
  'Incident report 2024 went to the board; the report of 2023-2024 too.',
  'Case handling follows the police guidance of 2023-05-01.',
  'The employee Acceptable Use Policy is signed at onboarding.',
  'Every user Security Awareness Training is logged in the HR system.',
  'The Data Protection Officer and the works council are informed.',
  'Mr and Mrs are not used in our letters; we address people by role.',
  'Ticket queue "Security" handles reports within 4 hours.',
  'Section 4.2 of the handbook, clause 7, paragraph 3.',
  'Phone the hotline during office hours (09:00-17:00, Mon-Fri).',
  'The four-eyes rule applies; two people from HR and Legal attend.',
  'A hash-matching tool is not used; we never look at material.',
  'Logs are kept for 90 days, then deleted; backups for 30 days.',
  'We follow NCMEC and IWF guidance on reporting, without sharing material.',
  'Telefon 112 bei Gefahr; sonst die Polizei über die Onlinewache.',
  'The named contact is the CISO; the called party is the hotline.',
  'Contract signed 12 March 2024 with the MSP for 24/7 monitoring.',
  'Firmware 10.2.1 on 250 laptops and 1,200 phones.',
  'Version 1.0.0 of the framework, scoring formula 2.',
];

/** Narrative texts of the framework, jurisdictions and benchmarks: what people quote and paraphrase. */
const NARRATIVE_KEYS = new Set([
  'label',
  'title',
  'steps',
  'help',
  'text',
  'requirement',
  'rationale',
  'evidence',
  'prohibited',
  'notes',
  'action',
  'trigger',
  'recipient',
  'deadline',
  'description',
  'penalty',
  'purpose',
  'preservation',
  'clause',
  'population',
  'never',
  'citation',
]);

function frameworkTexts(dir: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    else if (typeof node === 'string' && key && NARRATIVE_KEYS.has(key)) out.push(node);
  };
  const visit = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) visit(full);
      else if (full.endsWith('.yaml')) walk(parse(readFileSync(full, 'utf8')));
    }
  };
  visit(dir);
  return out;
}

describe('content screening corpus', () => {
  const cases = Object.entries(REFUSE).flatMap(([category, list]) =>
    list.map(([reason, text]) => ({ category, reason, text })),
  );

  it.each(cases)('refuses ($category) $text', ({ reason, text }) => {
    expect(screenText(text)?.reason).toBe(reason);
  });

  it.each(ACCEPT)('accepts policy prose: %s', (text) => {
    expect(screenText(text)).toBeUndefined();
  });

  it('prints the counts, and accepts every narrative text of the framework (false positives)', () => {
    const refused = cases.filter((c) => screenText(c.text)?.reason === c.reason).length;
    const accepted = ACCEPT.filter((t) => !screenText(t)).length;
    const texts = frameworkTexts(join(__dirname, '../../../policies'));
    const falsePositives = texts
      .filter((t) => screenText(t))
      .map((t) => `${screenText(t)!.reason}: ${t.slice(0, 120)}`);
    const byCategory = Object.entries(REFUSE).map(
      ([c, list]) => `${c} ${list.filter(([r, t]) => screenText(t)?.reason === r).length}/${list.length}`,
    );
    console.log(
      [
        `screening corpus: ${refused}/${cases.length} obfuscated identifiers refused (${byCategory.join('; ')})`,
        `policy prose accepted: ${accepted}/${ACCEPT.length}`,
        `framework narrative texts: ${texts.length}, false positives: ${falsePositives.length}`,
        ...falsePositives,
      ].join('\n'),
    );
    expect(refused).toBe(cases.length);
    expect(accepted).toBe(ACCEPT.length);
    expect(texts.length).toBeGreaterThan(500);
    expect(falsePositives).toEqual([]);
  });

  // Speed is measured in bench/, not asserted here: on a shared machine a timed bound fails by chance. This
  // screens every adversarial shape at the longest length a field takes and prints the slowest batch.
  it('screens adversarial shapes of the longest field length, 54 at a time', () => {
    const shapes = [
      'a1',
      'a',
      '1',
      'a.',
      '1.',
      'ab ',
      'a:',
      '12, ',
      'a@',
      'a at b dot ',
      'user Aa Bb ',
      'case 1',
      'a-',
      '\\x',
      '0x',
    ];
    let worst = 0;
    for (const shape of shapes) {
      const text = shape.repeat(Math.ceil(2000 / shape.length)).slice(0, 2000);
      const started = performance.now();
      const findings = Array.from({ length: 54 }, (_, i) => screenText(`${text}${i}`));
      worst = Math.max(worst, performance.now() - started);
      // Deterministic: the same text gets the same verdict every time.
      expect(screenText(`${text}0`)).toEqual(findings[0]);
    }
    console.log(`slowest 54 x 2,000-character batch: ${worst.toFixed(1)} ms`);
  });

  it('keeps name fields to names', () => {
    for (const ok of [
      'Example Manufacturing Ltd',
      'Müller & Söhne GmbH',
      'O’Brien (Ireland) Ltd.',
      '3M Svenska AB',
      'Alex Morgan',
      'reporting script #2',
      'ci_deploy_token',
    ]) {
      expect(nameProblem(ok, 'organisation')).toBeUndefined();
    }
    for (const bad of [
      'Visit https://evil.example',
      'evil.example.com',
      'Name\nSecond line',
      'Red\u001b[31m',
      'a\u202eb',
      ' padded',
      'mail me@x.org',
      'A <b>tag</b>',
    ]) {
      expect(nameProblem(bad, 'organisation')).toBeDefined();
    }
  });
});
