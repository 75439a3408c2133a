import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Of } from '../common/storage/content-store';
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
  // As mariadb-dump --hex-blob --complete-insert writes them.
  const blobRow = (store: string, sha256: string, blobId: string, size: number, count: number) =>
    `INSERT INTO \`stored_blob\` (\`store\`, \`sha256\`, \`blob_id\`, \`size\`, \`chunk_count\`, \`created_at\`) VALUES ('${store}','${sha256}','${blobId}',${size},${count},'2026-12-01 00:00:00.000');`;
  const chunkRow = (blobId: string, seq: number, data: Buffer) =>
    `INSERT INTO \`stored_blob_chunk\` (\`blob_id\`, \`seq\`, \`data\`, \`created_at\`) VALUES ('${blobId}',${seq},0x${data.toString('hex').toUpperCase()},'2026-12-01 00:00:00.000');`;
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
      // STORAGE=database: one blob whose two pieces hash to its name, one whose second piece was changed.
      ...table('stored_blob'),
      blobRow('documents', sha256Of(Buffer.from('PDF-one-two')), 'b1', 11, 2),
      blobRow('evidence', sha256Of(Buffer.from('csv-AB')), 'b2', 6, 2),
      ...table('stored_blob_chunk'),
      chunkRow('b1', 0, Buffer.from('PDF-one')),
      chunkRow('b1', 1, Buffer.from('-two')),
      chunkRow('b2', 0, Buffer.from('csv-')),
      chunkRow('b2', 1, Buffer.from('AC')),
      '-- Dump completed',
    ]);
    const facts = await readDumpFacts(file);
    expect([...facts.blobs.values()]).toEqual([
      { store: 'documents', sha256: sha256Of(Buffer.from('PDF-one-two')), size: 11, intact: true },
      { store: 'evidence', sha256: sha256Of(Buffer.from('csv-AB')), size: 6, intact: false },
    ]);
    expect({ ...facts, blobs: undefined }).toEqual({
      blobs: undefined,
      rowCounts: {
        audit_chain_head: 1,
        contract: 2,
        evidence: 1,
        migrations: 2,
        session: 0,
        stored_blob: 2,
        stored_blob_chunk: 4,
      },
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
