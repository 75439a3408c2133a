import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { errorSummaryOf } from './error-summary';
import {
  CHOICE_FIELDS,
  FIELD_NAMES,
  fieldName,
  flashMessage,
  japaneseMessage,
  plainMessage,
} from './glossary';
import { fieldErrors } from './web-forms';

const ROOT = process.cwd();

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

const templates = filesUnder(join(ROOT, 'templates/views'), '.hbs').map((f) => readFileSync(f, 'utf8'));
const webSources = filesUnder(join(ROOT, 'src/modules/web'), '.ts')
  .filter((f) => !f.endsWith('.spec.ts'))
  .map((f) => readFileSync(f, 'utf8'));

/** Every field name a form in the templates posts: `<input name="…">`, `<select>`, `<textarea>`, and the partials. */
function postedFieldNames(): Set<string> {
  const names = new Set<string>();
  for (const text of templates) {
    for (const m of text.matchAll(/<(?:input|select|textarea)\b[^>]*?\sname="([^"{]+)"/gu)) names.add(m[1]);
    for (const m of text.matchAll(/\{\{>\s*(?:field|textarea)\b[^}]*?\sname="([^"{]+)"/gu)) names.add(m[1]);
  }
  return names;
}

/** The per-item fields of an assessment (`answer_<itemId>`): the prefixes the web code builds them with. */
function itemFieldPrefixes(): Set<string> {
  const prefixes = new Set<string>();
  for (const text of webSources) {
    for (const m of text.matchAll(/itemFields?\(\s*(?:body,\s*)?'(\w+)'/gu)) prefixes.add(m[1]);
    for (const m of text.matchAll(/\{\s*field:\s*'(\w+)'/gu)) prefixes.add(m[1]);
  }
  return prefixes;
}

/** The DTO classes the web forms are checked against (parseForm(X, …), runForm({ dto: X })), from the sources. */
function formDtoClasses(): Map<string, new () => object> {
  const wanted = new Set<string>();
  for (const text of webSources) {
    for (const m of text.matchAll(/(?:parseForm|dto:)\s*\(?\s*([A-Z]\w+)/gu)) wanted.add(m[1]);
  }
  const found = new Map<string, new () => object>();
  for (const file of filesUnder(join(ROOT, 'src/modules'), '.ts').filter((f) => /\/dto\//u.test(f))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(file) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (wanted.has(name) && typeof value === 'function') found.set(name, value as new () => object);
    }
  }
  expect([...wanted].filter((name) => !found.has(name))).toEqual([]);
  return found;
}

describe('glossary', () => {
  it('names every field a web form posts in Japanese (derived from the templates)', () => {
    const posted = [...postedFieldNames()].filter((name) => name !== '_csrf');
    expect(posted.length).toBeGreaterThan(80);
    expect(posted.filter((name) => fieldName(name) === null)).toEqual([]);
  });

  it('names every per-item field of an assessment form', () => {
    const prefixes = [...itemFieldPrefixes()];
    expect(prefixes).toEqual(expect.arrayContaining(['answer', 'comment', 'verdict', 'note', 'severity']));
    const uuid = '0b9d7c1e-8a4f-4c36-9d2a-5f1e2b3c4d5e';
    expect(prefixes.filter((p) => fieldName(`${p}_${uuid}`) === null)).toEqual([]);
  });

  it('names every property of every DTO a web form is checked against (derived from the page code)', () => {
    const classes = formDtoClasses();
    expect(classes.size).toBeGreaterThan(25);
    const storage = getMetadataStorage();
    const missing: string[] = [];
    for (const [name, cls] of classes) {
      const properties = new Set(
        storage.getTargetValidationMetadatas(cls, '', true, false).map((m) => m.propertyName),
      );
      for (const property of properties) if (!FIELD_NAMES[property]) missing.push(`${name}.${property}`);
    }
    expect(missing).toEqual([]);
  });

  it('has no field code among the names, and every choice field a name', () => {
    for (const [code, name] of Object.entries(FIELD_NAMES)) {
      expect(name).not.toMatch(/[A-Za-z]{3,}Id|^[a-z]+[A-Z]/u);
      expect(name).not.toBe(code);
    }
    expect([...CHOICE_FIELDS].filter((f) => !FIELD_NAMES[f])).toEqual([]);
  });

  it('asks to choose an unselected radio button, whatever rule failed first', () => {
    // What validate() reports for confidentialityClass: '' — @IsInt @Min(1) @Max(3), the last decorator first.
    const errors = fieldErrors([
      { field: 'confidentialityClass', rule: 'max', message: 'must not be greater than 3' },
      { field: 'confidentialityClass', rule: 'min', message: 'must not be less than 1' },
      { field: 'confidentialityClass', rule: 'isInt', message: 'must be an integer' },
    ]);
    expect(errors).toEqual({ confidentialityClass: '選択してください。' });
    // A value that is not one of the choices (a tampered form or URL) is asked to be one of them.
    expect(fieldErrors([{ field: 'status', rule: 'isIn', message: '' }], { status: 'BOGUS' })).toEqual({
      status: '選択肢から選んでください。',
    });
    expect(japaneseMessage({ field: 'type', rule: 'isIn', message: '' })).toBe('選択してください。');
    const item = 'severity_0b9d7c1e-8a4f-4c36-9d2a-5f1e2b3c4d5e';
    expect(japaneseMessage({ field: item, rule: 'isIn', message: '' })).toBe('選択してください。');
    expect(fieldName('signers.SUBCONTRACT_APPROVAL.title')).toBe('発信者の職名');
  });

  it('reports a missing value before its form or size', () => {
    const errors = fieldErrors([
      { field: 'name', rule: 'maxLength', message: 'must be shorter than or equal to 200 characters' },
      { field: 'name', rule: 'isNotEmpty', message: 'should not be empty' },
      { field: 'version', rule: 'min', message: 'must not be less than 1' },
    ]);
    expect(errors).toEqual({ name: '入力してください。', version: '1以上の数を入力してください。' });
    // Left blank, a date fails its format and a name the plain-text rule first: both ask for input.
    expect(
      fieldErrors(
        [
          { field: 'validUntil', rule: 'isoDate', message: '' },
          { field: 'subcontractor.name', rule: 'plainText', message: '' },
          { field: 'validFrom', rule: 'isoDate', message: '' },
        ],
        { validUntil: '', subcontractor: { name: '  ' }, validFrom: '2026-02-30' },
      ),
    ).toEqual({
      validUntil: '入力してください。',
      'subcontractor.name': '入力してください。',
      validFrom: '日付を「YYYY-MM-DD」の形で入力してください。',
    });
  });

  it("drops the field codes the API's messages name in brackets", () => {
    expect(plainMessage('受託者の利用者には、所属する委託先（contractorId）が必要です。')).toBe(
      '受託者の利用者には、所属する委託先が必要です。',
    );
    expect(plainMessage('指摘事項には、内容（note）と重要度（severity）が必要です。')).toBe(
      '指摘事項には、内容と重要度が必要です。',
    );
    expect(plainMessage('ISMS（ISO/IEC 27001）の認証です。')).toBe('ISMS（ISO/IEC 27001）の認証です。');
    expect(plainMessage('証跡ファイル（PDF）を添付してください。')).toBe(
      '証跡ファイル（PDF）を添付してください。',
    );
    expect(plainMessage('派遣元の事業者名を入力してください（派遣労働者の場合）。')).toBe(
      '派遣元の事業者名を入力してください（派遣労働者の場合）。',
    );
  });

  it('says what happened to what, and leaves the name out where the page does not know it', () => {
    expect(flashMessage('worker-created', '田中 一郎')).toBe('田中 一郎さんを従事者名簿に登録しました。');
    expect(flashMessage('contract-approved', '庁内LAN運用保守業務')).toBe(
      '契約「庁内LAN運用保守業務」を承認しました。',
    );
    expect(flashMessage('contract-approved', null)).toBe('承認しました。');
    expect(flashMessage('done')).toBeNull();
    expect(flashMessage('unknown')).toBeNull();
  });

  it('sums up a refused form: each field by its Japanese name, linked to the field', () => {
    const summary = errorSummaryOf({
      forms: {
        end: { errors: { reason: '入力してください。' }, formError: '入力内容に誤りがあります。' },
        register: { errors: { contractorId: '選択してください。' }, formError: null },
      },
      errors: { version: '整数で入力してください。' },
    });
    expect(summary).toEqual({
      title: '入力内容を確認してください（3件）',
      message: null,
      items: [
        { text: '更新の確認用の番号：整数で入力してください。', href: null },
        { text: '終了の理由：入力してください。', href: '#end-reason' },
        { text: '登録済みの事業者：選択してください。', href: '#reg-contractorId' },
      ],
    });
    const item = '0b9d7c1e-8a4f-4c36-9d2a-5f1e2b3c4d5e';
    expect(
      errorSummaryOf({
        errors: { [`evidence_${item}`]: '添付してください。', [`answer_${item}`]: '回答を選んでください。' },
      })?.items,
    ).toEqual([
      { text: '証跡ファイル：添付してください。', href: `#file-${item}` },
      { text: '回答：回答を選んでください。', href: `#f-answer_${item}` },
    ]);
    expect(errorSummaryOf({ title: 'x', errors: {}, formError: null })).toBeNull();
    expect(errorSummaryOf({ formError: 'この契約は既に承認されています。' })).toEqual({
      title: '操作を完了できませんでした',
      message: 'この契約は既に承認されています。',
      items: [],
    });
  });
});
