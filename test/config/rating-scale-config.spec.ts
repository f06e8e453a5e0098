import { deskPolicyFrom, deskPolicyProvider, ratingScaleFrom } from '../../src/claims/application/desk-policy';
import { ConfigError, loadConfig } from '../../src/config/app-config';

/** RATING_SCALE is text in configuration (which knows no feature); the claims' desk policy makes it a scale. */
describe('RATING_SCALE', () => {
  const problemsOf = (run: () => unknown): string[] => {
    try {
      run();
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('is the default scale when unset', () => {
    expect(ratingScaleFrom(loadConfig({})).ratings.map((r) => r.key)).toEqual(['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'MISLEADING', 'UNVERIFIABLE']);
  });

  it('is refused by the configuration when it is not JSON', () => {
    expect(problemsOf(() => loadConfig({ RATING_SCALE: '[{' }))).toEqual([expect.stringContaining('RATING_SCALE is not a usable rating scale: ')]);
  });

  it('is refused by the desk policy, as a ConfigError naming the variable, when the desk could not use it', () => {
    const config = loadConfig({ RATING_SCALE: JSON.stringify([{ key: 'YES', label: 'Yes', value: 1 }]) });
    expect(problemsOf(() => deskPolicyProvider.useFactory(config))).toEqual(['RATING_SCALE is not a usable rating scale: A rating scale needs at least two ratings']);
  });

  it('gives the desk policy a configured scale and the reviewers needed', () => {
    const ratings = [
      { key: 'YES', label: 'Yes', value: 1, onScale: true },
      { key: 'NO', label: 'No', value: 0, onScale: true },
    ];
    const policy = deskPolicyFrom(loadConfig({ RATING_SCALE: JSON.stringify(ratings), PUBLISH_MIN_REVIEWERS: '3' }));
    expect(policy).toEqual({
      scale: { ratings, best: 1, worst: 0 },
      minReviewers: 3,
      minSources: 2,
      requireIndependentEditor: false,
      limits: { citations: 200, appearances: 50, assignees: 20, events: 1000, corrections: 50 },
    });
  });
});
