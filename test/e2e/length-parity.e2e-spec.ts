import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { limitedColumns } from '../../src/database/length-guard';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  reviewedFinding,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * One truth on both databases (issue 14): every VARCHAR column of every entity takes a value of exactly its
 * declared length and refuses one character more with 400 DB.VALUE_TOO_LONG — on SQLite, which would store it,
 * as on MariaDB, which refuses it. The sweep writes through the real database into rows a short journey made.
 */
describe('string lengths are the same on every database', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestApp();
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const company = await createContractor(ctx, admin);
    const contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    const contract = await createApprovedContract(ctx, officer.token, company.id);
    const finding = await reviewedFinding(
      ctx,
      { admin, officer: officer.token, contractor: contractor.token },
      contract.id,
    );
    await issueOrder(ctx, admin, contract.id, { findingItemIds: [finding.item.id] });
  });
  afterAll(async () => ctx.close());

  /** Columns a value of any content can go into: not keys, not references to other rows. */
  const sweepable = (metadata: EntityMetadata) =>
    limitedColumns(metadata).filter(({ property }) => {
      const column = metadata.findColumnWithPropertyName(property);
      return (
        column &&
        !column.isPrimary &&
        !column.relationMetadata &&
        !column.referencedColumn &&
        !property.endsWith('Id') &&
        !metadata.indices.some((i) => i.isUnique && i.columns.includes(column))
      );
    });

  it('should take a value of exactly the declared length and refuse one more character, on every column', async () => {
    const manager = ctx.dataSource.manager;
    let checked = 0;
    for (const metadata of ctx.dataSource.entityMetadatas) {
      const columns = sweepable(metadata);
      if (columns.length === 0) continue;
      const row = await manager.findOne<ObjectLiteral>(metadata.target, { where: {} });
      if (!row) continue;
      const key = metadata.getEntityIdMap(row);
      if (!key) continue;
      for (const { property, length } of columns) {
        const original: unknown = row[property];
        // A character outside the Basic Multilingual Plane counts as one, as MariaDB counts it.
        const full = '𠮷'.repeat(length);
        await manager.update(metadata.target, key, { [property]: full });
        const stored = await manager.findOneOrFail<ObjectLiteral>(metadata.target, { where: key });
        expect({ table: metadata.tableName, property, length: [...String(stored[property])].length }).toEqual(
          {
            table: metadata.tableName,
            property,
            length,
          },
        );
        let refusal: unknown = null;
        await manager.update(metadata.target, key, { [property]: `${full}x` }).catch((e: unknown) => {
          refusal = e;
        });
        expect({
          table: metadata.tableName,
          property,
          code: (refusal as { code?: string } | null)?.code,
        }).toEqual({
          table: metadata.tableName,
          property,
          code: 'DB.VALUE_TOO_LONG',
        });
        await manager.update(metadata.target, key, { [property]: original });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it('should answer an API write one character over a column with 400, never store it', async () => {
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    // The user's display name: its DTO allows what its column allows; one more is refused either way.
    const res = await ctx
      .http()
      .post('/api/users')
      .set(...bearer(admin))
      .send({
        email: 'long-name@example.jp',
        displayName: '名'.repeat(101),
        password: 'a long enough password',
        role: 'OFFICER',
      });
    expect(res.status).toBe(400);
  });
});
