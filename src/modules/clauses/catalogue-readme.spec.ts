import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueReadme } from './catalogue-readme';
import { loadCatalogue } from './catalogue.loader';
import { splitItems } from '../../common/text/paragraph-items';

const DIR = join(__dirname, '../../../templates/clauses');

describe('the catalogue README', () => {
  it('should be what `npm run catalogue:readme` writes from the catalogue today', () => {
    const committed = readFileSync(join(DIR, 'README.md'), 'utf8');
    // On failure: run `npm run catalogue:readme` and commit the result with the clause change.
    expect(committed).toBe(catalogueReadme(loadCatalogue(DIR)));
  });

  it('should list every clause with its MIC items, every paragraph and every question', () => {
    const catalogue = loadCatalogue(DIR);
    const text = catalogueReadme(catalogue);
    for (const clause of catalogue.clauses) {
      expect(text).toContain(`## \`${clause.code}\` ${clause.title}`);
      expect(text).toContain(`MIC items ${clause.micItems.join(', ')}`);
      clause.paragraphs.forEach((p, i) => {
        const { text: lead, items } = splitItems(p);
        expect(text).toContain(`${i + 1}. ${lead}`);
        for (const item of items) expect(text).toContain(`   - ${item.label} ${item.text}`);
      });
      for (const q of [...clause.questions, ...clause.reportItems]) expect(text).toContain(q.text);
    }
  });
});
