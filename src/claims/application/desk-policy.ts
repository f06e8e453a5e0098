import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DeskPolicy } from '../domain/commands';

export const DESK_POLICY = Symbol('DESK_POLICY');

/** The deployment's rules of the desk (rating scale, reviewers needed), from validated configuration. */
export const deskPolicyProvider = {
  provide: DESK_POLICY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): DeskPolicy => ({ scale: config.ratingScale, minReviewers: config.PUBLISH_MIN_REVIEWERS }),
};
