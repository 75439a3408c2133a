import { scoreOf } from './scoring';

describe('assessment score', () => {
  it('should count IMPLEMENTED 1, PARTIAL 0.5, NOT_IMPLEMENTED 0 and leave NOT_APPLICABLE out', () => {
    expect(scoreOf(['IMPLEMENTED', 'PARTIAL', 'NOT_IMPLEMENTED', 'NOT_APPLICABLE'])).toBe(50);
    expect(scoreOf(['IMPLEMENTED', 'IMPLEMENTED', 'PARTIAL'])).toBe(83.33);
    expect(scoreOf(['IMPLEMENTED', 'NOT_APPLICABLE'])).toBe(100);
    expect(scoreOf(['NOT_IMPLEMENTED'])).toBe(0);
  });

  it('should have no score when nothing applies', () => {
    expect(scoreOf(['NOT_APPLICABLE', 'NOT_APPLICABLE'])).toBeNull();
    expect(scoreOf([])).toBeNull();
  });
});
