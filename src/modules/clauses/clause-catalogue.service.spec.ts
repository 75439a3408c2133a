import { Test } from '@nestjs/testing';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { CatalogueError } from './catalogue.errors';
import { loadCatalogue } from './catalogue.loader';
import { type ContractAttributes } from './catalogue.types';
import { ClauseCatalogueService, clausesDir } from './clause-catalogue.service';
import { ClausesModule } from './clauses.module';

const REAL_DIR = path.resolve(__dirname, '../../../templates/clauses');
const attrs: ContractAttributes = {
  confidentialityClass: 2,
  handlesPersonalInfo: true,
  usesCloud: false,
  workLocation: '本組合庁舎',
};

describe('ClauseCatalogueService', () => {
  const saved = process.env.CLAUSES_DIR;
  const tmpDirs: string[] = [];
  afterEach(() => {
    if (saved === undefined) delete process.env.CLAUSES_DIR;
    else process.env.CLAUSES_DIR = saved;
  });
  afterAll(() => tmpDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('should load templates/clauses under the working directory through the Nest module', async () => {
    delete process.env.CLAUSES_DIR;
    expect(clausesDir()).toBe(path.resolve(process.cwd(), 'templates/clauses'));
    const moduleRef = await Test.createTestingModule({ imports: [ClausesModule] }).compile();
    const service = moduleRef.get(ClauseCatalogueService);
    expect(service.version).toBe(loadCatalogue(REAL_DIR).version);
    expect(service.list().map((c) => c.code)).toEqual(service.catalogue.clauses.map((c) => c.code));
    await moduleRef.close();
  });

  it('should answer with the catalogue bound in', () => {
    process.env.CLAUSES_DIR = REAL_DIR;
    const service = new ClauseCatalogueService();
    const selection = service.defaultSelection(attrs);
    expect(selection).toEqual(expect.arrayContaining(['ENCRYPTION', 'PERSONAL_INFORMATION']));
    expect(selection).not.toContain('CLOUD_SERVICE');
    const result = service.validateSelection(
      attrs,
      selection.map((code) => ({ code })),
    );
    expect(result.ok).toBe(true);
    expect(
      service.renderClause('RETURN_ERASURE', { returnDays: 30 }, { reportInterval: '3か月' }).paragraphs[0],
    ).toContain('その日から30日以内に');
    expect(service.articleNumbers(['AUDIT', 'POLICY_COMPLIANCE'])).toEqual([
      { code: 'POLICY_COMPLIANCE', articleNo: 1 },
      { code: 'AUDIT', articleNo: 2 },
    ]);
    expect(service.forbidsSubcontracting(['SUBCONTRACT_PROHIBITED'])).toBe(true);
    expect(service.find('NOPE')).toBeUndefined();
    expect(() => service.renderClause('NOPE', {}, { reportInterval: '3か月' })).toThrow(
      /unknown clause code NOPE/,
    );
  });

  it('should read the folder named by CLAUSES_DIR and refuse to start on a broken one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clauses-service-'));
    tmpDirs.push(dir);
    fs.writeFileSync(path.join(dir, '01-only.yaml'), stringify({ code: 'ONLY', order: 1 }));
    process.env.CLAUSES_DIR = dir;
    expect(() => new ClauseCatalogueService()).toThrow(CatalogueError);
    expect(() => new ClauseCatalogueService()).toThrow(/01-only\.yaml: title: required/);
  });
});
