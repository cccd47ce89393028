/**
 * The 16 standard terminal colours in tones legible on the log's dark background (those of VS Code's dark
 * terminal theme), by the rgb anser gives them: anser's own, "close to the standard", make blue or red text
 * hard to read there. A terminal theme does the same; 256-colour and true-colour codes keep their colours.
 */
const TONES: Record<string, string> = {
  '0,0,0': 'rgb(0, 0, 0)',
  '187,0,0': 'rgb(205, 49, 49)',
  '0,187,0': 'rgb(13, 188, 121)',
  '187,187,0': 'rgb(229, 229, 16)',
  '0,0,187': 'rgb(36, 114, 200)',
  '187,0,187': 'rgb(188, 63, 188)',
  '0,187,187': 'rgb(17, 168, 205)',
  '255,255,255': 'rgb(229, 229, 229)',
  '85,85,85': 'rgb(102, 102, 102)',
  '255,85,85': 'rgb(241, 76, 76)',
  '0,255,0': 'rgb(35, 209, 139)',
  '255,255,85': 'rgb(245, 245, 67)',
  '85,85,255': 'rgb(59, 142, 234)',
  '255,85,255': 'rgb(214, 112, 214)',
  '85,255,255': 'rgb(41, 184, 219)',
};

/** The CSS colour of an rgb triple from anser ("187, 0, 0"). */
export const cssColour = (anserRgb: string): string =>
  TONES[anserRgb.replace(/\s/g, '')] ?? `rgb(${anserRgb})`;
