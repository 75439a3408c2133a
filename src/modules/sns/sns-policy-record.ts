import { In, type EntityManager } from 'typeorm';
import { todayInJapan } from '../../common/clock';
import type { IssuedDocument } from '../documents/issued-document.entity';
import type { IssuedDocuments } from '../documents/issued-documents.service';
import { type SnsPolicyInput, printedSnsPolicyText, validateSnsPolicyInput } from '../documents/sns-policy';
import { assertPrintable } from '../documents/pdf-fonts';
import type { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import { LABELS } from '../web/glossary';
import type { SnsAccount } from './sns-account.entity';
import type { SnsCategoryCatalogue } from './sns-categories';

/** The owner type of an account's 運用方針 record. */
export const SNS_POLICY_OWNER = 'sns_account';

/**
 * The 運用方針 of an account as a record, issued in the transaction that first activates the account: what it prints
 * — the account, the 責任者 and 発信担当 by name, the categories, the credential handling — as the register stood
 * that day, with its 文書番号. One per account (the record is unique per owner and kind): a reactivation after a
 * suspension keeps the 運用方針 in force.
 */
export async function recordSnsPolicy(
  settingsService: IssuerSettingsService,
  documents: IssuedDocuments,
  catalogue: SnsCategoryCatalogue,
  manager: EntityManager,
  account: SnsAccount,
  issuedBy: string,
  at: Date,
): Promise<IssuedDocument> {
  const settings = await settingsService.current(manager);
  const ids = [
    ...(account.managerId ? [account.managerId] : []),
    ...account.posterIds,
    ...account.fastPathApproverIds,
  ];
  const users = await manager.find(User, { select: { id: true, displayName: true }, where: { id: In(ids) } });
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const names = (list: string[]) => list.map((id) => nameOf.get(id) ?? '').filter((n) => n.trim());
  const category = (code: string) => {
    const c = catalogue.byCode.get(code);
    return { title: c?.title ?? code, description: c?.description ?? '' };
  };
  const issuedDate = todayInJapan(at);
  const input: Omit<SnsPolicyInput, 'documentNumber'> = {
    issuedDate,
    orgName: settings.orgName,
    account: {
      platformName: LABELS.snsPlatform[account.platform] ?? account.platform,
      handle: account.handle,
      url: account.url,
      displayName: account.displayName,
      operatorName: account.operatorName,
      purpose: account.purpose,
      audience: account.audience,
      websiteListingUrl: account.websiteListingUrl ?? '',
      profileText: account.profileText,
    },
    managerName: account.managerId ? (nameOf.get(account.managerId) ?? '') : '',
    posterNames: names(account.posterIds),
    fastPathApproverNames: names(account.fastPathApproverIds),
    allowed: account.allowedCategories.map(category),
    forbidden: account.forbiddenCategories.map(category),
    credentialCustodian: account.credentialCustodian,
    loginDevices: account.loginDevices,
    twoFactorMethodName: LABELS.twoFactorMethod[account.twoFactorMethod ?? ''] ?? '',
    verification: account.verified ? 'あり' : `なし（${account.unverifiedReason ?? '理由の記録なし'}）`,
  };
  // Checked before it is recorded: a record that could not be printed is refused now, not at every download.
  validateSnsPolicyInput({ ...input, documentNumber: null });
  assertPrintable(printedSnsPolicyText({ ...input, documentNumber: null }));
  return documents.issue(manager, {
    kind: 'SNS_POLICY',
    ownerType: SNS_POLICY_OWNER,
    ownerId: account.id,
    issuedOn: issuedDate,
    issuedAt: at,
    issuedBy,
    numberPattern: settings.documentNumberPattern,
    build: (documentNumber) => ({ ...input, documentNumber }),
  });
}
