import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { buildManual, ManualError, MANUAL_DIR, readSources, render, screenshotsOf } from './manual-docs';

const ROOT = process.cwd();

describe('the 操作手順書 generator', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'manual-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'images'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const png = (name: string) => writeFileSync(join(dir, 'images', `${name}.png`), 'png');
  const source = (name: string, text: string) => writeFileSync(join(dir, 'src', `${name}.src.md`), text);

  it('should link each named screenshot to its image and say where the text comes from', async () => {
    source('officer', '# 契約担当者\n\n![ホーム画面。](screenshot:officer-home)\n');
    png('officer-home');
    const files = await buildManual(dir);
    expect([...files.keys()]).toEqual(['officer.md']);
    expect(files.get('officer.md')).toBe(
      '<!-- 生成されたファイルです。docs/manual/src/officer.src.md を編集し、`npm run docs` で作り直してください。 -->\n\n' +
        '# 契約担当者\n\n![ホーム画面。](images/officer-home.png)\n',
    );
  });

  it('should fail naming every missing screenshot, bad name, missing description and unused image', async () => {
    source('a', '![説明](screenshot:a-missing)\n\n![](screenshot:a-there)\n\n![説明](screenshot:Bad_Name)\n');
    png('a-there');
    png('left-over');
    const error = await buildManual(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManualError);
    const message = (error as Error).message;
    expect(message).toContain('images/a-missing.png is missing');
    expect(message).toContain('the screenshot a-there has no description');
    expect(message).toContain('"Bad_Name" is not a screenshot name');
    expect(message).toContain('images/left-over.png is referred to by no source');
  });

  it('should find the screenshots of a text in order, and render without touching other images', () => {
    const text = '![a](screenshot:one) ![b](images/fixed.png) ![c](screenshot:two)';
    expect(screenshotsOf(text)).toEqual(['one', 'two']);
    const out = render({ source: 'x.src.md', target: 'x.md', text }, () => true);
    expect(out.problems).toEqual([]);
    expect(out.text).toContain('![a](images/one.png) ![b](images/fixed.png) ![c](images/two.png)');
  });
});

describe('the documentation in the repository', () => {
  it('should hold the manual as `npm run docs` writes it from docs/manual/src, with every screenshot there', async () => {
    // On failure: run `npm run docs` (it retakes the screenshots and rewrites docs/manual) and commit the result.
    const files = await buildManual(MANUAL_DIR);
    expect(files.size).toBe(readSources().length);
    for (const [name, text] of files) {
      expect({ name, text: readFileSync(join(MANUAL_DIR, name), 'utf8') }).toEqual({ name, text });
    }
    for (const role of ['officer', 'contractor', 'admin', 'auditor']) {
      const shots = screenshotsOf(readSources().find((s) => s.source === `${role}.src.md`)?.text ?? '');
      expect({ role, enough: shots.length >= 6 && shots.length <= 12 }).toEqual({ role, enough: true });
    }
  });

  /** Markdown files whose links must lead to files of the repository (the manual's sources link as their output). */
  const documents = (): string[] => [
    'README.md',
    'SECURITY.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
    ...readdirSync(MANUAL_DIR)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/manual/${f}`),
  ];

  /** GitHub's heading anchors: lower case, punctuation and symbols dropped, spaces to hyphens. */
  const anchorsOf = (markdown: string): Set<string> =>
    new Set(
      markdown
        .replace(/```[\s\S]*?```/gu, '')
        .split('\n')
        .filter((line) => /^#{1,6} /u.test(line))
        .map((line) =>
          line
            .replace(/^#+ /u, '')
            .replace(/`/gu, '')
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '')
            .replace(/ /gu, '-'),
        ),
    );

  it('should link only to files inside the repository, and to headings that exist', () => {
    const problems: string[] = [];
    let links = 0;
    for (const doc of documents()) {
      const text = readFileSync(join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/gu, '');
      const targets = [
        ...[...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/gu)].map((m) => m[1]),
        ...[...text.matchAll(/<(https?:[^>\s]+)>/gu)].map((m) => m[1]),
      ];
      for (const target of targets) {
        links++;
        if (/^[a-z][a-z0-9+.-]*:/iu.test(target)) {
          problems.push(`${doc}: ${target} is not a file of the repository`);
          continue;
        }
        const [path, anchor] = target.split('#');
        const file = path === '' ? join(ROOT, doc) : resolve(ROOT, dirname(doc), decodeURIComponent(path));
        const inside = relative(ROOT, file);
        if (inside.startsWith('..')) {
          problems.push(`${doc}: ${target} leads outside the repository`);
          continue;
        }
        let content: string;
        try {
          content = readFileSync(file, 'utf8');
        } catch {
          problems.push(`${doc}: ${target} names no file (${inside})`);
          continue;
        }
        if (anchor && file.endsWith('.md') && !anchorsOf(content).has(decodeURIComponent(anchor))) {
          problems.push(`${doc}: ${target} names no heading of ${inside}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(links).toBeGreaterThan(30);
  });

  it('should quote (「…」) only words the pages show, so that a renamed button or heading makes the manual fail', () => {
    // The pages' words: the views (with and without their conditional parts), the labels and messages in src, and
    // the clause catalogue (article headings).
    const files = [
      ...readdirSync(join(ROOT, 'templates/clauses'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(ROOT, 'templates/clauses', f)),
      ...readdirSync(join(ROOT, 'templates/views'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.hbs'))
        .map((f) => join(ROOT, 'templates/views', f)),
      ...readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
        .map((f) => join(ROOT, 'src', f)),
    ];
    const corpus = files
      .map((file) => readFileSync(file, 'utf8'))
      .flatMap((text) => [
        text,
        text.replace(/\{\{[^}]*\}\}/gu, ''),
        text.replace(/\{\{#if [^}]*\}\}[^{]*\{\{\/if\}\}/gu, '').replace(/\{\{[^}]*\}\}/gu, ''),
      ])
      .join('\n');
    const stale: string[] = [];
    for (const source of readSources()) {
      for (const [, quoted] of source.text.replace(/`[^`]*`/gu, '').matchAll(/「([^「」\n]{1,40})」/gu)) {
        if (!corpus.includes(quoted)) stale.push(`${source.source}: 「${quoted}」`);
      }
    }
    // On failure: the page says something else now; change docs/manual/src to match and run npm run docs.
    expect(stale).toEqual([]);
  });

  it('should document in docs/operations.md every environment variable the configuration reads', () => {
    const read = new Set<string>();
    for (const file of ['src/config/env.ts', 'src/config/audit-keys.ts']) {
      const code = readFileSync(join(ROOT, file), 'utf8');
      for (const m of code.matchAll(/\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/gu)) read.add(m[1]);
      for (const m of code.matchAll(/env\.([A-Z][A-Z0-9_]+)/gu)) read.add(m[1]);
    }
    expect(read.size).toBeGreaterThan(25);
    const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    expect([...read].filter((name) => !operations.includes(`| \`${name}\``)).sort()).toEqual([]);
  });
});
