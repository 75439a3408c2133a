import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { DomainError, statusOf, type ErrorKind } from '../../../common/errors/domain-error';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { CloseOutService } from '../../close-out/close-out.service';
import { WITH_CONTRACTOR } from '../../close-out/close-out.state';
import {
  ConfirmCloseOutRequest,
  SubmitCloseOutRequest,
  type CloseOutResponse,
} from '../../close-out/dto/close-out.dto';
import { EvidenceService } from '../../evidence/evidence.service';
import { confirmFirst } from '../confirmation';
import { fieldName, plainMessage } from '../glossary';
import { formErrorsOf, parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { readPageForm, refusalOfFile } from '../work/evidence-form';
import { listOf } from '../work/work-forms';
import { pick } from './contract-forms';

/** The fields of one party's section, each named `<prefix>_<party key>` (the contractor's id or the tier's). */
const SECTION_FIELDS = [
  'returnedItem',
  'returnedOn',
  'erasedObject',
  'erasedMethod',
  'erasedMedia',
  'erasedOn',
  'erasedPlace',
  'erasedBy',
  'erasedWitness',
] as const;
type SectionField = (typeof SECTION_FIELDS)[number];

const ERASED_FIELD: Record<string, SectionField> = {
  object: 'erasedObject',
  method: 'erasedMethod',
  media: 'erasedMedia',
  erasedOn: 'erasedOn',
  place: 'erasedPlace',
  performedBy: 'erasedBy',
  witness: 'erasedWitness',
};
const RETURNED_FIELD: Record<string, SectionField> = { item: 'returnedItem', returnedOn: 'returnedOn' };
const RETURNED_FIELDS = Object.values(RETURNED_FIELD);
const ERASED_FIELDS = Object.values(ERASED_FIELD);

/** The blank rows of each list a party's section shows at least (one more than it holds, past that). */
const MIN_ROWS = 3;
/** The examples under the first row's fields. */
const ROW_HINTS: Partial<Record<SectionField, string>> = {
  returnedItem: '例：住民記録データ（外付けハードディスク 1台）',
  erasedObject: '例：作業用に複製した住民記録データ一式',
  erasedMethod: '例：専用ソフトウェアによる上書き消去、物理的破壊',
};
/** The most rows of a list a post is read for (the API's own limit). */
const MAX_ROWS = 100;

/**
 * The name of a field of row `row` (from 0) of a party's list: the first row keeps `<field>_<party key>`, the
 * others `<field>_<party key>_<n>` (n from 2).
 */
function rowField(field: SectionField, key: string, row: number): string {
  return row === 0 ? `${field}_${key}` : `${field}_${key}_${row + 1}`;
}

/** A file the store does not take is the user's to fix, like a form refusal. */
const UPLOAD_REFUSALS: readonly ErrorKind[] = [
  'INVALID',
  'RULE',
  'CONFLICT',
  'FORBIDDEN',
  'TOO_LARGE',
  'UNSUPPORTED_MEDIA',
];

interface PartyKey {
  key: string;
  subcontractId: string | null;
  name: string;
}

interface PageState {
  values?: Record<string, string | string[]>;
  errors?: Record<string, string>;
  formError?: string | null;
  forms?: Record<
    string,
    { values: Record<string, unknown>; errors: Record<string, string>; formError: string | null }
  >;
  /** 「記入欄を増やす」 was pressed: each list shows more blank rows. */
  moreRows?: boolean;
  /** The query string of a GET (its `flash` key). */
  query?: unknown;
}

const version = (body: Record<string, unknown>): unknown => formValue.int(body.version) ?? body.version;

/**
 * The 返還・廃棄報告 of a contract (/contracts/:id/close-out): the contractor's form — a section for itself and for
 * each approved sub-contractor, what was returned and what was erased, with the 消去証明書 attached in the same post
 * — and the officer's confirmation or sending back. The API's service decides; this page only carries the form.
 */
@ApiExcludeController()
@Controller('contracts/:id/close-out')
export class ContractCloseOutPages {
  constructor(
    private readonly page: WebPage,
    private readonly closeOuts: CloseOutService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(actor, reply, id, 200, { query });
  }

  /** The contractor's report (multipart: the certificates come with the text). */
  @Post()
  @HttpCode(303)
  @Roles('CONTRACTOR')
  async submit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const posted = await readPageForm(request);
    const current = await this.closeOuts.get(actor, id);
    const parties = partyKeys(current);
    const values: Record<string, string | string[]> = pick(posted.body, [
      'version',
      ...parties.flatMap((p) =>
        Array.from({ length: MAX_ROWS }, (_, row) =>
          SECTION_FIELDS.map((f) => rowField(f, p.key, row)),
        ).flat(),
      ),
    ]);
    for (const p of parties)
      values[`certificateIds_${p.key}`] = listOf(posted.body[`certificateIds_${p.key}`]);
    const again = (status: number, state: PageState) =>
      this.render(actor, reply, id, status, { values, ...state });
    // More rows asked for: the form again with what was typed, nothing stored.
    if (formValue.bool(posted.body.moreRows)) return again(200, { moreRows: true });
    // Every chosen file is checked before any is stored.
    const files = posted.files.filter((f) => parties.some((p) => f.field === `certificate_${p.key}`));
    if (files.length !== posted.files.length) return again(400, { formError: NOT_ATTACHED });
    for (const file of files) {
      const refusal = await refusalOfFile(file);
      if (refusal) {
        return again(statusOf(refusal.kind), {
          errors: { [file.field]: `${file.fileName}：${plainMessage(refusal.message)}` },
          formError: NOT_ATTACHED,
        });
      }
    }
    for (const file of files) {
      try {
        const stored = await this.evidence.upload(actor, {
          closeOutId: current.id,
          fileName: file.fileName,
          bytes: file.bytes,
        });
        const key = file.field.slice('certificate_'.length);
        values[`certificateIds_${key}`] = [...listOf(values[`certificateIds_${key}`]), stored.id];
      } catch (error) {
        const { errors, formError } = formErrorsOf(error, UPLOAD_REFUSALS);
        return again(statusOf((error as DomainError).kind), {
          errors: { ...errors, [file.field]: formError ?? '' },
          formError: NOT_ATTACHED,
        });
      }
    }
    const sections = parties.map((p) => sectionOf(p, values));
    const input = { version: version(posted.body), sections: sections.map((s) => s.section) };
    const form = await parseForm(SubmitCloseOutRequest, input);
    if (!form.ok)
      return again(400, {
        errors: fieldsOfProblems(form.errors.errors, parties, sections),
        formError: form.errors.formError,
      });
    try {
      await this.closeOuts.submit(actor, id, form.value);
    } catch (error) {
      const { errors, formError } = formErrorsOf(error);
      return again(statusOf((error as DomainError).kind), {
        errors: { ...fieldsOfProblems(errors, parties, sections), ...fieldsOfRefusal(error, parties) },
        formError,
      });
    }
    await reply.status(303).redirect(`/contracts/${id}/close-out?flash=close-out-submitted`);
  }

  /** The officer's decision: confirm (asked first: the contract is closed for good) or send back with a reason. */
  @Post('confirmation')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async confirm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const confirmed = formValue.bool(body.confirmed);
    const key = confirmed === false ? 'sendBack' : 'confirm';
    const values = pick(body, ['note']);
    const note = formValue.text(body.note);
    const failed = (status: number, errors: Record<string, string>, formError: string | null) =>
      this.render(actor, reply, id, status, { forms: { [key]: { values, errors, formError } } });
    const form = await parseForm(ConfirmCloseOutRequest, {
      version: version(body),
      confirmed: confirmed ?? body.confirmed,
      ...(note ? { note } : {}),
    });
    if (!form.ok) return failed(400, form.errors.errors, form.errors.formError);
    if (!form.value.confirmed && !note?.trim())
      return failed(
        422,
        { note: '差し戻す理由を入力してください。' },
        '差し戻す場合は、その理由を記載してください。',
      );
    if (form.value.confirmed) {
      const current = await this.closeOuts.get(actor, id);
      const asked = await confirmFirst(
        this.page,
        actor,
        reply,
        body,
        {
          title: '返還・廃棄報告の確認',
          what: `契約「${current.contractTitle}」（${current.contractNumber}、委託先：${current.contractorName}）の返還・廃棄報告を確認し、契約を完結します。`,
          consequences: [
            '確認すると、契約の状態は「完結」となり、以後は報告を差し戻すことも、契約を変更することもできなくなります。',
            '報告の内容及び全ての消去証明書を確認した上で実行してください。',
          ],
          details: note ? [{ label: '確認の所見', value: note }] : [],
          back: `/contracts/${id}/close-out`,
        },
        () =>
          this.render(actor, reply, id, 200, { forms: { confirm: { values, errors: {}, formError: null } } }),
      );
      if (!asked) return;
    }
    try {
      await this.closeOuts.decide(actor, id, form.value);
    } catch (error) {
      const { errors, formError } = formErrorsOf(error);
      return failed(statusOf((error as DomainError).kind), errors, formError);
    }
    const flash = form.value.confirmed ? 'close-out-confirmed' : 'close-out-returned';
    await reply.status(303).redirect(`/contracts/${id}/close-out?flash=${flash}`);
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    status: number,
    state: PageState,
  ): Promise<void> {
    let closeOut: CloseOutResponse | null = null;
    let notOwed: string | null = null;
    try {
      closeOut = await this.closeOuts.get(actor, id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'CLOSE_OUT.NOT_OWED') throw error;
      notOwed = plainMessage(error.message);
    }
    const staff = actor.role === 'OFFICER' || actor.role === 'ADMIN';
    const canSubmit = Boolean(
      closeOut && actor.role === 'CONTRACTOR' && WITH_CONTRACTOR.includes(closeOut.status),
    );
    const parties = closeOut ? partyKeys(closeOut) : [];
    const values = state.values ?? (closeOut ? lastReport(closeOut, parties) : {});
    const fieldNames: Record<string, string> = {};
    const rowsOf = (p: PartyKey, fields: readonly SectionField[]): number => {
      let filled = 0;
      for (let row = 0; row < MAX_ROWS; row += 1)
        if (fields.some((f) => stringOf(values[rowField(f, p.key, row)]).trim())) filled = row + 1;
      return Math.max(MIN_ROWS, filled + 1) + (state.moreRows ? MIN_ROWS : 0);
    };
    const rowsModel = (p: PartyKey, fields: readonly SectionField[]) =>
      Array.from({ length: rowsOf(p, fields) }, (_, row) => {
        const names = Object.fromEntries(fields.map((f) => [f, rowField(f, p.key, row)]));
        for (const f of fields)
          fieldNames[names[f]] = `${p.name}：${fieldName(f) ?? f}${row === 0 ? '' : `（${row + 1}行目）`}`;
        return {
          number: row + 1,
          hints: row === 0 ? ROW_HINTS : {},
          fields: names,
          values: Object.fromEntries(fields.map((f) => [f, stringOf(values[names[f]])])),
          errors: Object.fromEntries(fields.map((f) => [f, state.errors?.[names[f]] ?? null])),
        };
      });
    for (const p of parties) {
      for (const f of ['certificate', 'certificateIds']) {
        fieldNames[`${f}_${p.key}`] = `${p.name}：${fieldName(f) ?? f}`;
      }
    }
    const title = closeOut ? `返還・廃棄報告（契約 ${closeOut.contractNumber}）` : '返還・廃棄報告';
    const model = {
      flash: state.query === undefined ? null : flashOf(state.query, closeOut?.contractTitle),
      contractId: id,
      closeOut,
      notOwed,
      canSubmit,
      canDecide: Boolean(closeOut && staff && closeOut.status === 'SUBMITTED'),
      sections: parties.map((p) => ({
        ...p,
        isContractor: p.subcontractId === null,
        fields: Object.fromEntries(['certificate', 'certificateIds'].map((f) => [f, `${f}_${p.key}`])),
        errors: { certificate: state.errors?.[`certificate_${p.key}`] ?? null },
        returnedRows: rowsModel(p, RETURNED_FIELDS),
        erasedRows: rowsModel(p, ERASED_FIELDS),
        attachments: (closeOut?.attachments ?? []).map((file) => ({
          ...file,
          checked: listOf(values[`certificateIds_${p.key}`]).includes(file.id),
        })),
      })),
      moreRows: MIN_ROWS,
      version: stringOf(values.version) || String(closeOut?.version ?? ''),
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      fieldNames,
      forms: {
        confirm: state.forms?.confirm ?? { values: {}, errors: {}, formError: null },
        sendBack: state.forms?.sendBack ?? { values: {}, errors: {}, formError: null },
      },
    };
    await reply.status(status).view('contracts/close-out', await this.page.model(actor, reply, title, model));
  }
}

