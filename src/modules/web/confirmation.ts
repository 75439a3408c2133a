import type { FastifyReply } from 'fastify';
import type { Actor } from '../../common/auth/actor';
import type { WebPage } from './web-page';

/** What a confirmation page says before an action that cannot simply be undone. */
export interface Confirmation {
  /** The page's title and heading: 「委託先のアーカイブの確認」. */
  title: string;
  /** What will happen to what: 「株式会社○○をアーカイブします。」. */
  what: string;
  /** What follows from it: 「アーカイブすると、この委託先の登録内容は変更できなくなります。」. */
  consequences?: string[];
  /** What the user typed that goes with it (a reason, a condition), shown again. */
  details?: { label: string; value: string }[];
  /** The page the form was on, for 「戻る」. */
  back: string;
  /** A destructive action (deleting, withdrawing): the button is red. */
  danger?: boolean;
}

/** The form was posted from the confirmation page (「実行する」). */
export const isConfirmed = (body: Record<string, unknown> | null | undefined): boolean =>
  body?.confirm === 'yes';

/** The posted fields to send again from the confirmation page: all but the CSRF token and the confirmation. */
function fieldsOf(body: Record<string, unknown> | null | undefined): { name: string; value: string }[] {
  return Object.entries(body ?? {}).flatMap(([name, value]) => {
    if (name === '_csrf' || name === 'confirm') return [];
    const values = Array.isArray(value) ? value : [value];
    return values.filter((v): v is string => typeof v === 'string').map((v) => ({ name, value: v }));
  });
}

/**
 * The confirmation step of every action that approves, completes, deletes, archives or withdraws: the first post
 * (without `confirm=yes`) changes nothing and shows what will happen, with 「実行する」 posting the same fields
 * again with confirm=yes, and 「戻る」. Answers true when the action is confirmed and may go ahead; otherwise it has
 * answered with the confirmation page. Call it after the form was checked, so that a refused form shows its
 * errors on its own page first.
 *
 * `edit`: for a form with typed input (a reason, the verdicts of a review), the page again with what was typed;
 * the confirmation then offers 「入力内容を修正する」 (confirm=back), which calls it, so going back loses nothing.
 */
export async function confirmFirst(
  page: WebPage,
  actor: Actor,
  reply: FastifyReply,
  body: Record<string, unknown> | null | undefined,
  confirmation: Confirmation | (() => Confirmation | Promise<Confirmation>),
  edit?: () => Promise<void>,
): Promise<boolean> {
  if (isConfirmed(body)) return true;
  if (edit && body?.confirm === 'back') {
    await edit();
    return false;
  }
  const shown = typeof confirmation === 'function' ? await confirmation() : confirmation;
  const model = await page.model(actor, reply, shown.title, {
    confirmation: { ...shown, action: reply.request.url, fields: fieldsOf(body), canEdit: Boolean(edit) },
  });
  await reply.status(200).view('confirm', model);
  return false;
}
