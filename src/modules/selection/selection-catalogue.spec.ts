import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CatalogueError } from '../clauses/catalogue.errors';
import { applicableCriteria, loadSelectionCatalogue } from './selection-catalogue';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selection-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadSelectionCatalogue(dir);
  } catch (error) {
    if (error instanceof CatalogueError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the catalogue loaded');
}

const VALID = 'code: A_ONE\norder: 1\ntitle: 項目\nrequirement: 基準の文。\n';

describe('the selection criteria catalogue', () => {
  it('should load the shipped catalogue in order, ISMAP only for cloud delivery', () => {
    const catalogue = loadSelectionCatalogue(path.resolve('templates/selection'));
    expect(catalogue.criteria.map((c) => c.code)).toEqual([
      'SECURITY_CERTIFICATION',
      'CLOUD_ISMAP',
      'NO_SUSPENSION',
      'ORGANIZATION_AND_STAFF',
      'PAST_INCIDENTS',
    ]);
    expect(catalogue.byCode.get('SECURITY_CERTIFICATION')?.certifications).toEqual(['ISMS', 'PRIVACY_MARK']);
    const onPremises = applicableCriteria(catalogue, { usesCloud: false, handlesPersonalInfo: true });
    expect(onPremises.map((c) => c.code)).not.toContain('CLOUD_ISMAP');
    const cloud = applicableCriteria(catalogue, { usesCloud: true, handlesPersonalInfo: false });
    expect(cloud.map((c) => c.code)).toContain('CLOUD_ISMAP');
    expect(Object.isFrozen(catalogue.criteria[0])).toBe(true);
  });

  it('should refuse unknown fields, bad codes, missing texts and unknown certification types, naming each', () => {
    const dir = folder({
      '10-bad.yaml':
        'code: lower\norder: 1.5\ntitle: ""\nrequirement: 基準\ncertifications: [ISMS, GOLD]\nextra: 1\n',
    });
    expect(problems(dir)).toEqual([
      '10-bad.yaml: extra: unknown field',
      '10-bad.yaml: code: must be UPPER_SNAKE_CASE',
      '10-bad.yaml: order: must be an integer',
      '10-bad.yaml: title: must be a non-empty string',
      '10-bad.yaml: certifications[1]: must be one of ISMS, PRIVACY_MARK, ISMAP, ISMAP_LIU, ISO27017, ISO27018, OTHER',
    ]);
  });

  it('should refuse duplicate codes and orders, a .yml file, an unknown condition and a broken YAML file', () => {
    const dir = folder({
      'a.yaml': VALID,
      'b.yaml': VALID,
      'c.yml': VALID,
      'd.yaml': 'code: D_ONE\norder: 4\ntitle: t\nrequirement: r\nappliesWhen: { tender: true }\n',
      'e.yaml': 'code: [unclosed\n',
    });
    const found = problems(dir);
    expect(found).toContain('c.yml: rename to .yaml (only *.yaml is read)');
    expect(found).toContain('d.yaml: appliesWhen.tender: only cloud or personalInfo, true or false');
    expect(found.some((p) => p.startsWith('e.yaml: yaml: '))).toBe(true);
    expect(found).toContain('A_ONE: code: duplicate code A_ONE (also A_ONE)');
    expect(found).toContain('A_ONE: order: duplicate order 1 (also A_ONE)');
  });

  it('should refuse an empty or missing folder', () => {
    expect(problems(folder({}))[0]).toMatch(/no criteria files/);
    expect(problems(path.join(os.tmpdir(), 'no-such-selection-folder'))[0]).toMatch(/cannot read the folder/);
  });
});