const NOT_ATTACHED = '消去証明書のファイルを添付できなかったため、報告は提出していません。';

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The parties of the report with the key their fields are named by. */
function partyKeys(c: CloseOutResponse): PartyKey[] {
  return c.parties.map((p) => ({
    key: p.subcontractId ?? c.contractorId,
    subcontractId: p.subcontractId,
    name: p.name,
  }));
}

/** A party's section as the page read it: the form rows each item of the API's lists came from. */
interface PostedSection {
  section: Record<string, unknown>;
  returnedRows: number[];
  erasedRows: number[];
}

/** One party's section as the API takes it: a row left blank is no row. */
function sectionOf(p: PartyKey, values: Record<string, string | string[]>): PostedSection {
  const v = (f: SectionField, row: number): string => stringOf(values[rowField(f, p.key, row)]).trim();
  const filledRows = (fields: readonly SectionField[]): number[] =>
    Array.from({ length: MAX_ROWS }, (_, row) => row).filter((row) => fields.some((f) => v(f, row)));
  const listOfRows = (map: Record<string, SectionField>, rows: number[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(map).map(([name, f]) => [name, v(f, row)])));
  const returnedRows = filledRows(RETURNED_FIELDS);
  const erasedRows = filledRows(ERASED_FIELDS);
  return {
    section: {
      subcontractId: p.subcontractId,
      returned: listOfRows(RETURNED_FIELD, returnedRows),
      erased: listOfRows(ERASED_FIELD, erasedRows),
      certificateEvidenceIds: listOf(values[`certificateIds_${p.key}`]),
    },
    returnedRows,
    erasedRows,
  };
}

