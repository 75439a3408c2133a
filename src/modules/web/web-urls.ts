/**
 * URLs of list pages that keep their filters: the next page's link is the current query with the new cursor.
 */
export function pageLinks(
  path: string,
  query: Record<string, unknown>,
  nextCursor: string | null,
): { nextUrl: string | null; firstUrl: string | null } {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'cursor' || key === 'flash' || value === undefined || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      params.set(key, String(value));
  }
  const base = params.toString();
  const withCursor = (cursor: string): string => {
    const next = new URLSearchParams(base);
    next.set('cursor', cursor);
    return `${path}?${next.toString()}`;
  };
  return {
    nextUrl: nextCursor ? withCursor(nextCursor) : null,
    firstUrl: typeof query.cursor === 'string' && query.cursor ? (base ? `${path}?${base}` : path) : null,
  };
}

/** Form checkboxes and selects arrive as strings; these turn them back into what the DTOs expect. */
export const formValue = {
  bool: (value: unknown): boolean | undefined =>
    value === 'true' || value === 'on' ? true : value === 'false' ? false : undefined,
  int: (value: unknown): number | undefined =>
    typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : undefined,
  text: (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value : undefined,
};
