// A font with Chinese glyphs for PDFs: pdfkit's built-in fonts have none, so every Chinese
// character would be lost. Debian's fonts-noto-cjk is looked for first; GROUNDTRUTH_CJK_FONT may
// name another file (.ttf/.otf, or .ttc with GROUNDTRUTH_CJK_FONT_NAME as its PostScript name).
import { existsSync } from 'node:fs';

export interface CjkFont {
  path: string;
  /** PostScript name of the face inside a collection (.ttc), else undefined. */
  family?: string;
}

const CANDIDATES: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

export class NoCjkFontError extends Error {
  constructor() {
    super(
      'no font with Chinese glyphs for the PDF: install Debian fonts-noto-cjk (apt-get install fonts-noto-cjk) ' +
        'or set GROUNDTRUTH_CJK_FONT to a .ttf/.otf/.ttc file (and GROUNDTRUTH_CJK_FONT_NAME to the face in a .ttc)',
    );
  }
}

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  if (env.GROUNDTRUTH_CJK_FONT) {
    if (!existsSync(env.GROUNDTRUTH_CJK_FONT)) throw new NoCjkFontError();
    return { path: env.GROUNDTRUTH_CJK_FONT, family: env.GROUNDTRUTH_CJK_FONT_NAME || undefined };
  }
  const found = CANDIDATES.find((c) => existsSync(c.path));
  if (!found) throw new NoCjkFontError();
  return found;
}