/** The last submitted report as the form's values (a report sent back is corrected, not typed again). */
function lastReport(c: CloseOutResponse, parties: PartyKey[]): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const p of parties) {
    const s = c.sections.find((x) => x.subcontractId === p.subcontractId);
    if (!s) continue;
    s.returned.forEach((r, row) => {
      for (const [name, f] of Object.entries(RETURNED_FIELD))
        values[rowField(f, p.key, row)] = String(r[name as keyof typeof r]);
    });
    s.erased.forEach((e, row) => {
      for (const [name, f] of Object.entries(ERASED_FIELD))
        values[rowField(f, p.key, row)] = String(e[name as keyof typeof e]);
    });
    values[`certificateIds_${p.key}`] = s.certificates.map((x) => x.id);
  }
  return values;
}

/** `sections.1.erased.0.method` → `erasedMethod_<key of party 1>` (of the form row the first item came from). */
function fieldsOfProblems(
  errors: Record<string, string>,
  parties: PartyKey[],
  sections: PostedSection[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const m = /^sections\.(\d+)\.(returned|erased|certificateEvidenceIds)(?:\.(\d+)\.(\w+))?/u.exec(path);
    const party = m ? parties[Number(m[1])] : undefined;
    if (!m || !party) {
      out[path] = message;
      continue;
    }
    if (m[2] === 'certificateEvidenceIds') {
      out[`certificate_${party.key}`] ??= message;
      continue;
    }
    const posted = sections[Number(m[1])];
    const rows = m[2] === 'returned' ? posted?.returnedRows : posted?.erasedRows;
    const row = rows?.[Number(m[3] ?? 0)] ?? 0;
    const field = (m[2] === 'returned' ? RETURNED_FIELD : ERASED_FIELD)[m[4] ?? ''] ?? 'returnedItem';
    out[rowField(field, party.key, row)] ??= message;
  }
  return out;
}

/** The service's refusals that name a party, shown beside that party's fields. */
function fieldsOfRefusal(error: unknown, parties: PartyKey[]): Record<string, string> {
  if (!(error instanceof DomainError)) return {};
  const named = (
    (error.details as { parties?: { subcontractId: string | null }[] } | undefined)?.parties ?? []
  )
    .map((n) => parties.find((p) => p.subcontractId === n.subcontractId))
    .filter((p): p is PartyKey => p !== undefined);
  const out: Record<string, string> = {};
  for (const p of named) {
    if (error.code === 'CLOSE_OUT.CERTIFICATE_MISSING')
      out[`certificate_${p.key}`] = '消去証明書のファイルを選ぶか、添付済みのファイルを選択してください。';
    if (error.code === 'CLOSE_OUT.SECTION_EMPTY')
      out[`returnedItem_${p.key}`] = '返還したもの又は消去・廃棄したものを記載してください。';
  }
  return out;
}
