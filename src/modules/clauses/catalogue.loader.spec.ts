import { splitItems } from '../../common/text/paragraph-items';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { CatalogueError } from './catalogue.errors';
import { canonicalJson, loadCatalogue } from './catalogue.loader';

const REAL_DIR = path.resolve(__dirname, '../../../templates/clauses');
const ALL_MIC_ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clauses-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => tmpDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Writes files into a fresh folder: objects as YAML, strings as they are. */
function writeCatalogue(files: Record<string, unknown>): string {
  const dir = tmpDir();
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

function baseClause(): Record<string, unknown> {
  return {
    code: 'BASE',
    order: 10,
    title: '基本的事項',
    paragraphs: ['乙は、{{days}}日以内に甲に報告しなければならない。'],
    params: [{ name: 'days', label: '報告期限', type: 'integer', default: 7, min: 1, max: 30, unit: '日' }],
    micItems: ALL_MIC_ITEMS,
    isoControls: ['5.20'],
    appliesWhen: { always: true },
    mandatory: true,
    questions: [{ code: 'BASE-01', basis: 1, text: '期限内に報告していますか。' }],
    reportItems: [{ code: 'BASE-R01', basis: 1, text: '報告期間中に事故はありましたか。' }],
  };
}

function otherClause(): Record<string, unknown> {
  return {
    code: 'OTHER',
    order: 20,
    title: 'その他の事項',
    paragraphs: ['乙は、甲の指示に従わなければならない。'],
    micItems: [],
    isoControls: ['5.19'],
    appliesWhen: { minClass: 2 },
    mandatory: false,
    questions: [{ code: 'OTHER-01', basis: 1, text: '甲の指示に従っていますか。' }],
  };
}

/** Loads a folder holding the valid base clause and `bad` as 02-bad.yaml; returns the error thrown. */
function loadError(files: Record<string, unknown>): CatalogueError {
  try {
    loadCatalogue(writeCatalogue(files));
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('the catalogue loaded although it is broken');
}

function withBad(mutate: (clause: Record<string, unknown>) => void): Record<string, unknown> {
  const bad = otherClause();
  mutate(bad);
  return { '01-base.yaml': baseClause(), '02-bad.yaml': bad };
}

describe('loadCatalogue on the real catalogue', () => {
  const catalogue = loadCatalogue(REAL_DIR);

  it('should load every clause, sorted by order, indexed by code', () => {
    expect(catalogue.clauses.length).toBeGreaterThanOrEqual(18);
    expect(catalogue.clauses.length).toBeLessThanOrEqual(40);
    const orders = catalogue.clauses.map((c) => c.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(catalogue.byCode.get('CONFIDENTIALITY')?.title).toBe('秘密の保持');
    expect(catalogue.byCode.size).toBe(catalogue.clauses.length);
  });

  it('should cover every item 1–13 of the MIC model guideline', () => {
    const covered = new Set(catalogue.clauses.flatMap((c) => c.micItems));
    expect([...covered].sort((a, b) => a - b)).toEqual(ALL_MIC_ITEMS);
  });

  it('should include the clauses the Amagasaki lesson and the extra items call for', () => {
    const codes = catalogue.clauses.map((c) => c.code);
    for (const code of [
      'WORKER_ROSTER',
      'REMOVABLE_MEDIA',
      'ENCRYPTION',
      'ERASURE_CERTIFICATE',
      'CLOUD_SERVICE',
      'PERSONAL_INFORMATION',
      'INCIDENT_REPORT',
      'PERIODIC_REPORT',
      'RETURN_ERASURE',
      'WORK_LOCATION',
      'AUDIT',
      'INCIDENT_PUBLICATION',
      'BREACH_TERMINATION',
      'SUBCONTRACT_APPROVAL',
      'SUBCONTRACT_PROHIBITED',
    ]) {
      expect(codes).toContain(code);
    }
    expect(catalogue.byCode.get('CLOUD_SERVICE')?.paragraphs.join('')).toContain('日本国内');
    expect(catalogue.byCode.get('SUBCONTRACT_APPROVAL')?.paragraphs.join('')).toContain('同等の義務');
  });

  it('should make the sub-contracting pair exclusive both ways and mark only the prohibition as forbidding', () => {
    expect(catalogue.byCode.get('SUBCONTRACT_PROHIBITED')?.excludes).toEqual(['SUBCONTRACT_APPROVAL']);
    expect(catalogue.byCode.get('SUBCONTRACT_APPROVAL')?.excludes).toEqual(['SUBCONTRACT_PROHIBITED']);
    expect(
      catalogue.clauses.filter((c) => c.effects.subcontracting === 'forbidden').map((c) => c.code),
    ).toEqual(['SUBCONTRACT_PROHIBITED']);
  });

  it('should freeze the definitions it shares', () => {
    const clause = catalogue.clauses[0];
    expect(Object.isFrozen(clause)).toBe(true);
    expect(Object.isFrozen(clause.paragraphs)).toBe(true);
    expect(() => (clause.paragraphs as string[]).push('x')).toThrow(TypeError);
  });
});

describe('catalogue version', () => {
  const original = loadCatalogue(REAL_DIR).version;

  function copyOfRealCatalogue(): string {
    const dir = tmpDir();
    fs.cpSync(REAL_DIR, dir, { recursive: true });
    return dir;
  }

  it('should be a SHA-256 hex that is the same on every load and in any folder', () => {
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(loadCatalogue(REAL_DIR).version).toBe(original);
    expect(loadCatalogue(copyOfRealCatalogue()).version).toBe(original);
  });

  it('should not change when only YAML layout and comments change', () => {
    const dir = copyOfRealCatalogue();
    const file = path.join(dir, '10-confidentiality.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const relaidOut = `# 秘密の保持 — comment only\n${text.replace('appliesWhen: { always: true }', 'appliesWhen:\n  always:   true')}\n\n`;
    expect(relaidOut).not.toBe(text);
    fs.writeFileSync(file, relaidOut);
    expect(loadCatalogue(dir).version).toBe(original);
  });

  it('should change when a single character of a text changes', () => {
    const dir = copyOfRealCatalogue();
    const file = path.join(dir, '10-confidentiality.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      text.replace('他に漏らしてはならない。本契約', '他に漏らしてはならない。この契約'),
    );
    const changed = loadCatalogue(dir);
    expect(changed.byCode.get('CONFIDENTIALITY')?.paragraphs[0]).toContain('この契約');
    expect(changed.version).not.toBe(original);
  });

  it('should serialise with sorted keys at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: '甲' }], a: true, skipped: undefined })).toBe(
      '{"a":true,"b":[{"c":"甲","d":1}]}',
    );
  });
});

describe('loadCatalogue on broken entries', () => {
  it('should load a minimal valid folder', () => {
    const catalogue = loadCatalogue(writeCatalogue(withBad(() => undefined)));
    expect(catalogue.clauses.map((c) => c.code)).toEqual(['BASE', 'OTHER']);
    expect(catalogue.byCode.get('OTHER')?.defaultSelected).toBe(false);
  });

  it('should number the items of a paragraph (1), (2), … and keep them inside that paragraph', () => {
    const catalogue = loadCatalogue(
      writeCatalogue(
        withBad((c) => {
          c.paragraphs = [
            '乙は、秘密を守らなければならない。',
            { text: '乙は、次に掲げる事項を記録しなければならない。', items: ['日時', '{{what}}の内容'] },
          ];
          c.params = [{ name: 'what', label: '対象', type: 'text', default: '作業', maxLength: 20 }];
        }),
      ),
    );
    const paragraphs = catalogue.byCode.get('OTHER')?.paragraphs ?? [];
    expect(paragraphs).toHaveLength(2);
    expect(splitItems(paragraphs[1])).toEqual({
      text: '乙は、次に掲げる事項を記録しなければならない。',
      items: [
        { label: '(1)', text: '日時' },
        { label: '(2)', text: '{{what}}の内容' },
      ],
    });
  });

  it.each<[string, (c: Record<string, unknown>) => void, RegExp]>([
    ['an unknown key', (c) => (c.colour = 'red'), /02-bad\.yaml: colour: unknown key/],
    ['an order that is not an integer', (c) => (c.order = 'ten'), /02-bad\.yaml: order: must be an integer/],
    ['a missing title', (c) => delete c.title, /02-bad\.yaml: title: required/],
    ['a code in the wrong case', (c) => (c.code = 'Other'), /02-bad\.yaml: code: must be UPPER_SNAKE_CASE/],
    [
      'a max below min',
      (c) => {
        c.paragraphs = ['乙は、{{hours}}時間以内に報告しなければならない。'];
        c.params = [{ name: 'hours', label: '期限', type: 'integer', default: 5, min: 10, max: 5 }];
      },
      /02-bad\.yaml: params\[0\]\.max: must be an integer ≥ min/,
    ],
    [
      'a default outside the range',
      (c) => {
        c.paragraphs = ['乙は、{{hours}}時間以内に報告しなければならない。'];
        c.params = [{ name: 'hours', label: '期限', type: 'integer', default: 99, min: 1, max: 72 }];
      },
      /02-bad\.yaml: params\[0\]\.default: must be between 1 and 72/,
    ],
    [
      'a key that belongs to another parameter type',
      (c) => {
        c.paragraphs = ['乙は、{{place}}で作業しなければならない。'];
        c.params = [{ name: 'place', label: '場所', type: 'text', default: '庁舎', maxLength: 50, min: 1 }];
      },
      /02-bad\.yaml: params\[0\]\.min: unknown key for a parameter of type text/,
    ],
    [
      'an enum default outside its values',
      (c) => {
        c.paragraphs = ['乙は、{{level}}の対策を講じなければならない。'];
        c.params = [{ name: 'level', label: '水準', type: 'enum', values: ['高', '中'], default: '低' }];
      },
      /02-bad\.yaml: params\[0\]\.default: must be one of values/,
    ],
    [
      'a text parameter with neither default nor defaultFrom',
      (c) => {
        c.paragraphs = ['乙は、{{place}}で作業しなければならない。'];
        c.params = [{ name: 'place', label: '場所', type: 'text', maxLength: 50 }];
      },
      /02-bad\.yaml: params\[0\]\.default: required/,
    ],
    [
      'a placeholder that is not declared',
      (c) => (c.paragraphs = ['乙は、{{hours}}時間以内に報告しなければならない。']),
      /02-bad\.yaml: paragraphs\[0\]: \{\{hours\}\} is not declared in params/,
    ],
    [
      'a parameter that no paragraph uses',
      (c) => (c.params = [{ name: 'hours', label: '期限', type: 'integer', default: 5, min: 1, max: 72 }]),
      /02-bad\.yaml: params\[0\]\.name: "hours" is not used in any paragraph/,
    ],
    [
      'a malformed placeholder',
      (c) => (c.paragraphs = ['乙は、{{ hours }}時間以内に報告しなければならない。']),
      /02-bad\.yaml: paragraphs\[0\]: malformed placeholder/,
    ],
    [
      'a paragraph with a line break',
      (c) => (c.paragraphs = ['乙は、\n報告しなければならない。']),
      /02-bad\.yaml: paragraphs\[0\]: must not contain control/,
    ],
    [
      'a paragraph with a LINE SEPARATOR (reserved for the items the loader numbers)',
      (c) => (c.paragraphs = ['乙は、次に掲げる事項を守らなければならない。\u2028(1)秘密']),
      /02-bad\.yaml: paragraphs\[0\]: must not contain control/,
    ],
    [
      'a paragraph with a single item',
      (c) => (c.paragraphs = [{ text: '乙は、次の事項を守らなければならない。', items: ['秘密の保持'] }]),
      /02-bad\.yaml: paragraphs\[0\]\.items: must list at least two items/,
    ],
    [
      'an item that carries its own number',
      (c) =>
        (c.paragraphs = [
          { text: '乙は、次に掲げる事項を守らなければならない。', items: ['(1)秘密', '記録'] },
        ]),
      /02-bad\.yaml: paragraphs\[0\]\.items\[0\]: must not start with a number/,
    ],
    [
      'an itemised paragraph with an unknown key',
      (c) =>
        (c.paragraphs = [
          { text: '乙は、次に掲げる事項を守らなければならない。', items: ['秘密', '記録'], note: 'x' },
        ]),
      /02-bad\.yaml: paragraphs\[0\]\.note: unknown key/,
    ],
    [
      'a MIC item outside 1–13',
      (c) => (c.micItems = [14]),
      /02-bad\.yaml: micItems\[0\]: must be an integer from 1 to 13/,
    ],
    [
      'an ISO control written as a number',
      (c) => (c.isoControls = [5.2]),
      /02-bad\.yaml: isoControls\[0\]: must be a quoted string/,
    ],
    [
      'an ISO control that Annex A does not have',
      (c) => (c.isoControls = ['5.20', '8.35']),
      /02-bad\.yaml: isoControls\[1\]: must be an ISO\/IEC 27001:2022 Annex A control/,
    ],
    [
      'an appliesWhen with two conditions',
      (c) => (c.appliesWhen = { always: true, cloud: true }),
      /02-bad\.yaml: appliesWhen: must have exactly one of/,
    ],
    [
      'a minClass out of range',
      (c) => (c.appliesWhen = { minClass: 4 }),
      /02-bad\.yaml: appliesWhen\.minClass: must be 1, 2 or 3/,
    ],
    [
      'defaultSelected on a mandatory clause',
      (c) => Object.assign(c, { mandatory: true, defaultSelected: true }),
      /02-bad\.yaml: defaultSelected: only optional clauses take it/,
    ],
    [
      'excludes naming an unknown clause',
      (c) => (c.excludes = ['NOPE']),
      /02-bad\.yaml: excludes\[0\]: unknown clause code NOPE/,
    ],
    [
      'an exclusive pair that are both selected by default',
      (c) => Object.assign(c, { excludes: ['BASE'], defaultSelected: true }),
      /02-bad\.yaml: excludes\[0\]: BASE and this clause are both selected by default/,
    ],
    [
      'an unknown effect',
      (c) => (c.effects = { subcontracting: 'allowed' }),
      /02-bad\.yaml: effects\.subcontracting: must be forbidden/,
    ],
    ['no questions', (c) => (c.questions = []), /02-bad\.yaml: questions: must not be empty/],
    [
      'a question that is not a question',
      (c) => (c.questions = [{ code: 'OTHER-01', text: '甲の指示に従う。' }]),
      /02-bad\.yaml: questions\[0\]\.text: must be a polite question ending in 「か。」/,
    ],
    [
      'a question code of another clause',
      (c) => (c.questions = [{ code: 'BASE-02', text: '従っていますか。' }]),
      /02-bad\.yaml: questions\[0\]\.code: must be "OTHER-NN"/,
    ],
    [
      'a duplicate question code',
      (c) =>
        (c.questions = [
          { code: 'OTHER-01', basis: 1, text: '従っていますか。' },
          { code: 'OTHER-01', basis: 1, text: '守っていますか。' },
        ]),
      /02-bad\.yaml: questions\[1\]: duplicate "OTHER-01"/,
    ],
    [
      'a duplicate clause code',
      (c) =>
        Object.assign(c, {
          code: 'BASE',
          questions: [{ code: 'BASE-02', basis: 1, text: '従っていますか。' }],
        }),
      /02-bad\.yaml: code: duplicate code BASE \(also in \S*01-base\.yaml\)/,
    ],
    [
      'a duplicate order',
      (c) => (c.order = 10),
      /02-bad\.yaml: order: duplicate order 10 \(also in \S*01-base\.yaml\)/,
    ],
  ])('should name the file and field for %s', (_what, mutate, expected) => {
    const error = loadError(withBad(mutate));
    expect(error.message).toMatch(expected);
    expect(error.issues.every((issue) => issue.file.endsWith('02-bad.yaml'))).toBe(true);
  });

  it('should report a YAML syntax error with its line', () => {
    const error = loadError({
      '01-base.yaml': baseClause(),
      '02-bad.yaml': 'code: OTHER\ntitle: [unclosed\n',
    });
    expect(error.message).toMatch(/02-bad\.yaml: line \d+: /);
  });

  it('should refuse a key written twice', () => {
    const error = loadError({ '01-base.yaml': baseClause(), '02-bad.yaml': 'code: OTHER\ncode: OTHER2\n' });
    expect(error.message).toMatch(/02-bad\.yaml: line 2: Map keys must be unique/);
  });

  it('should refuse a lone surrogate', () => {
    const text = stringify(otherClause()).replace('その他の事項', '"その他\\uD800の事項"');
    const error = loadError({ '01-base.yaml': baseClause(), '02-bad.yaml': text });
    expect(error.message).toMatch(/02-bad\.yaml: title: must be well-formed Unicode text/);
  });

  it('should refuse bytes that are not UTF-8', () => {
    const dir = writeCatalogue({ '01-base.yaml': baseClause() });
    fs.writeFileSync(
      path.join(dir, '02-bad.yaml'),
      Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x3a, 0x20, 0xff, 0x0a]),
    );
    expect(() => loadCatalogue(dir)).toThrow(/02-bad\.yaml: is not valid UTF-8/);
  });

  it('should list every problem of a file, one a line', () => {
    const error = loadError(withBad((c) => Object.assign(c, { order: 0, micItems: [0], colour: 'red' })));
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['colour', 'order', 'micItems[0]']),
    );
    expect(error.message.split('\n')).toHaveLength(error.issues.length);
  });

  it('should refuse a catalogue that leaves a MIC item uncovered, naming the folder', () => {
    const base = { ...baseClause(), micItems: ALL_MIC_ITEMS.filter((n) => n !== 8) };
    const dir = writeCatalogue({ '01-base.yaml': base });
    expect(() => loadCatalogue(dir)).toThrow(`${dir}: micItems: MIC item 8 is not covered by any clause`);
  });

  it('should refuse a .yml file instead of skipping it', () => {
    const error = loadError({ '01-base.yaml': baseClause(), '02-bad.yml': otherClause() });
    expect(error.message).toMatch(/02-bad\.yml: rename to \.yaml/);
  });

  it('should refuse an empty or missing folder', () => {
    expect(() => loadCatalogue(tmpDir())).toThrow(/no clause files/);
    expect(() => loadCatalogue(path.join(tmpDir(), 'missing'))).toThrow(
      /missing: cannot read the folder \(ENOENT\)/,
    );
  });

  it('should show paths inside the working directory relative to it', () => {
    const dir = fs.mkdtempSync(path.join(process.cwd(), '.tmp-clauses-'));
    tmpDirs.push(dir);
    fs.writeFileSync(path.join(dir, '01-base.yaml'), stringify({ ...baseClause(), order: 'x' }));
    expect(() => loadCatalogue(dir)).toThrow(
      new RegExp(`^${path.basename(dir)}/01-base\\.yaml: order: must be an integer`),
    );
  });
});

