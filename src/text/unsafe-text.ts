/**
 * Text that must never be stored: PostgreSQL refuses NUL in text columns, lone UTF-16
 * surrogates cannot be encoded at all, control characters and Unicode non-characters have no
 * business in editorial content. Names, titles and slugs must also not be reordered by bidi
 * overrides (the "Trojan Source" trick) nor consist of invisible characters only.
 */

/** C0 controls other than tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const INVISIBLE = /[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/gu;

function hasNonCharacter(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return true;
  }
  return false;
}

/** Why a piece of text cannot be accepted anywhere, or null when it can. */
export function unsafeTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL byte';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (invalid Unicode)';
  if (CONTROL.test(text)) return 'contains a control character';
  if (hasNonCharacter(text)) return 'contains a Unicode non-character';
  return null;
}

/** Stricter rules for names, titles and slugs, which readers see and links are made from. */
export function unsafeNameReason(text: string): string | null {
  const general = unsafeTextReason(text);
  if (general) return general;
  if (BIDI_CONTROL.test(text)) return 'contains a bidirectional override or isolate character';
  if (text.length > 0 && text.replace(INVISIBLE, '') === '' && /[^\s]/u.test(text)) return 'contains only invisible characters';
  return null;
}
