import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Operation {
  method: string;
  /** OpenAPI form, relative to /api/v1 for api routes (`/organisations/{orgId}`), absolute for ops routes (`/health`). */
  path: string;
}

export interface TableRow extends Operation {
  /** role -> allowed */
  access: Record<string, boolean>;
}

export interface PermissionsDoc {
  roles: string[];
  rows: TableRow[];
  publicRoutes: Operation[];
}

export const PERMISSIONS_FILE = join(__dirname, '../../docs/PERMISSIONS.md');
export const API_PREFIX = '/api/v1';

export const keyOf = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** Maps an OpenAPI path to the form used in docs/PERMISSIONS.md. */
export const docPath = (openApiPath: string) =>
  openApiPath.startsWith(`${API_PREFIX}/`) ? openApiPath.slice(API_PREFIX.length) : openApiPath;

/**
 * Reads docs/PERMISSIONS.md: the `| method | path | <role> ... |` table and the bullet list under
 * "## Public routes". Throws on a malformed row, so a typo cannot silently drop a route from the test.
 */
export function readPermissions(file = PERMISSIONS_FILE): PermissionsDoc {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /^\|\s*method\s*\|\s*path\s*\|/.test(l));
  if (headerAt < 0) throw new Error(`${file}: no "| method | path | ..." table`);
  const cells = (l: string) =>
    l
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  const roles = cells(lines[headerAt]).slice(2);
  const rows: TableRow[] = [];
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.trim().startsWith('|')) break;
    const [method, path, ...marks] = cells(line);
    if (
      !/^(GET|POST|PUT|PATCH|DELETE)$/.test(method) ||
      !path.startsWith('/') ||
      marks.length !== roles.length
    ) {
      throw new Error(`${file}: malformed row: ${line}`);
    }
    const access: Record<string, boolean> = {};
    marks.forEach((mark, i) => {
      if (mark !== 'allow' && mark !== 'deny')
        throw new Error(`${file}: "${mark}" is neither allow nor deny in: ${line}`);
      access[roles[i]] = mark === 'allow';
    });
    rows.push({ method, path, access });
  }
  const publicAt = lines.findIndex((l) => /^##\s+Public routes/.test(l));
  if (publicAt < 0) throw new Error(`${file}: no "## Public routes" section`);
  const publicRoutes: Operation[] = [];
  for (const line of lines.slice(publicAt + 1)) {
    if (/^##\s/.test(line)) break;
    const m = /^-\s+`(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)`\s*$/.exec(line.trim());
    if (m) publicRoutes.push({ method: m[1], path: m[2] });
  }
  return { roles, rows, publicRoutes };
}