describe('loadCatalogue: each question names the paragraph that imposes its duty', () => {
  const question = (extra: Record<string, unknown>): Record<string, unknown> =>
    withBad((c) => {
      c.questions = [{ code: 'OTHER-01', text: '甲の指示に従っていますか。', ...extra }];
    });

  it('should refuse a question without basis unless it is advisory', () => {
    expect(loadError(question({ basis: undefined })).message).toMatch(
      /02-bad\.yaml: questions\[0\]\.basis: required: the paragraph/,
    );
    expect(() => loadCatalogue(writeCatalogue(question({ basis: undefined, advisory: true })))).not.toThrow();
  });

  it('should refuse a paragraph the clause does not have, and a basis on an advisory question', () => {
    expect(loadError(question({ basis: 2 })).message).toMatch(
      /questions\[0\]\.basis: paragraph 2 does not exist \(the clause has 1\)/,
    );
    expect(loadError(question({ basis: 0 })).message).toMatch(
      /questions\[0\]\.basis: must be an integer ≥ 1/,
    );
    expect(loadError(question({ basis: 1, advisory: true })).message).toMatch(
      /questions\[0\]\.basis: an advisory question cites no paragraph/,
    );
  });

  it('should read requires and crossCheck, and refuse unknown values', () => {
    const dir = writeCatalogue(question({ basis: 1, requires: ['evidence', 'comment'] }));
    const other = loadCatalogue(dir).byCode.get('OTHER');
    expect(other?.questions[0]).toEqual({
      code: 'OTHER-01',
      text: '甲の指示に従っていますか。',
      basis: 1,
      advisory: false,
      requires: ['evidence', 'comment'],
    });
    expect(loadError(question({ basis: 1, requires: ['photo'] })).message).toMatch(
      /questions\[0\]\.requires\[0\]: must be one of comment, evidence/,
    );
    expect(loadError(question({ basis: 1, crossCheck: 'roster-changes' })).message).toMatch(
      /roster-changes belongs on reportItems/,
    );
  });

  it('should have exactly one clause carry the report form, a mandatory and always-applicable one', () => {
    const two = withBad((c) => {
      c.reportItems = [{ code: 'OTHER-R01', basis: 1, text: '報告期間中に変更はありましたか。' }];
    });
    expect(loadError(two).message).toMatch(
      /exactly one clause must carry the periodic report form \(found 2\)/,
    );
    const none = { '01-base.yaml': { ...baseClause(), reportItems: undefined } };
    expect(loadError(none).message).toMatch(/\(found 0\)/);
    const optional = { '01-base.yaml': { ...baseClause(), mandatory: false } };
    expect(loadError(optional).message).toMatch(/only a mandatory, always-applicable clause may carry it/);
  });

  it('should take {{reportInterval}} from the contract and refuse a parameter of that name', () => {
    const fact = withBad((c) => {
      c.paragraphs = ['乙は、{{reportInterval}}ごとに甲に報告しなければならない。'];
    });
    expect(() => loadCatalogue(writeCatalogue(fact))).not.toThrow();
    const param = withBad((c) => {
      c.paragraphs = ['乙は、{{reportInterval}}ごとに甲に報告しなければならない。'];
      c.params = [{ name: 'reportInterval', label: '間隔', type: 'text', maxLength: 10, default: '1年' }];
    });
    expect(loadError(param).message).toMatch(/"reportInterval" is taken from the contract/);
  });
});
