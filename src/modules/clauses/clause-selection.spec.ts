import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { defaultSelection, forbidsSubcontracting } from './catalogue';
import { loadCatalogue } from './catalogue.loader';
import {
  type ClauseSelectionItem,
  type ContractAttributes,
  type SelectionError,
  type SelectionResult,
} from './catalogue.types';
import { SELECTION_ERROR_KIND, validateSelection } from './clause-selection';

const catalogue = loadCatalogue(path.resolve(__dirname, '../../../templates/clauses'));

const class1Plain: ContractAttributes = {
  confidentialityClass: 1,
  handlesPersonalInfo: false,
  usesCloud: false,
  workLocation: null,
};
const class3Everything: ContractAttributes = {
  confidentialityClass: 3,
  handlesPersonalInfo: true,
  usesCloud: true,
  workLocation: '置賜広域行政事務組合 本庁舎 3階 電算室',
};

function defaults(attrs: ContractAttributes): ClauseSelectionItem[] {
  return defaultSelection(catalogue, attrs).map((code) => ({ code }));
}

/** The default selection with some clauses' params set (or clauses added). */
function withParams(
  attrs: ContractAttributes,
  code: string,
  params: Record<string, unknown>,
): ClauseSelectionItem[] {
  const items = defaults(attrs).filter((item) => item.code !== code);
  return [...items, { code, params }];
}

function errorsOf(result: SelectionResult): SelectionError[] {
  if (result.ok) throw new Error('expected the selection to be refused');
  return result.errors;
}

function clausesOf(result: SelectionResult) {
  if (!result.ok) throw new Error(`expected the selection to pass: ${JSON.stringify(result.errors)}`);
  return result.clauses;
}

describe('validateSelection accepting', () => {
  it('should accept the default selection and fill every parameter with its default', () => {
    const clauses = clausesOf(validateSelection(catalogue, class1Plain, defaults(class1Plain)));
    expect(clauses.map((c) => c.code)).toEqual(defaultSelection(catalogue, class1Plain));
    const params = Object.fromEntries(clauses.map((c) => [c.code, c.params]));
    expect(params.INCIDENT_REPORT).toEqual({ reportHours: 2, writtenReportDays: 7 });
    // The report interval is the contract's frequency, not a parameter that could disagree with it.
    expect(params.PERIODIC_REPORT).toEqual({});
    expect(params.RETURN_ERASURE).toEqual({ returnDays: 14 });
    expect(params.WORK_LOCATION).toEqual({ workLocation: '乙の事業所のうち甲があらかじめ承認した場所' });
    expect(params.CONFIDENTIALITY).toEqual({});
  });

  it("should take the work location from the contract when the officer sets none, and the officer's value over it", () => {
    const fromContract = clausesOf(
      validateSelection(catalogue, class3Everything, defaults(class3Everything)),
    );
    expect(fromContract.find((c) => c.code === 'WORK_LOCATION')?.params).toEqual({
      workLocation: '置賜広域行政事務組合 本庁舎 3階 電算室',
    });
    expect(fromContract.find((c) => c.code === 'CLOUD_SERVICE')?.params).toEqual({
      cloudRegistration: 'ISMAPクラウドサービスリスト',
    });
    const given = withParams(class3Everything, 'WORK_LOCATION', { workLocation: '乙の米沢事業所' });
    const fromOfficer = clausesOf(validateSelection(catalogue, class3Everything, given));
    expect(fromOfficer.find((c) => c.code === 'WORK_LOCATION')?.params).toEqual({
      workLocation: '乙の米沢事業所',
    });
  });

  it('should return the clauses in catalogue order whatever order they came in', () => {
    const reversed = defaults(class3Everything).reverse();
    const clauses = clausesOf(validateSelection(catalogue, class3Everything, reversed));
    expect(clauses.map((c) => c.code)).toEqual(defaultSelection(catalogue, class3Everything));
  });

  it('should normalise text to NFC without surrounding spaces and count characters, not UTF-16 units', () => {
    const decomposed = ' \u30AB\u3099ス棟\u3000';
    const clauses = clausesOf(
      validateSelection(
        catalogue,
        class1Plain,
        withParams(class1Plain, 'WORK_LOCATION', { workLocation: decomposed }),
      ),
    );
    expect(clauses.find((c) => c.code === 'WORK_LOCATION')?.params.workLocation).toBe('\u30ACス棟');
    const longest = '𠮷'.repeat(200);
    const ok = validateSelection(
      catalogue,
      class1Plain,
      withParams(class1Plain, 'WORK_LOCATION', { workLocation: longest }),
    );
    expect(ok.ok).toBe(true);
  });

  it('should let the prohibition replace the mandatory approval clause and mark the contract as forbidding', () => {
    const selection = [
      ...defaults(class1Plain).filter((c) => c.code !== 'SUBCONTRACT_APPROVAL'),
      { code: 'SUBCONTRACT_PROHIBITED' },
    ];
    const clauses = clausesOf(validateSelection(catalogue, class1Plain, selection));
    const codes = clauses.map((c) => c.code);
    expect(codes).toContain('SUBCONTRACT_PROHIBITED');
    expect(codes).not.toContain('SUBCONTRACT_APPROVAL');
    expect(forbidsSubcontracting(catalogue, codes)).toBe(true);
  });

  it('should accept an optional clause that applies (disclosure for class 3)', () => {
    const selection = [...defaults(class3Everything), { code: 'DISCLOSURE' }];
    expect(clausesOf(validateSelection(catalogue, class3Everything, selection)).map((c) => c.code)).toContain(
      'DISCLOSURE',
    );
  });
});

