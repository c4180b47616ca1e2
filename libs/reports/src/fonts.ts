import { dirname, join } from 'node:path';

/**
 * The PDF's fonts: DejaVu Sans, TrueType files shipped by the `dejavu-fonts-ttf` package and embedded
 * (subset) in every PDF, so the document reads the same everywhere (PDF's 14 standard fonts are not
 * embedded and cover Latin-1 only).
 */
const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const PDF_FONTS = {
  regular: join(dir, 'DejaVuSans.ttf'),
  bold: join(dir, 'DejaVuSans-Bold.ttf'),
  italic: join(dir, 'DejaVuSans-Oblique.ttf'),
} as const;
