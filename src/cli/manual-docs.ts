import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The 操作手順書 in docs/manual/ is written from small sources, docs/manual/src/<name>.src.md, into
 * docs/manual/<name>.md (`npm run docs`). A source is Markdown in which a screenshot is named, not linked:
 * `![画面の説明](screenshot:officer-home)` becomes `![画面の説明](images/officer-home.png)`. The screenshots are
 * taken by the browser test test/browser/manual.browser-spec.ts, which walks each role's main pages, so they show
 * the pages as they are; a source naming a screenshot that was not taken is an error, and so is one without a
 * description (the alternative text of the image).
 */

export const MANUAL_DIR = join(process.cwd(), 'docs', 'manual');
export const SOURCE_DIR = 'src';
export const IMAGE_DIR = 'images';

/** `![alt](screenshot:name)`; a name is lower-case ASCII letters, digits and hyphens. */
const SCREENSHOT = /!\[([^\]]*)\]\(screenshot:([^)\s]*)\)/gu;
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

export interface ManualSource {
  /** The source's file name, e.g. `officer.src.md`. */
  source: string;
  /** The file it becomes, e.g. `officer.md`. */
  target: string;
  text: string;
}

/** Formats a written file as `prettier --check` expects it. */
export type Formatter = (text: string, filepath: string) => Promise<string>;

/**
 * Prettier (a devDependency: this is a developer's tool, run from a checkout) with the repository's settings, in a
 * process of its own, as `npm run format` runs it.
 */
export const prettierFormat: Formatter = (text, filepath) =>
  Promise.resolve(
    execFileSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', filepath],
      {
        input: text,
        encoding: 'utf8',
      },
    ),
  );

export class ManualError extends Error {
  constructor(problems: string[]) {
    super(`the manual cannot be written:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ManualError';
  }
}

/** Every source under `dir/src`, in file-name order. */
export function readSources(dir = MANUAL_DIR): ManualSource[] {
  return readdirSync(join(dir, SOURCE_DIR))
    .filter((file) => file.endsWith('.src.md'))
    .sort()
    .map((source) => ({
      source,
      target: `${basename(source, '.src.md')}.md`,
      text: readFileSync(join(dir, SOURCE_DIR, source), 'utf8'),
    }));
}

/** The screenshot names a source refers to, in order of appearance. */
export function screenshotsOf(text: string): string[] {
  return [...text.matchAll(SCREENSHOT)].map((m) => m[2]);
}

/** Every screenshot the sources refer to, each once. */
export function referencedScreenshots(sources: ManualSource[]): string[] {
  return [...new Set(sources.flatMap((s) => screenshotsOf(s.text)))];
}

/**
 * The Markdown of one source, with its screenshots linked. `exists(name)` says whether the screenshot file is
 * there; the problems found (a missing screenshot, a bad name, an image without description) are returned, not
 * thrown, so that all of them are reported at once.
 */
export function render(
  source: ManualSource,
  exists: (name: string) => boolean,
): { text: string; problems: string[] } {
  const problems: string[] = [];
  const body = source.text.replace(SCREENSHOT, (_match, alt: string, name: string) => {
    if (!NAME.test(name)) problems.push(`${source.source}: "${name}" is not a screenshot name (a-z, 0-9, -)`);
    else if (!exists(name)) {
      problems.push(
        `${source.source}: the screenshot ${IMAGE_DIR}/${name}.png is missing (taken by test/browser/manual.browser-spec.ts)`,
      );
    }
    if (alt.trim() === '') problems.push(`${source.source}: the screenshot ${name} has no description`);
    return `![${alt}](${IMAGE_DIR}/${name}.png)`;
  });
  const header =
    `<!-- 生成されたファイルです。docs/manual/${SOURCE_DIR}/${source.source} を編集し、` +
    '`npm run docs` で作り直してください。 -->\n\n';
  return { text: header + body, problems };
}

/**
 * The whole manual: each target file's text, formatted as `prettier --check` expects. Throws a ManualError
 * naming every problem, including screenshots in the image folder that no source refers to (left over from an
 * earlier version).
 */
export async function buildManual(dir = MANUAL_DIR, format = prettierFormat): Promise<Map<string, string>> {
  const sources = readSources(dir);
  const exists = (name: string) => existsSync(join(dir, IMAGE_DIR, `${name}.png`));
  const problems: string[] = [];
  const out = new Map<string, string>();
  for (const source of sources) {
    const rendered = render(source, exists);
    problems.push(...rendered.problems);
    out.set(source.target, await format(rendered.text, join(dir, source.target)));
  }
  const referenced = new Set(referencedScreenshots(sources));
  const images = existsSync(join(dir, IMAGE_DIR)) ? readdirSync(join(dir, IMAGE_DIR)) : [];
  for (const file of images.filter((f) => f.endsWith('.png')).sort()) {
    if (!referenced.has(basename(file, '.png'))) {
      problems.push(`${IMAGE_DIR}/${file} is referred to by no source: delete it`);
    }
  }
  if (problems.length) throw new ManualError(problems);
  return out;
}