describe('validateSelection refusing', () => {
  it('should refuse an unknown code as invalid input', () => {
    const errors = errorsOf(
      validateSelection(catalogue, class1Plain, [...defaults(class1Plain), { code: 'NOPE' }]),
    );
    expect(errors).toEqual([
      {
        code: 'CLAUSE.UNKNOWN',
        kind: 'invalid',
        clauseCode: 'NOPE',
        message: '条項コード「NOPE」は条項カタログにありません。',
      },
    ]);
  });

  it('should refuse a clause given twice', () => {
    const errors = errorsOf(
      validateSelection(catalogue, class1Plain, [...defaults(class1Plain), { code: 'AUDIT' }]),
    );
    expect(errors).toEqual([
      {
        code: 'CLAUSE.DUPLICATE',
        kind: 'invalid',
        clauseCode: 'AUDIT',
        message: '条項「監査及び検査」が重複して指定されています。',
      },
    ]);
  });

  it('should refuse dropping a mandatory clause as a rule failure', () => {
    const selection = defaults(class1Plain).filter((c) => c.code !== 'CONFIDENTIALITY');
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection))).toEqual([
      {
        code: 'CLAUSE.MANDATORY_MISSING',
        kind: 'rule',
        clauseCode: 'CONFIDENTIALITY',
        message: '条項「秘密の保持」はこの契約に必須です。',
      },
    ]);
  });

  it('should require encryption from class 2 but not for class 1', () => {
    const attrs: ContractAttributes = { ...class1Plain, confidentialityClass: 2 };
    const selection = defaults(attrs).filter((c) => c.code !== 'ENCRYPTION');
    expect(
      errorsOf(validateSelection(catalogue, attrs, selection)).map((e) => [e.code, e.clauseCode]),
    ).toEqual([['CLAUSE.MANDATORY_MISSING', 'ENCRYPTION']]);
    expect(validateSelection(catalogue, class1Plain, defaults(class1Plain)).ok).toBe(true);
  });

  it('should refuse dropping the approval clause without putting the prohibition in its place', () => {
    const selection = defaults(class1Plain).filter((c) => c.code !== 'SUBCONTRACT_APPROVAL');
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection)).map((e) => e.clauseCode)).toEqual([
      'SUBCONTRACT_APPROVAL',
    ]);
  });

  it('should refuse a clause that does not apply to the contract, saying when it applies', () => {
    const selection = [...defaults(class1Plain), { code: 'CLOUD_SERVICE' }, { code: 'DISCLOSURE' }];
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection))).toEqual([
      {
        code: 'CLAUSE.NOT_APPLICABLE',
        kind: 'rule',
        clauseCode: 'CLOUD_SERVICE',
        message: '条項「クラウドサービスの利用」はクラウドサービスを利用する契約にのみ適用されます。',
      },
      {
        code: 'CLAUSE.NOT_APPLICABLE',
        kind: 'rule',
        clauseCode: 'DISCLOSURE',
        message: '条項「乙に関する情報の提供」は機密性3以上の契約にのみ適用されます。',
      },
    ]);
  });

  it('should refuse both sub-contracting clauses together, once for the pair', () => {
    const selection = [...defaults(class1Plain), { code: 'SUBCONTRACT_PROHIBITED' }];
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection))).toEqual([
      {
        code: 'CLAUSE.EXCLUSIVE',
        kind: 'rule',
        clauseCode: 'SUBCONTRACT_APPROVAL',
        message: '条項「再委託の制限」と条項「再委託の禁止」は同時に選択できません。',
      },
    ]);
  });

  it('should refuse a parameter the clause does not have', () => {
    const selection = withParams(class1Plain, 'INCIDENT_REPORT', { reportHours: 4, reportMinutes: 30 });
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection))).toEqual([
      {
        code: 'CLAUSE.PARAM_UNKNOWN',
        kind: 'invalid',
        clauseCode: 'INCIDENT_REPORT',
        param: 'reportMinutes',
        message: '条項「事故発生時の報告」にパラメータ「reportMinutes」はありません。',
      },
    ]);
  });

  it.each<[string, unknown]>([
    ['a numeric string', '24'],
    ['a fraction', 1.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['below the minimum', 0],
    ['above the maximum', 25],
    ['null', null],
    ['a boolean', true],
  ])('should refuse %s as an integer parameter', (_what, value) => {
    const selection = withParams(class1Plain, 'INCIDENT_REPORT', { reportHours: value });
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection))).toEqual([
      {
        code: 'CLAUSE.PARAM_INVALID',
        kind: 'invalid',
        clauseCode: 'INCIDENT_REPORT',
        param: 'reportHours',
        message:
          '条項「事故発生時の報告」の「第一報の期限」は1から24までの整数で指定してください（単位：時間）。',
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['a NUL character', '本庁舎\u0000', '使用できない文字'],
    ['a line break', '本庁舎\n2階', '使用できない文字'],
    ['a lone surrogate', '本庁舎\uD800', '使用できない文字'],
    ['a bidirectional override', '本庁舎\u202E', '使用できない文字'],
    ['only spaces', ' \u3000 ', '空にできません'],
    ['a number', 42, '文字列で指定してください'],
    ['2,011 characters', '𠮷'.repeat(2011), '2010文字以内で指定してください'],
  ])('should refuse %s as a text parameter', (_what, value, expected) => {
    const selection = withParams(class1Plain, 'WORK_LOCATION', { workLocation: value });
    const errors = errorsOf(validateSelection(catalogue, class1Plain, selection));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CLAUSE.PARAM_INVALID', kind: 'invalid', param: 'workLocation' });
    expect(errors[0].message).toContain(expected);
  });

  it('should refuse an enum value outside its values and accept one inside', () => {
    const bad = withParams(class3Everything, 'CLOUD_SERVICE', { cloudRegistration: 'ISMAP-LIU' });
    const errors = errorsOf(validateSelection(catalogue, class3Everything, bad));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CLAUSE.PARAM_INVALID', param: 'cloudRegistration' });
    expect(errors[0].message).toContain('ISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリスト');
    const good = withParams(class3Everything, 'CLOUD_SERVICE', {
      cloudRegistration: 'ISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリスト',
    });
    expect(validateSelection(catalogue, class3Everything, good).ok).toBe(true);
  });

  it('should refuse params that are not a mapping', () => {
    const selection = withParams(class1Plain, 'INCIDENT_REPORT', [] as unknown as Record<string, unknown>);
    expect(errorsOf(validateSelection(catalogue, class1Plain, selection))).toEqual([
      expect.objectContaining({
        code: 'CLAUSE.PARAM_INVALID',
        clauseCode: 'INCIDENT_REPORT',
        kind: 'invalid',
      }),
    ]);
  });

  it("should refuse a contract's work location that breaks the parameter's limits", () => {
    const attrs: ContractAttributes = { ...class1Plain, workLocation: '長'.repeat(2011) };
    expect(errorsOf(validateSelection(catalogue, attrs, defaults(attrs)))).toEqual([
      expect.objectContaining({
        code: 'CLAUSE.PARAM_INVALID',
        clauseCode: 'WORK_LOCATION',
        param: 'workLocation',
      }),
    ]);
  });

  it('should report invalid input and rule failures together, each with its kind', () => {
    const selection = [
      ...defaults(class1Plain).filter((c) => c.code !== 'AUDIT'),
      { code: 'NOPE' },
      { code: 'CLOUD_SERVICE' },
    ];
    const errors = errorsOf(validateSelection(catalogue, class1Plain, selection));
    expect(errors.map((e) => [e.code, e.kind])).toEqual([
      ['CLAUSE.UNKNOWN', 'invalid'],
      ['CLAUSE.NOT_APPLICABLE', 'rule'],
      ['CLAUSE.MANDATORY_MISSING', 'rule'],
    ]);
  });

  it('should classify every error code as invalid input (400) or a rule failure (422)', () => {
    expect(SELECTION_ERROR_KIND).toEqual({
      'CLAUSE.UNKNOWN': 'invalid',
      'CLAUSE.DUPLICATE': 'invalid',
      'CLAUSE.PARAM_UNKNOWN': 'invalid',
      'CLAUSE.PARAM_INVALID': 'invalid',
      'CLAUSE.PARAM_REQUIRED': 'invalid',
      'CLAUSE.NOT_APPLICABLE': 'rule',
      'CLAUSE.MANDATORY_MISSING': 'rule',
      'CLAUSE.EXCLUSIVE': 'rule',
    });
  });
});

