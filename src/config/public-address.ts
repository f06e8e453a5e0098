import { AppConfig, ownBaseUrl } from './app-config';

/**
 * The public address of this service (PUBLIC_BASE_URL, else its own address), which ClaimReview
 * `url`s and the public pages are under. Known from configuration unless PORT=0, where the system
 * picks the port at listen time: createApp then calls `listening` with the bound port. Readers ask
 * for `baseUrl` when they answer a request, never once at construction, so they all see the bound port.
 */
export class PublicAddress {
  private bound: string | undefined;

  constructor(private readonly config: Pick<AppConfig, 'configuredBaseUrl' | 'HOST'>) {}

  /** The address, without a trailing slash. */
  get baseUrl(): string {
    const url = this.config.configuredBaseUrl ?? this.bound;
    if (url === undefined) {
      throw new Error('The public address is not known yet: with PORT=0 and no PUBLIC_BASE_URL it is the port the server binds, once it listens');
    }
    return url;
  }

  /** The server listens on `port`: the address, unless configuration already fixed it. */
  listening(port: number): void {
    if (this.config.configuredBaseUrl === undefined) this.bound = ownBaseUrl(this.config.HOST, port);
  }
}
