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

/**
 * Everything the views need from a card store. The native provider goes over the bridge to Java;
 * rollback mode supplies one over sql.js. Views depend on this interface only.
 *
 * Failures reject with a BridgeError-shaped error (an Error with a `kind` from ErrorKind), whichever
 * provider is in use, so views handle CONFLICT, NOT_FOUND, ... the same way.
 */
export interface Provider {
  /** Resolves once the store can serve requests. */
  whenAvailable(): Promise<void>;
  listCards(options?: ListOptions): Promise<CardPage>;
  getCard(id: string): Promise<Card>;
  createCard(input: CardInput): Promise<Card>;
  /** Applies `changes` on top of `baseVersion`; rejects with kind CONFLICT when it is stale. */
  updateCard(id: string, baseVersion: number, changes: CardChanges): Promise<Card>;
  /** Moves the card to the trash. */
  deleteCard(id: string): Promise<void>;
  searchCards(query: string, options?: SearchOptions): Promise<SearchResult>;
  info(): Promise<SystemInfo>;
  /** Opens an http(s) or mailto URL outside the app. */
  openExternal(url: string): Promise<void>;
  /** Reports that the first card list has rendered (startup measurement). */
  reportReady(sinceNavigationMs: number): Promise<void>;
}
