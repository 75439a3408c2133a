import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueReadme } from '../modules/clauses/catalogue-readme';
import { clausesDir } from '../modules/clauses/clause-catalogue.service';
import { loadCatalogue } from '../modules/clauses/catalogue.loader';

// Rewrites templates/clauses/README.md from the catalogue (npm run catalogue:readme).
const dir = clausesDir();
writeFileSync(join(dir, 'README.md'), catalogueReadme(loadCatalogue(dir)), 'utf8');
console.log(`wrote ${join(dir, 'README.md')}`);
