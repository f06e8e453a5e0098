import { APP_CONFIG, AppConfig, ConfigError } from '../../config/app-config';
import { DeskPolicy } from '../domain/commands';
import { Rating, RatingScale, ratingScale } from '../domain/rating-scale';

export const DESK_POLICY = Symbol('DESK_POLICY');

/**
 * The desk's rating scale from configuration: the default scale when RATING_SCALE is unset, else
 * its JSON list judged by the domain's own rules. Configuration keeps the variable as text (it knows
 * no feature); this is the one place it becomes a scale. A scale the desk could not use is a
 * ConfigError naming the variable, so the start stops with the same message as any other bad setting.
 */
export function ratingScaleFrom(config: Pick<AppConfig, 'RATING_SCALE'>): RatingScale {
  if (config.RATING_SCALE === undefined) return ratingScale();
  try {
    return ratingScale(JSON.parse(config.RATING_SCALE) as Rating[]);
  } catch (error) {
    throw new ConfigError([`RATING_SCALE is not a usable rating scale: ${(error as Error).message}`]);
  }
}

/** The deployment's rules of the desk (rating scale, reviewers needed), from validated configuration. */
export function deskPolicyFrom(config: AppConfig): DeskPolicy {
  return {
    scale: ratingScaleFrom(config),
    minReviewers: config.PUBLISH_MIN_REVIEWERS,
    minSources: config.PUBLISH_MIN_SOURCES,
    requireIndependentEditor: config.PUBLISH_REQUIRE_INDEPENDENT_EDITOR,
    // The built-in scale is "default"; a configured one without a label is named by its hash (methodologyOf).
    ...(config.RATING_SCALE_VERSION !== undefined ? { scaleVersion: config.RATING_SCALE_VERSION } : config.RATING_SCALE === undefined ? { scaleVersion: 'default' } : {}),
    limits: {
      citations: config.CLAIM_MAX_CITATIONS,
      appearances: config.CLAIM_MAX_APPEARANCES,
      assignees: config.CLAIM_MAX_ASSIGNEES,
      events: config.CLAIM_MAX_EVENTS,
      corrections: config.CLAIM_MAX_CORRECTIONS,
    },
  };
}

export const deskPolicyProvider = {
  provide: DESK_POLICY,
  inject: [APP_CONFIG],
  useFactory: deskPolicyFrom,
};
