import { z } from 'zod';
import { isStorableText, nameProblem, type NameKind } from '@aup/domain';
import { POLICY_IDS, type PolicyIdKind } from '@aup/policies';
import { ISO_COUNTRY_CODES } from './iso-countries';

/** Field building blocks for the request and response schemas (zod, via nestjs-zod). */

export const NARRATIVE = 'Screened: no URLs, e-mail addresses, hashes or encoded data.';
export const NAME_RULES = 'Letters, digits, spaces and name punctuation; no links, addresses or line breaks';

/**
 * Binds a schema to its contract type in `@aup/contracts`: what the schema produces must be a `T`, so a
 * contract that changes without its schema (or the reverse) fails typecheck. Response routes add the other
 * direction through `@ZodResponse`, which requires the handler's return type to fit the schema's input.
 */
export const contract =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S): S =>
    schema;

/** Absent or `null`, both read as absent (a field the contract types `?: T`, without `null`). */
export const optional = <S extends z.ZodType>(schema: S) =>
  schema.nullish().transform((v): z.output<S> | undefined => v ?? undefined);

/** Text PostgreSQL can store (no NUL or other control characters, no unpaired surrogates). */
export const storableText = (min: number, max: number) =>
  z.string().min(min).max(max).refine(isStorableText, 'contains control characters or invalid Unicode');

/**
 * A name (organisation, display name, API token): one line of letters, digits, spaces and name
 * punctuation; no links, addresses, encoded data, control or invisible characters. Names appear in e-mails
 * and lists, so they are held to this wherever they are typed.
 */
export const plainName = (kind: NameKind, max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = nameProblem(value, kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: NAME_RULES });

export const uuid = () => z.guid();

const POLICY_ID_NAMES: Record<PolicyIdKind, [name: string, example: string]> = {
  framework: ['a framework id', 'workplace-csam-readiness'],
  version: ['a semantic version (x.y.z)', '1.1.0'],
  section: ['a section id', 'it'],
  clause: ['a clause id', 'aup-scope'],
  step: ['an action-plan step id', 'contain'],
  obligation: ['an obligation id', 'GB-OFFENCES'],
};

/**
 * An id from policies/ (framework, version, section, clause, step, obligation) with the syntax its JSON
 * Schema gives it, for paths and bodies alike.
 */
export const policyId = (kind: PolicyIdKind) => {
  const { pattern, maxLength } = POLICY_IDS[kind];
  const [name, example] = POLICY_ID_NAMES[kind];
  return z.string().max(maxLength).regex(pattern, `must be ${name} (${pattern.source})`).meta({ example });
};

/** A one-time token as issued (invitation links): 256 random bits, base64url, 43 characters. */
export const oneTimeToken = () =>
  z
    .string()
    .length(43)
    .regex(/^[A-Za-z0-9_-]*$/, 'must be a token as sent in the link (base64url)')
    .meta({ example: 'aW52aXRhdGlvbi10b2tlbi1leGFtcGxlLW5vdC1yZWF' });

export const email = () => z.email().max(254);
/** Bounds absurd bodies only: the password policy checks the length (422 with a reason). */
export const password = () => z.string().max(1024);
/** A calendar date, `YYYY-MM-DD`. */
export const dateOnly = () => z.iso.date();
export const dateTime = () => z.iso.datetime({ offset: true });

/**
 * A list of distinct codes, each matching `pattern` (and `known`, if given). A bad code is reported at the
 * list, which is what a client shows next to the field.
 */
export const codeList = (
  max: number,
  pattern: RegExp,
  message: string,
  known: (code: string) => boolean = () => true,
) =>
  z
    .array(z.string().meta({ pattern: pattern.source }))
    .max(max)
    .refine((list) => list.every((c) => pattern.test(c) && known(c)), message)
    .refine((list) => new Set(list).size === list.length, 'each code must be given once');

export const countryCodes = () =>
  codeList(250, /^[A-Z]{2}$/, 'each country must be an upper-case ISO 3166-1 alpha-2 code', (c) =>
    ISO_COUNTRY_CODES.has(c),
  );

/** Query strings carry text: these read numbers and booleans from it. */
export const queryInt = (min: number, max: number) => z.coerce.number<string>().int().min(min).max(max);
export const queryBoolean = () => z.enum(['true', 'false']).transform((v) => v === 'true');

/** limit/offset paging for every list. */
export const pageQueryShape = {
  limit: optional(queryInt(1, 100)).meta({ default: 20 }),
  offset: optional(queryInt(0, 1_000_000)).meta({ default: 0 }),
};

/** One page of a list (`Page<T>` in the contracts). */
export const pageSchema = <S extends z.ZodType>(item: S) =>
  z.object({
    items: z.array(item),
    total: z.number().int().meta({ example: 2 }),
    limit: z.number().int().meta({ example: 20 }),
    offset: z.number().int().meta({ example: 0 }),
  });

/**
 * A value passed through unchecked and documented as an object: its shape is owned and tested elsewhere
 * (the scoring result of libs/domain), so the schema names the type without repeating it.
 */
export const opaqueObject = <T>(description: string) =>
  z.record(z.string(), z.unknown()).meta({ description }) as unknown as z.ZodType<T>;

/** A string the contract types as `string`, documented with the values it takes. */
export const documentedEnum = (values: readonly string[]) => z.string().meta({ enum: [...values] });
