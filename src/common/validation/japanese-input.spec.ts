import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  CreateContractorRequest,
  UpdateContractorRequest,
} from '../../modules/contractors/dto/contractor.requests';
import { ProposedSubcontractorInput } from '../../modules/contracts/dto/subcontract.dto';
import {
  isKatakana,
  KATAKANA_MESSAGE,
  normalizeDigits,
  normalizeKana,
  normalizeNumberText,
} from './japanese-input';

describe('numbers as typed with a Japanese IME', () => {
  it('should turn a full-width telephone number into ASCII, keeping its grouping', () => {
    expect(normalizeNumberText('０９０－１２３４－５６７８')).toBe('090-1234-5678');
    expect(normalizeNumberText('（０２３８）２２－１１１１')).toBe('(0238)22-1111');
    expect(normalizeNumberText('＋８１　９０　１２３４　５６７８')).toBe('+81 90 1234 5678');
    expect(normalizeNumberText(' 0238-22-1111　')).toBe('0238-22-1111');
  });

  it('should read every dash, and a ー or ｰ between digits, as a hyphen', () => {
    for (const dash of ['－', '‐', '‑', '–', '—', '―', '−', 'ー', 'ｰ']) {
      expect({ dash, out: normalizeNumberText(`0238${dash}22${dash}1111`) }).toEqual({
        dash,
        out: '0238-22-1111',
      });
    }
  });

  it('should leave a ー that is not between digits, and any other character, for the validator to refuse', () => {
    expect(normalizeNumberText('ー0238')).toBe('ー0238');
    expect(normalizeNumberText('電話0238')).toBe('電話0238');
    expect(normalizeNumberText('０２３８ａ')).toBe('0238ａ');
  });

  it('should turn a 法人番号 typed in full width, with spaces and hyphens, into 13 ASCII digits', () => {
    expect(normalizeDigits('７００００１２０５０００２')).toBe('7000012050002');
    expect(normalizeDigits('７　０００－０１－２０５０００２')).toBe('7000012050002');
    expect(normalizeDigits('7000 0120 50002')).toBe('7000012050002');
    expect(normalizeDigits('７０００ー０１２０５０００２')).toBe('7000012050002');
  });
});

describe('フリガナ as typed', () => {
  it('should turn hiragana and half-width katakana into full-width katakana', () => {
    expect(normalizeKana('かぶしきがいしゃおきたまじょうほうさーびす')).toBe(
      'カブシキガイシャオキタマジョウホウサービス',
    );
    expect(normalizeKana('すずき　いちろう')).toBe('スズキ　イチロウ');
    expect(normalizeKana('ｽｽﾞｷ ｲﾁﾛｳ')).toBe('スズキ　イチロウ');
    expect(normalizeKana('ゔぁいおりん')).toBe('ヴァイオリン');
    expect(normalizeKana('いすゞ')).toBe('イスヾ');
    expect(normalizeKana('　ヤマダ  タロウ　')).toBe('ヤマダ　タロウ');
  });

  it('should accept katakana with ー, ・ and full-width spaces, and refuse anything else', () => {
    for (const ok of ['カブシキガイシャ', 'エヌ・ティ・ティ', 'ヤマダ　タロウ', 'ヴァイオリン', 'ヶ']) {
      expect({ ok, katakana: isKatakana(ok) }).toEqual({ ok, katakana: true });
    }
    for (const bad of ['山田', 'ヤマダ1', 'ﾔﾏﾀﾞ', 'yamada', 'ヤマダ タロウ', 'ー', '　', '', 'ヤマダ\n']) {
      expect({ bad, katakana: isKatakana(bad) }).toEqual({ bad, katakana: false });
    }
  });
});

describe('the DTOs normalise before they validate', () => {
  const contractor = {
    name: '株式会社置賜情報サービス',
    address: '山形県米沢市金池三丁目1番1号',
    representativeName: '代表取締役 置賜 太郎',
    securityOfficer: { name: '情報 守', email: 'so@example.jp', phone: '０２３８－２２－１１１１' },
    corporateNumber: '７０００－０１－２０５０００２',
    nameKana: 'かぶしきがいしゃ　おきたま',
  };

  it('should store a contractor typed in full width in its normal form', async () => {
    const dto = plainToInstance(CreateContractorRequest, contractor);
    expect(await validate(dto)).toEqual([]);
    expect(dto.corporateNumber).toBe('7000012050002');
    expect(dto.securityOfficer.phone).toBe('0238-22-1111');
    expect(dto.nameKana).toBe('カブシキガイシャ　オキタマ');
    // Free text is stored as typed.
    expect(dto.representativeName).toBe('代表取締役 置賜 太郎');
  });

  it('should normalise an edit (PATCH) as it normalises a registration', async () => {
    const dto = plainToInstance(UpdateContractorRequest, {
      version: 1,
      nameKana: 'おきたま',
      corporateNumber: '７００００１２０５０００２',
      securityOfficer: { ...contractor.securityOfficer, phone: '０９０ー１２３４ー５６７８' },
    });
    expect(await validate(dto)).toEqual([]);
    expect([dto.nameKana, dto.corporateNumber, dto.securityOfficer?.phone]).toEqual([
      'オキタマ',
      '7000012050002',
      '090-1234-5678',
    ]);
  });

  it('should refuse a フリガナ in kanji with the rule katakana and its Japanese message', async () => {
    const errors = await validate(
      plainToInstance(CreateContractorRequest, { ...contractor, nameKana: '置賜' }),
    );
    expect(errors.map((e) => [e.property, e.constraints])).toEqual([
      ['nameKana', { katakana: KATAKANA_MESSAGE }],
    ]);
    expect(KATAKANA_MESSAGE).toBe('フリガナは全角カタカナで入力してください。');
  });

  it('should normalise the proposed sub-contractor of a 再委託 the same way', async () => {
    const dto = plainToInstance(ProposedSubcontractorInput, {
      name: '米沢データ印刷株式会社',
      corporateNumber: '７００００１２０５０００２',
      address: '山形県米沢市金池三丁目1番1号',
      representativeName: '代表取締役 米沢 一郎',
      securityOfficer: { name: '保安 花子', email: 'h@example.jp', phone: '０９０‐１２３４‐５６７８' },
    });
    expect(await validate(dto)).toEqual([]);
    expect([dto.corporateNumber, dto.securityOfficer.phone]).toEqual(['7000012050002', '090-1234-5678']);
  });
});