describe('validateSelection with a parameter that only the contract can fill', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clauses-required-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(
    path.join(dir, '01-site.yaml'),
    stringify({
      code: 'SITE',
      order: 10,
      title: '作業場所',
      paragraphs: ['乙は、{{site}}で作業しなければならない。'],
      params: [
        { name: 'site', label: '作業場所', type: 'text', maxLength: 100, defaultFrom: 'workLocation' },
      ],
      micItems: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
      isoControls: ['7.1'],
      appliesWhen: { always: true },
      mandatory: true,
      questions: [{ code: 'SITE-01', basis: 1, text: '定められた場所で作業していますか。' }],
      reportItems: [{ code: 'SITE-R01', basis: 1, text: '作業場所の変更はありましたか。' }],
    }),
  );
  const small = loadCatalogue(dir);

  it('should ask for the value when neither the officer nor the contract gives one', () => {
    expect(errorsOf(validateSelection(small, class1Plain, [{ code: 'SITE' }]))).toEqual([
      {
        code: 'CLAUSE.PARAM_REQUIRED',
        kind: 'invalid',
        clauseCode: 'SITE',
        param: 'site',
        message: '条項「作業場所」の「作業場所」を指定してください（契約にも設定されていません）。',
      },
    ]);
    expect(
      errorsOf(validateSelection(small, { ...class1Plain, workLocation: '  ' }, [{ code: 'SITE' }]))[0].code,
    ).toBe('CLAUSE.PARAM_REQUIRED');
  });

  it("should use the contract's work location when there is one", () => {
    const result = validateSelection(small, { ...class1Plain, workLocation: '本庁舎' }, [{ code: 'SITE' }]);
    expect(clausesOf(result)).toEqual([{ code: 'SITE', params: { site: '本庁舎' } }]);
  });
});
