import type { IsometryApi } from '../bridge/api';
import type {
  Card,
  CardChanges,
  CardInput,
  CardPage,
  ListOptions,
  SearchOptions,
  SearchResult,
  SystemInfo,
} from '../model';
import type { Provider } from './provider';

/** Provider backed by the Java store through the bridge API. */
export class NativeProvider implements Provider {
  constructor(
    private readonly api: IsometryApi,
    private readonly available: () => Promise<void>,
  ) {}

  whenAvailable(): Promise<void> {
    return this.available();
  }

  listCards(options: ListOptions = {}): Promise<CardPage> {
    return this.api.listCards(options);
  }

  getCard(id: string): Promise<Card> {
    return this.api.getCard(id);
  }

  createCard(input: CardInput): Promise<Card> {
    return this.api.createCard(input);
  }

  updateCard(id: string, baseVersion: number, changes: CardChanges): Promise<Card> {
    return this.api.updateCard({ id, baseVersion, changes });
  }

  async deleteCard(id: string): Promise<void> {
    await this.api.deleteCard(id);
  }

  searchCards(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return this.api.searchCards(
      options.limit === undefined ? { query } : { query, limit: options.limit },
    );
  }

  info(): Promise<SystemInfo> {
    return this.api.info();
  }

  async openExternal(url: string): Promise<void> {
    await this.api.openExternal(url);
  }

  async reportReady(sinceNavigationMs: number): Promise<void> {
    await this.api.ready(sinceNavigationMs);
  }
}
