/**
 * A Content-Disposition that is safe whatever the file name holds: an ASCII fallback with everything but
 * letters, digits, '.', '-' and '_' replaced, and the real name percent-encoded in filename* (RFC 6266 / 5987).
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 150) || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
