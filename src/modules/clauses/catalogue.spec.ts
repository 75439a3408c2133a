import { splitItems } from '../../common/text/paragraph-items';
import * as path from 'path';
import {
  articleNumbers,
  defaultSelection,
  forbidsSubcontracting,
  isApplicable,
  renderClause,
} from './catalogue';
import { loadCatalogue } from './catalogue.loader';
import { type ContractAttributes } from './catalogue.types';
import { toClauseResponse } from './clause.mapper';

const catalogue = loadCatalogue(path.resolve(__dirname, '../../../templates/clauses'));

const class1Plain: ContractAttributes = {
  confidentialityClass: 1,
  handlesPersonalInfo: false,
  usesCloud: false,
  workLocation: null,
};
const class3Everything: ContractAttributes = {
  confidentialityClass: 3,
  handlesPersonalInfo: true,
  usesCloud: true,
  workLocation: '置賜広域行政事務組合 本庁舎 3階 電算室',
};

function def(code: string) {
  const found = catalogue.byCode.get(code);
  if (!found) throw new Error(`no clause ${code} in the catalogue`);
  return found;
}

describe('defaultSelection', () => {
  const always = [
    'POLICY_COMPLIANCE',
    'RESPONSIBLE_PERSON',
    'WORKER_ROSTER',
    'WORK_LOCATION',
    'ACCESS_SCOPE',
    'SERVICE_LEVEL',
    'TRAINING',
    'PURPOSE_LIMITATION',
    'CONFIDENTIALITY',
    'ASSET_HANDOVER',
    'REMOVABLE_MEDIA',
    'MALWARE_PROTECTION',
    'SOFTWARE_UPDATE',
    'MAIL_AND_WIRELESS',
    'BACKUP',
    'SUBCONTRACT_APPROVAL',
    'INCIDENT_REPORT',
    'PERIODIC_REPORT',
    'AUDIT',
    'IMPROVEMENT_ORDER',
    'INCIDENT_PUBLICATION',
    'RETURN_ERASURE',
    'ERASURE_CERTIFICATE',
    'BREACH_TERMINATION',
    'ANNEX_RELATION',
    'ELECTRONIC_PROCEDURE',
    'CONSULTATION',
  ];

  it('should pick only the always-applicable clauses for class 1 without personal information or cloud', () => {
    expect(defaultSelection(catalogue, class1Plain)).toEqual(always);
  });

  it('should add encryption, personal information and cloud clauses for class 3 with both, in catalogue order', () => {
    const selection = defaultSelection(catalogue, class3Everything);
    expect(selection).toEqual(
      catalogue.clauses
        .map((c) => c.code)
        .filter((code) =>
          [...always, 'ENCRYPTION', 'LOGGING', 'PERSONAL_INFORMATION', 'CLOUD_SERVICE'].includes(code),
        ),
    );
    expect(selection.indexOf('ENCRYPTION')).toBeLessThan(selection.indexOf('CLOUD_SERVICE'));
    // Optional and not pre-selected: offered, never imposed.
    expect(selection).not.toContain('DISCLOSURE');
    expect(selection).not.toContain('SUBCONTRACT_PROHIBITED');
    expect(selection).not.toContain('REMOTE_MAINTENANCE');
    expect(selection).not.toContain('UNINTENDED_CHANGE');
  });

  it('should apply encryption from class 2 and the disclosure clause only from class 3', () => {
    expect(isApplicable(def('ENCRYPTION'), { ...class1Plain, confidentialityClass: 2 })).toBe(true);
    expect(isApplicable(def('ENCRYPTION'), class1Plain)).toBe(false);
    expect(isApplicable(def('DISCLOSURE'), { ...class1Plain, confidentialityClass: 2 })).toBe(false);
    expect(isApplicable(def('DISCLOSURE'), { ...class1Plain, confidentialityClass: 3 })).toBe(true);
    expect(isApplicable(def('PERSONAL_INFORMATION'), { ...class1Plain, handlesPersonalInfo: true })).toBe(
      true,
    );
    expect(isApplicable(def('CLOUD_SERVICE'), { ...class1Plain, handlesPersonalInfo: true })).toBe(false);
  });
});

