// Vietnamese text helpers shared by search and validation.

/** Folds Vietnamese diacritics for search: "Đăng ký khai sinh" → "dang ky khai sinh". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** NFC everywhere we store text, so "ệ" typed on any keyboard compares equal. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
