import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITY_WORD } from '../documents/improvement-notice';
import { ORDER_TRANSITIONS } from '../improvement-orders/order-lifecycle';
import { AUDIT_ACTION_LABELS, auditActionLabel, auditDetailLabel, auditEntityLabel } from './audit-labels';

const SRC = join(__dirname, '..', '..');
const TEMPLATES = join(SRC, '..', 'templates');
const CODE = /^[a-z_]+(\.[a-zA-Z_-]+)+$/u;

function sourceFiles(dir: string, ext = '.ts'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, ext);
    return entry.name.endsWith(ext) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Every action code an audit row can carry, read from the source: `action: 'x.y'`, both branches of
 * `action: cond ? 'x.y' : 'x.z'`, and the improvement order's `order.${action}` for each step of its lifecycle.
 */
function writtenActionCodes(): { codes: Set<string>; templates: string[] } {
  const codes = new Set<string>();
  const templates: string[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /\baction: (.+?),?$/u.exec(line.trim());
      if (!match) continue;
      const value = match[1];
      // A form's `action: \`/path/${id}\`` is a URL, not an audit action.
      if (value.startsWith('`') && !value.startsWith('`/')) {
        templates.push(value);
        continue;
      }
      for (const quoted of value.matchAll(/'([^']+)'/gu)) if (CODE.test(quoted[1])) codes.add(quoted[1]);
    }
  }
  return { codes, templates };
}

describe('audit labels', () => {
  const { codes, templates } = writtenActionCodes();

  it('should find the action codes the services write (the scan is not empty)', () => {
    expect(codes.size).toBeGreaterThan(40);
    for (const known of ['auth.login', 'subcontract.approve', 'subcontract.reject', 'user.deactivate'])
      expect(codes).toContain(known);
  });

  it('should name every action code written anywhere in Japanese', () => {
    const unnamed = [...codes].filter((code) => !(code in AUDIT_ACTION_LABELS));
    expect(unnamed).toEqual([]);
  });

  it('should name every step of the improvement order written as order.<step>', () => {
    // The only computed code: order-transitions.service.ts writes `order.${action}`.
    expect(templates).toEqual(['`order.${action}`']);
    for (const step of Object.keys(ORDER_TRANSITIONS))
      expect(Object.keys(AUDIT_ACTION_LABELS)).toContain(`order.${step}`);
  });

  it('should name no code that nothing writes (a renamed action leaves no stale name)', () => {
    const orderSteps = Object.keys(ORDER_TRANSITIONS).map((step) => `order.${step}`);
    const stale = Object.keys(AUDIT_ACTION_LABELS).filter(
      (code) => !codes.has(code) && !orderSteps.includes(code),
    );
    expect(stale).toEqual([]);
  });

  it('should call severity by the one word the documents and pages use (重要度), never 重大度', () => {
    expect(SEVERITY_WORD).toBe('重要度');
    expect(auditDetailLabel('severity')).toBe(SEVERITY_WORD);
    const other = [...sourceFiles(SRC), ...sourceFiles(TEMPLATES, '.hbs')].filter((file) =>
      readFileSync(file, 'utf8').includes('重大度'),
    );
    expect(other).toEqual([]);
  });

  it('should show an unknown code, entity type or key without hiding it', () => {
    expect(auditActionLabel('subcontract.request')).toBe('再委託の承認の申請');
    expect(auditActionLabel('legacy.thing')).toBe('その他の操作（legacy.thing）');
    expect(auditEntityLabel('improvement_order')).toBe('改善指示');
    expect(auditEntityLabel('legacy')).toBe('その他');
    expect(auditDetailLabel('contractNumber')).toBe('契約番号');
    expect(auditDetailLabel('somethingNew')).toBe('somethingNew');
  });
});
