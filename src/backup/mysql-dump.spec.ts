import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSqlValues, readDumpFacts } from './mysql-dump';

describe('reading a mariadb-dump file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'itaku-dump-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should read NULL, numbers and strings with every escape mysqldump writes', () => {
    expect(parseSqlValues(String.raw`1,NULL,'a\'b\nc\\d, (x)','\0\r\t\Z\"',-2.5,0x00ff`)).toEqual([
      '1',
      null,
      "a'b\nc\\d, (x)",
      '\0\r\t\x1a"',
      '-2.5',
      '0x00ff',
    ]);
    expect(parseSqlValues("''")).toEqual(['']);
  });

  const hash = (c: string) => c.repeat(64);
  const dump = (lines: string[]) => {
    const file = join(dir, `${Math.random()}.sql`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const table = (name: string) => [
    `CREATE TABLE \`${name}\` (`,
    '  `id` int(11) NOT NULL',
    ') ENGINE=InnoDB;',
  ];

  it('should count the rows of every table, and read the head, the migrations and the files named', async () => {
    const file = dump([
      '-- Server version\t10.11.19-MariaDB',
      ...table('audit_chain_head'),
      `INSERT INTO \`audit_chain_head\` (\`id\`, \`last_seq\`, \`last_hash\`) VALUES (1,42,'${hash('a')}');`,
      ...table('migrations'),
      "INSERT INTO `migrations` (`id`, `timestamp`, `name`) VALUES (1,1795780000000,'Platform1795780000000');",
      "INSERT INTO `migrations` (`id`, `timestamp`, `name`) VALUES (2,1795790000000,'Contracts1795790000000');",
      ...table('contract'),
      // A text holding U+2028 (left as it is by the dump) and a comma inside a string.
      `INSERT INTO \`contract\` (\`id\`, \`title\`, \`document_sha256\`) VALUES ('c1','第1条\u2028本文, (1)','${hash('b')}');`,
      "INSERT INTO `contract` (`id`, `title`, `document_sha256`) VALUES ('c2','案',NULL);",
      ...table('evidence'),
      `INSERT INTO \`evidence\` (\`id\`, \`sha256\`) VALUES ('e1','${hash('c')}');`,
      ...table('session'),
      '-- Dump completed',
    ]);
    expect(await readDumpFacts(file)).toEqual({
      rowCounts: { audit_chain_head: 1, contract: 2, evidence: 1, migrations: 2, session: 0 },
      migrations: ['Platform1795780000000', 'Contracts1795790000000'],
      auditChainHead: { seq: 42, hash: hash('a') },
      files: [
        { store: 'documents', sha256: hash('b') },
        { store: 'evidence', sha256: hash('c') },
      ],
      serverVersion: '10.11.19-MariaDB',
    });
  });

  it('should refuse a dump cut short, and one that names a file by something other than a SHA-256', async () => {
    const head = `INSERT INTO \`audit_chain_head\` (\`id\`, \`last_seq\`, \`last_hash\`) VALUES (1,1,'${hash('a')}');`;
    await expect(readDumpFacts(dump([...table('audit_chain_head'), head]))).rejects.toThrow('incomplete');
    await expect(
      readDumpFacts(
        dump([
          head,
          "INSERT INTO `evidence` (`id`, `sha256`) VALUES ('e1','../../etc/passwd');",
          '-- Dump completed',
        ]),
      ),
    ).rejects.toThrow('not a SHA-256');
  });
});