const FACTS = { reportInterval: '3か月' };

describe('renderClause', () => {
  it('should substitute defaults when no value is given', () => {
    const rendered = renderClause(def('INCIDENT_REPORT'), {}, FACTS);
    expect(rendered.title).toBe('事故発生時の報告');
    expect(rendered.paragraphs[0]).toContain(
      '知った時から2時間以内に、その概要を甲に報告しなければならない。',
    );
    expect(rendered.paragraphs[1]).toContain('事故又はそのおそれを知った時から7日以内に');
  });

  it('should substitute given values, integers as Arabic digits', () => {
    const rendered = renderClause(def('INCIDENT_REPORT'), { reportHours: 12, writtenReportDays: 30 }, FACTS);
    expect(rendered.paragraphs[0]).toContain('知った時から12時間以内に');
    expect(rendered.paragraphs[1]).toContain('事故又はそのおそれを知った時から30日以内に');
    const location = renderClause(def('WORK_LOCATION'), { workLocation: '本組合庁舎2階会議室' }, FACTS);
    expect(location.paragraphs[0]).toBe(
      '乙は、本業務を本組合庁舎2階会議室（以下「作業場所」という。）において行わなければならない。',
    );
  });

  it('should not read a substituted value as a placeholder again', () => {
    const rendered = renderClause(def('WORK_LOCATION'), { workLocation: '{{workLocation}}' }, FACTS);
    expect(rendered.paragraphs[0]).toBe(
      '乙は、本業務を{{workLocation}}（以下「作業場所」という。）において行わなければならない。',
    );
  });

  it('should leave no braces in any clause rendered with its defaults', () => {
    for (const clause of catalogue.clauses) {
      const rendered = renderClause(clause, {}, FACTS);
      expect(rendered.paragraphs).toHaveLength(clause.paragraphs.length);
      for (const paragraph of rendered.paragraphs) {
        expect(paragraph).not.toMatch(/[{}]/);
        // A paragraph's own sentence ends in 。; its items (号) are nouns, or sentences ending in 〜こと。
        const { text, items } = splitItems(paragraph);
        expect(text).toMatch(/。$/);
        for (const item of items) expect(item.text).toMatch(/(?:[^。]|こと。)$/u);
      }
    }
  });
});

describe('articleNumbers', () => {
  it('should number the selected clauses 1..n in catalogue order whatever order they were given in', () => {
    expect(articleNumbers(catalogue, ['BREACH_TERMINATION', 'CONFIDENTIALITY', 'POLICY_COMPLIANCE'])).toEqual(
      [
        { code: 'POLICY_COMPLIANCE', articleNo: 1 },
        { code: 'CONFIDENTIALITY', articleNo: 2 },
        { code: 'BREACH_TERMINATION', articleNo: 3 },
      ],
    );
  });

  it('should refuse unknown and repeated codes', () => {
    expect(() => articleNumbers(catalogue, ['NOPE'])).toThrow(/unknown clause code NOPE/);
    expect(() => articleNumbers(catalogue, ['AUDIT', 'AUDIT'])).toThrow(/twice/);
  });
});

describe('forbidsSubcontracting', () => {
  it('should be true only when the prohibition clause is among the codes', () => {
    expect(forbidsSubcontracting(catalogue, ['POLICY_COMPLIANCE', 'SUBCONTRACT_PROHIBITED'])).toBe(true);
    expect(forbidsSubcontracting(catalogue, defaultSelection(catalogue, class3Everything))).toBe(false);
    expect(forbidsSubcontracting(catalogue, ['REMOVED_LATER'])).toBe(false);
  });
});

