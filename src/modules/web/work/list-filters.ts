import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { ContractsService } from '../../contracts/contracts.service';
import { blankToUndefined, parseForm } from '../web-forms';
import { formValue, pageLinks } from '../web-urls';
import { choices } from './work-forms';

const PAGE_SIZE = 50;
/** The contract filter offers the most recent contracts the caller may see. */
const CONTRACT_OPTIONS = 100;

export interface ListPage<Q> {
  /** The list query, or null when the filters do not validate (the page then lists nothing and says why). */
  query: Q | null;
  /** The filter form's state and the pager's links, once the page of rows is known. */
  model(nextCursor: string | null): Record<string, unknown>;
}

/** A filter of one list only: its query key, the label group of its codes and the codes it offers. */
export interface ExtraFilter {
  name: string;
  group: string;
  codes: readonly string[];
}

/**
 * The filters shared by the 自己点検 and 改善指示 lists (status, overdue, contract, company, and a list's own filters
 * such as the 自己点検's kind), read from the query string and checked with the API's list query class, so a
 * bookmarked or paged URL lists exactly what the API would.
 */
@Injectable()
export class ListFilters {
  constructor(private readonly contracts: ContractsService) {}

  async read<Q extends object>(
    actor: Actor,
    path: string,
    query: Record<string, unknown>,
    dto: new () => Q,
    statusGroup: string,
    statuses: readonly string[],
    extra: readonly ExtraFilter[] = [],
  ): Promise<ListPage<Q>> {
    const chosen: Record<string, string | undefined> = {
      ...Object.fromEntries(extra.map((f) => [f.name, formValue.text(query[f.name])])),
      status: formValue.text(query.status),
      overdue: query.overdue === 'true' ? 'true' : undefined,
      contractId: formValue.text(query.contractId),
      // One company's rows: the dashboard's per-contractor figures link here with it.
      contractorId: formValue.text(query.contractorId),
      cursor: formValue.text(query.cursor),
      // Staff read the lists by due date (the latest period first); a contractor's keep what needs it first.
      // (No field to get wrong: an order the page does not offer falls back to its own.)
      sort:
        query.sort === 'due' || query.sort === 'newest'
          ? query.sort
          : actor.role === 'CONTRACTOR'
            ? undefined
            : 'due',
    };
    const [parsed, contracts] = await Promise.all([
      parseForm(dto, { ...blankToUndefined(chosen), limit: PAGE_SIZE }),
      this.contracts.list(actor, { limit: CONTRACT_OPTIONS }),
    ]);
    return {
      query: parsed.ok ? parsed.value : null,
      model: (nextCursor) => ({
        filters: chosen,
        statusOptions: choices(statusGroup, statuses, chosen.status),
        ...Object.fromEntries(
          extra.map((f) => [`${f.name}Options`, choices(f.group, f.codes, chosen[f.name])]),
        ),
        // The contract filter's choices by contract number, as the paper files are kept.
        contractOptions: [...contracts.items]
          .sort((a, b) => a.contractNumber.localeCompare(b.contractNumber, 'ja', { numeric: true }))
          .map((c) => ({
            value: c.id,
            label: `${c.contractNumber} ${c.title}`,
            checked: c.id === chosen.contractId,
          })),
        contractorFilter: chosen.contractorId !== undefined,
        // The filters' fields are `filter-<name>`: the error summary links there.
        idPrefix: 'filter-',
        ...(parsed.ok ? { errors: {} } : parsed.errors),
        ...pageLinks(path, chosen, nextCursor),
      }),
    };
  }
}
