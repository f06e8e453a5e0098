import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { resolveSigningSecret } from './dev-secret';
import { TokenVerifier } from './token-verifier';
import { WhoamiResolver } from './whoami.resolver';

@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const signing = resolveSigningSecret(config);
        const logger = new Logger('Auth');
        if (signing.created) {
          logger.warn(`No AUTH_JWT_SECRET configured: generated a development secret in ${signing.generatedAt}. Mint tokens with "npm run token -- --sub alice --roles reviewer".`);
        } else if (signing.generatedAt) {
          logger.warn(`No AUTH_JWT_SECRET configured: using the development secret in ${signing.generatedAt}.`);
        }
        return new TokenVerifier({
          secret: signing.secret,
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_JWT_ISSUER,
          audience: config.AUTH_JWT_AUDIENCE,
          maxLifetimeSeconds: config.authMaxTokenLifetimeSeconds,
        });
      },
    },
    WhoamiResolver,
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
