import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { isUnsafeText, UnsafeTextPipe, unsafeTextProblems } from './unsafe-text';

class SomeRequest {}

describe('the plain-text rule', () => {
  it('should refuse controls, zero-width and direction overrides, and lone surrogates, but keep CR, LF and Japanese', () => {
    for (const ch of [
      '\u0000',
      '\u0007',
      '\t',
      '\u000b',
      '\u007f',
      '\u0085',
      '\u200b',
      '\u200e',
      '\u2028',
      '\u202e',
      '\u2066',
      '\u2069',
      '\ufeff',
      '\ud800',
    ]) {
      expect({ ch: ch.codePointAt(0), unsafe: isUnsafeText(`前${ch}後`) }).toEqual({
        ch: ch.codePointAt(0),
        unsafe: true,
      });
    }
    for (const text of ['一行目\r\n二行目', '髙﨑 𠮷田', '株式会社　置賜', '(1) 第3条第2項', '😀']) {
      expect(isUnsafeText(text)).toBe(false);
    }
  });

  it('should name every offending field by its path, nested and in arrays, and skip passwords', () => {
    expect(
      unsafeTextProblems({
        name: 'ok',
        securityOfficer: { name: 'a\u202eb' },
        items: [{ comment: 'x' }, { comment: 'y\u200bz' }],
        password: 'p\u0007w',
      }).map((p) => [p.field, p.rule]),
    ).toEqual([
      ['securityOfficer.name', 'plainText'],
      ['items[1].comment', 'plainText'],
    ]);
  });

  it('should refuse an API body or query with 400 REQUEST.VALIDATION, and leave plain records to the forms', () => {
    const pipe = new UnsafeTextPipe();
    const body: ArgumentMetadata = { type: 'body', metatype: SomeRequest };
    expect(() => pipe.transform({ title: 'a\u2066b' }, body)).toThrow(DomainError);
    try {
      pipe.transform({ title: 'a\u2066b' }, body);
    } catch (error) {
      expect((error as DomainError).code).toBe('REQUEST.VALIDATION');
      expect((error as DomainError).details).toEqual({
        fields: [expect.objectContaining({ field: 'title', rule: 'plainText' })],
      });
    }
    expect(() => pipe.transform({ q: 'a\u2066b' }, { type: 'query', metatype: SomeRequest })).toThrow(
      DomainError,
    );
    // A web page's plain record: parseForm applies the rule and shows it beside the field.
    expect(pipe.transform({ q: 'a\u2066b' }, { type: 'body', metatype: Object })).toEqual({ q: 'a\u2066b' });
    expect(pipe.transform('a\u2066b', { type: 'param', metatype: String })).toBe('a\u2066b');
  });

  it('should skip every secret field, say what is wrong, and pass over null, numbers and booleans', () => {
    expect(
      unsafeTextProblems({
        currentPassword: 'a\u0007',
        newPassword: 'b\u200b',
        note: null,
        count: 3,
        done: false,
        owner: { email: null, comment: 'c\u202e' },
      }),
    ).toEqual([
      {
        field: 'owner.comment',
        rule: 'plainText',
        message: 'owner.comment must not contain control, zero-width or direction-override characters',
      },
    ]);
  });

  it('should hand a clean API body through the pipe unchanged', () => {
    const body = { title: '情報セキュリティ\r\n対策', items: [{ n: 1 }], note: null };
    expect(new UnsafeTextPipe().transform(body, { type: 'body', metatype: SomeRequest })).toBe(body);
  });
});

describe('the plain-text rule on a deeply nested body', () => {
  it('should walk a body nested 100,000 levels deep without exhausting the stack', () => {
    let body: unknown = 'a\u202eb';
    for (let i = 0; i < 100_000; i++) body = { x: [body] };
    expect(unsafeTextProblems(body)).toHaveLength(1);
  });
});
