import type { DataSource } from 'typeorm';
import { printTable } from '../support/report';
import { measureLatencies, percentile, type LatencyResult } from './children';

/**
 * Issue 19, item 4: the server time of the web pages people wait for at national scale, under PAGE_CONNECTIONS
 * signed-in browsers (cookie sessions, as a person has), beside a page of the same layout whose content is fixed
 * (the empty 委託先の登録 form: the layout, the session and the navigation's unread count, nothing else).
 */
const PAGE_CONNECTIONS = 10;
const TARGET_PAGE_P95_MS = 100;

export interface PageLoad {
  name: string;
  path: string;
  /** Which signed-in session asks for it. */
  as: 'admin' | 'contractor';
  /** Text the page must contain, so that an error page is not measured as a fast page. */
  expect: string;
}

/** Signs in through the web form as a browser does; answers the Cookie header of the session. */
export async function webSession(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response): void => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/login`);
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  if (res.status !== 303) throw new Error(`web sign-in of ${email}: ${res.status} ${await res.text()}`);
  keep(res);
  return cookie();
}

/** The pages measured: a contractor's open 自己点検票, one submitted for review, a contract, the dashboard. */
export async function heavyPages(
  ds: DataSource,
  contractId: string,
  contractorId: string,
): Promise<PageLoad[]> {
  const one = async (where: string, params: string[]): Promise<string> => {
    const [row] = await ds.query<{ id: string }[]>(
      `SELECT id FROM assessment WHERE kind = 'CHECKLIST' AND ${where} ORDER BY id LIMIT 1`,
      params,
    );
    if (!row) throw new Error(`no CHECKLIST assessment where ${where}`);
    return row.id;
  };
  const open = await one("status = 'OPEN' AND contractor_id = ?", [contractorId]);
  const submitted = await one("status = 'SUBMITTED'", []);
  return [
    {
      name: 'CHECKLIST answer page (contractor)',
      path: `/assessments/${open}`,
      as: 'contractor',
      expect: '回答',
    },
    { name: 'CHECKLIST review page (admin)', path: `/assessments/${submitted}`, as: 'admin', expect: '判定' },
    { name: 'contract page', path: `/contracts/${contractId}`, as: 'admin', expect: '特記事項' },
    { name: 'dashboard page', path: '/dashboard', as: 'admin', expect: '状況一覧' },
  ];
}

/** The constant page of the same layout, measured first, then each page; `seconds` each. */
export async function measurePages(
  base: string,
  sessions: Record<PageLoad['as'], string>,
  pages: PageLoad[],
  seconds: number,
): Promise<{ load: PageLoad; result: LatencyResult; bytes: number }[]> {
  const constant: PageLoad = {
    name: 'constant page, same layout (empty 委託先の登録 form)',
    path: '/contractors/new',
    as: 'admin',
    expect: '委託先の登録',
  };
  const measured = [];
  for (const load of [constant, ...pages]) {
    const headers = { cookie: sessions[load.as] };
    const res = await fetch(`${base}${load.path}`, { headers });
    const html = await res.text();
    if (res.status !== 200 || !html.includes(load.expect))
      throw new Error(`${load.name} (${load.path}): ${res.status}, ${html.length} characters`);
    // A short warm-up, then the measured run.
    await measureLatencies({ url: `${base}${load.path}`, headers, connections: 2, requests: 10 });
    const result = await measureLatencies({
      url: `${base}${load.path}`,
      headers,
      connections: PAGE_CONNECTIONS,
      seconds,
    });
    measured.push({ load, result, bytes: Buffer.byteLength(html) });
  }
  return measured;
}

export function printPages(measured: Awaited<ReturnType<typeof measurePages>>): void {
  const constantP95 = percentile(measured[0].result.latenciesMs, 95);
  printTable(
    [
      `web page, ${PAGE_CONNECTIONS} connections, cookie session`,
      'KB',
      'requests',
      'p50/p95/p99 ms',
      'p95 / constant',
      'non-2xx',
      `p95<${TARGET_PAGE_P95_MS}`,
    ],
    measured.map(({ load, result, bytes }, i) => {
      const p95 = percentile(result.latenciesMs, 95);
      return [
        load.name,
        (bytes / 1024).toFixed(0),
        String(result.latenciesMs.length),
        [50, 95, 99].map((p) => percentile(result.latenciesMs, p).toFixed(0)).join('/'),
        i === 0 ? '(baseline)' : `${(p95 / constantP95).toFixed(1)}×`,
        String(result.non2xx),
        i === 0 ? '' : p95 < TARGET_PAGE_P95_MS ? 'PASS' : 'MISS',
      ];
    }),
  );
}