describe('self-assessment questions', () => {
  const everyQuestion = catalogue.clauses.flatMap((clause) =>
    [...clause.questions, ...clause.reportItems].map((question) => ({ clause, question })),
  );

  it('should ask polite questions ending in 「か。」, with codes unique across the catalogue', () => {
    for (const { question } of everyQuestion) {
      expect(question.text).toMatch(/か。$/);
      expect(question.text).not.toMatch(/[{}]/);
    }
    const codes = everyQuestion.map(({ question }) => question.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  // The chain: a finding on a question is cited as a breach of the paragraph it names, so that paragraph must
  // exist, and say what 乙 must (or must not) do.
  it('should cite, for every required question, a paragraph that puts a duty on 乙', () => {
    const duty = /(なければならない|てはならない|ものとする)。/;
    const cited = everyQuestion.filter(({ question }) => !question.advisory);
    expect(cited.length).toBeGreaterThan(40);
    for (const { clause, question } of cited) {
      const paragraph = question.basis === null ? undefined : clause.paragraphs[question.basis - 1];
      expect({ code: question.code, paragraph: paragraph?.trim() || 'none' }).toEqual({
        code: question.code,
        paragraph: expect.stringMatching(duty),
      });
      expect(paragraph).toContain('乙');
    }
  });

  it('should mark a question advisory only without a paragraph, and keep advisory ones a minority', () => {
    const advisory = everyQuestion.filter(({ question }) => question.advisory);
    for (const { question } of advisory) expect(question.basis).toBeNull();
    expect(advisory.length).toBeLessThan(everyQuestion.length / 4);
  });

  it('should carry the 定期報告 form on the mandatory PERIODIC_REPORT clause, printing the contract’s interval', () => {
    const carriers = catalogue.clauses.filter((c) => c.reportItems.length > 0);
    expect(carriers.map((c) => c.code)).toEqual(['PERIODIC_REPORT']);
    expect(def('PERIODIC_REPORT').reportItems.length).toBeGreaterThanOrEqual(6);
    expect(def('PERIODIC_REPORT').params.map((p) => p.name)).not.toContain('reportIntervalMonths');
    const rendered = renderClause(def('PERIODIC_REPORT'), {}, { reportInterval: '1か月' });
    expect(rendered.paragraphs.join('')).toContain('1か月ごとに');
  });

  it('should state the incident-report deadlines in one clause only', () => {
    const deadline = /(\{\{reportHours\}\}|\{\{writtenReportDays\}\}|時間以内)/;
    const stating = catalogue.clauses.filter((c) => c.paragraphs.some((p) => deadline.test(p)));
    expect(stating.map((c) => c.code)).toEqual(['INCIDENT_REPORT']);
  });
});

describe('toClauseResponse', () => {
  it('should answer every field, with parameters by type and the sub-contracting effect as a flag', () => {
    const response = toClauseResponse(def('WORK_LOCATION'));
    expect(response).toEqual({
      code: 'WORK_LOCATION',
      order: def('WORK_LOCATION').order,
      title: '作業場所',
      paragraphs: [...def('WORK_LOCATION').paragraphs],
      params: [
        {
          name: 'workLocation',
          label: '作業場所',
          type: 'text',
          maxLength: 2010,
          defaultFrom: 'workLocation',
          default: '乙の事業所のうち甲があらかじめ承認した場所',
        },
      ],
      micItems: [2],
      isoControls: ['7.1', '7.2', '7.7'],
      appliesWhen: { always: true },
      mandatory: true,
      defaultSelected: false,
      excludes: [],
      forbidsSubcontracting: false,
      questions: def('WORK_LOCATION').questions.map((q) => ({ ...q, requires: [...q.requires] })),
      reportItems: [],
    });
    expect(toClauseResponse(def('PERIODIC_REPORT')).reportItems).toHaveLength(6);
    expect(toClauseResponse(def('SUBCONTRACT_PROHIBITED'))).toMatchObject({
      forbidsSubcontracting: true,
      excludes: ['SUBCONTRACT_APPROVAL'],
      mandatory: false,
    });
    expect(toClauseResponse(def('INCIDENT_REPORT')).params[0]).toEqual({
      name: 'reportHours',
      label: '第一報の期限',
      type: 'integer',
      default: 2,
      min: 1,
      max: 24,
      unit: '時間',
    });
  });

  it('should hand out copies that callers may change without touching the catalogue', () => {
    const response = toClauseResponse(def('AUDIT'));
    response.paragraphs.push('追加');
    expect(def('AUDIT').paragraphs).not.toContain('追加');
  });
});
