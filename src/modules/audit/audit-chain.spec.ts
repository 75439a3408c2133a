import { canonicalJson, GENESIS_HASH, hashAuditRecord } from './audit-chain';

describe('audit chain hashing', () => {
  it('should sort object keys at every depth and keep array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}',
    );
  });

  it('should give the same bytes whatever order the keys were written in', () => {
    expect(canonicalJson({ x: { q: 1, p: 2 }, w: 0 })).toBe(canonicalJson({ w: 0, x: { p: 2, q: 1 } }));
  });

  it('should hash a row to a value fixed apart from the code, so writer and verifier cannot drift together', () => {
    // The HMAC-SHA-256, under 32 bytes of 0x07, of the canonical text written out by hand here (computed with
    // node:crypto over the literal, not through canonicalJson): a change to the sorting or the field set fails.
    const hash = hashAuditRecord(Buffer.alloc(32, 7), {
      summary: { b: 'x', a: [{ z: 1, y: 2 }] },
      seq: '1',
      at: new Date('2026-04-01T00:00:00.000Z'),
      actorId: '00000000-0000-4000-8000-000000000001',
      actorRole: 'OFFICER',
      action: 'contract.approve',
      entityType: 'contract',
      entityId: null,
      requestId: null,
      ip: null,
      prevHash: GENESIS_HASH,
    });
    expect(hash).toBe('ed2ca4f35beb94b440d43f2ce76b832d0aac544c9da8f1358f9ddde07a3cf5f1');
  });
});
