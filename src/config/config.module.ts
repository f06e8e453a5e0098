import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadConfig } from './app-config';
import { PublicAddress } from './public-address';

/** Makes the validated configuration injectable everywhere as APP_CONFIG, and the service's public address as PublicAddress. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()) {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: PublicAddress, useValue: new PublicAddress(config) },
      ],
      exports: [APP_CONFIG, PublicAddress],
    };
  }
}
