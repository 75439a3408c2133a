import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productionNodeOptions } from '../../bench/national/children';

// The heap limit the app runs with is written once, in package.json "config.nodeOptions" (docs/operations.md 1):
// npm start and npm run start:prod pass it on unless NODE_OPTIONS is set, the container sets the same value, and
// the national bench starts the app with it, so the memory it measures is the memory production uses.
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  config: { nodeOptions: string };
  scripts: Record<string, string>;
};

describe('the node options of the running app', () => {
  it('should limit the old generation in package.json', () => {
    expect(pkg.config.nodeOptions).toMatch(/^--max-old-space-size=\d+$/);
  });

  it.each(['start', 'start:prod'])(
    'should pass them to the app in npm run %s, unless NODE_OPTIONS is set',
    (name) => {
      expect(pkg.scripts[name]).toContain(
        'NODE_OPTIONS="${NODE_OPTIONS:-$npm_package_config_nodeOptions}" node dist/src/main.js',
      );
    },
  );

  it('should give the container the same options', () => {
    const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`ENV NODE_OPTIONS=${pkg.config.nodeOptions}\n`);
  });

  it('should start the app in the national bench with them', () => {
    expect(productionNodeOptions(root)).toEqual([pkg.config.nodeOptions]);
  });
});
