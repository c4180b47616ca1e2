import type { Output } from './output';

export function scoreCommand(_file: string, _policiesDir: string, _options: Readonly<Record<string, string>>, out: Output): number {
  out.error('score: not implemented yet');
  return 1;
}
