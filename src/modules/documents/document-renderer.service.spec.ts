import { Test } from '@nestjs/testing';
import { DomainError } from '../../common/errors/domain-error';
import { DocumentRenderer } from './document-renderer.service';
import { DocumentsModule } from './documents.module';
import { RendererBusyError } from './documents.errors';
import { renderImprovementNoticePdf } from './improvement-notice.pdf';
import { renderSpecialProvisionsPdf } from './special-provisions.pdf';
import { sampleImprovementNoticeInput } from './testing/improvement-notice.fixture';
import {
  approvedSpecialProvisionsInput,
  sampleSpecialProvisionsInput,
} from './testing/special-provisions.fixture';

// These tests start real worker threads: under jest they load the TypeScript worker via ts-worker-bootstrap.js.
describe('DocumentRenderer', () => {
  const renderers: DocumentRenderer[] = [];
  const create = (options: ConstructorParameters<typeof DocumentRenderer>[0]): DocumentRenderer => {
    const renderer = new DocumentRenderer(options);
    renderers.push(renderer);
    return renderer;
  };

  afterAll(async () => {
    await Promise.all(renderers.map((r) => r.onApplicationShutdown()));
  });

  it('should return from a worker thread the same bytes as in-thread rendering', async () => {
    const renderer = create({ maxThreads: 1 });
    const input = sampleSpecialProvisionsInput({ draft: true });
    const fromWorker = await renderer.renderSpecialProvisions(input);
    expect(Buffer.isBuffer(fromWorker)).toBe(true);
    expect(fromWorker.equals(renderSpecialProvisionsPdf(input))).toBe(true);
  });

  it('should render documents concurrently on several threads, each with its own bytes', async () => {
    const renderer = create({ maxThreads: 2 });
    const inputs = [true, false, true, false].map((draft) =>
      draft ? sampleSpecialProvisionsInput() : approvedSpecialProvisionsInput(),
    );
    const pdfs = await Promise.all(inputs.map((input) => renderer.renderSpecialProvisions(input)));
    pdfs.forEach((pdf, i) => expect(pdf.equals(renderSpecialProvisionsPdf(inputs[i]))).toBe(true));
    expect(pdfs[0].equals(pdfs[1])).toBe(false);
    expect(renderer.pending).toBe(0);
  });

  it('should render both document kinds side by side through the same pool and bound', async () => {
    const renderer = create({ maxThreads: 2, maxQueue: 2 });
    const provisions = approvedSpecialProvisionsInput();
    const notice = sampleImprovementNoticeInput();
    const [a, b, c, d] = await Promise.all([
      renderer.renderSpecialProvisions(provisions),
      renderer.renderImprovementNotice(notice),
      renderer.renderImprovementNotice(notice),
      renderer.renderSpecialProvisions(provisions),
    ]);
    expect(a.equals(renderSpecialProvisionsPdf(provisions))).toBe(true);
    expect(b.equals(renderImprovementNoticePdf(notice))).toBe(true);
    expect(c.equals(b)).toBe(true);
    expect(d.equals(a)).toBe(true);
    // Drafts of four users fill the threads and the line; a fifth user's draft is refused.
    const running = [
      renderer.renderImprovementNotice(notice, { owner: 'u1' }),
      renderer.renderSpecialProvisions(provisions, { owner: 'u2' }),
    ];
    const queued = [
      renderer.renderImprovementNotice(notice, { owner: 'u3' }),
      renderer.renderSpecialProvisions(provisions, { owner: 'u4' }),
    ];
    await expect(renderer.renderImprovementNotice(notice, { owner: 'u5' })).rejects.toBeInstanceOf(
      RendererBusyError,
    );
    await Promise.all([...running, ...queued]);
    expect(renderer.pending).toBe(0);
  });

  it('should refuse with RendererBusyError when every thread and queue place is taken, and recover', async () => {
    const renderer = create({ maxThreads: 1, maxQueue: 1 });
    const input = sampleSpecialProvisionsInput();
    const running = renderer.renderSpecialProvisions(input, { owner: 'a' });
    const queued = renderer.renderSpecialProvisions(input, { owner: 'b' });
    const refused = renderer.renderSpecialProvisions(input, { owner: 'c' });
    await expect(refused).rejects.toBeInstanceOf(RendererBusyError);
    await expect(refused).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      code: 'DOCUMENT.RENDERER_BUSY',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // A record still gets in: drafts never take its place.
    const record = renderer.renderSpecialProvisions(input);
    const [a, b, r] = await Promise.all([running, queued, record]);
    expect(a.equals(b) && b.equals(r)).toBe(true);
    expect(renderer.pending).toBe(0);
    await expect(renderer.renderSpecialProvisions(input, { owner: 'c' })).resolves.toBeInstanceOf(Buffer);
  });

  it("should limit each user's drafts (429) and serve users in turn, records before every draft", async () => {
    const renderer = create({ maxThreads: 1, maxQueue: 20, maxPerUser: 6 });
    const input = sampleSpecialProvisionsInput();
    const finished: string[] = [];
    const track = (name: string, p: Promise<Buffer>) => p.then(() => finished.push(name));
    // One user loops on its draft: six in the making, the seventh refused with 429.
    const loop = Array.from({ length: 6 }, (_, i) =>
      track(`a${i + 1}`, renderer.renderSpecialProvisions(input, { owner: 'a' })),
    );
    await expect(renderer.renderSpecialProvisions(input, { owner: 'a' })).rejects.toMatchObject({
      kind: 'TOO_MANY',
      code: 'DOCUMENT.TOO_MANY_RENDERS',
      details: { retryAfterSeconds: expect.any(Number), perUser: 6 },
    });
    // Another user's draft and an approval come after: neither waits behind the loop.
    const other = track('b1', renderer.renderSpecialProvisions(input, { owner: 'b' }));
    const approval = track('record', renderer.renderSpecialProvisions(approvedSpecialProvisionsInput()));
    await Promise.all([...loop, other, approval]);
    // a1 was already on the thread; then the record, then b1 before a's second draft finishes.
    expect(finished.slice(0, 3)).toEqual(['a1', 'record', 'a2']);
    expect(finished.indexOf('b1')).toBeLessThanOrEqual(3);
    expect(renderer.pending).toBe(0);
  });

  it('should reject invalid input in the calling thread, before it takes a place in the queue', async () => {
    const renderer = create({ maxThreads: 1, maxQueue: 0 });
    const bad = sampleSpecialProvisionsInput({ endDate: '2027-02-30' });
    await expect(renderer.renderSpecialProvisions(bad)).rejects.toMatchObject({
      code: 'DOCUMENT.INVALID_INPUT',
    });
    expect(renderer.pending).toBe(0);
  });

  it('should pass on a failure found in the worker as a DomainError with its code', async () => {
    const renderer = create({ maxThreads: 1 });
    const input = sampleSpecialProvisionsInput();
    input.contractor.name = '株式会社😀';
    const error: unknown = await renderer.renderSpecialProvisions(input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'INVALID', code: 'DOCUMENT.UNSUPPORTED_CHARACTER' });
  });

  it('should refuse a pool without threads', () => {
    expect(() => new DocumentRenderer({ maxThreads: 0 })).toThrow(RangeError);
  });

  it('should be provided by DocumentsModule with default options and close its pool with the module', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DocumentsModule] }).compile();
    const renderer = moduleRef.get(DocumentRenderer);
    expect(renderer.maxThreads).toBeGreaterThanOrEqual(1);
    expect(renderer.capacity).toBe(renderer.maxThreads * 5);
    const input = approvedSpecialProvisionsInput();
    expect((await renderer.renderSpecialProvisions(input)).equals(renderSpecialProvisionsPdf(input))).toBe(
      true,
    );
    await moduleRef.close();
  });
});
