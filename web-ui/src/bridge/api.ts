import type {
  Card,
  CardChanges,
  CardInput,
  CardPage,
  CardType,
  SearchResult,
  SystemInfo,
} from '../model';
import type { BridgeClient, CallOptions } from './client';

/**
 * The typed bridge API: the only place on the TypeScript side where command names appear, mirroring
 * Java's BridgeCommands one function per command. Everything else uses these functions (through a
 * Provider, for views).
 */

/** The part of the client the API needs; tests pass a fake. */
export type BridgeCaller = Pick<BridgeClient, 'call'>;

/** Empty result of commands that only acknowledge. */
export type Empty = Record<string, never>;

const READ: CallOptions = { kind: 'read' };
const WRITE: CallOptions = { kind: 'write' };

export interface ListCardsArgs {
  limit?: number;
  offset?: number;
  cardType?: CardType;
}

export interface SearchCardsArgs {
  query: string;
  limit?: number;
}

export interface UpdateCardArgs {
  id: string;
  baseVersion: number;
  changes: CardChanges;
}

export interface IsometryApi {
  /** system:ping — an empty round trip (benchmarks, liveness). */
  ping(): Promise<Empty>;
  /** system:info */
  info(): Promise<SystemInfo>;
  /** system:ready — once, when the first card list has rendered. */
  ready(sinceNavigationMs: number): Promise<Empty>;
  /** system:openExternal — http(s) and mailto URLs open in the system browser. */
  openExternal(url: string): Promise<Empty>;
  /** cards:create */
  createCard(card: CardInput): Promise<Card>;
  /** cards:get */
  getCard(id: string): Promise<Card>;
  /** cards:list — modifiedAt descending, trash excluded. */
  listCards(args?: ListCardsArgs): Promise<CardPage>;
  /** cards:update — CONFLICT when baseVersion is stale. */
  updateCard(args: UpdateCardArgs): Promise<Card>;
  /** cards:delete — moves the card to the trash. */
  deleteCard(id: string): Promise<Empty>;
  /** cards:search — full-text; snippets mark matches with U+0002 ... U+0003. */
  searchCards(args: SearchCardsArgs): Promise<SearchResult>;
}

export function createApi(client: BridgeCaller): IsometryApi {
  return {
    ping: async () => client.call<Empty>('system:ping', {}, READ),
    info: async () => client.call<SystemInfo>('system:info', {}, READ),
    ready: async (sinceNavigationMs) => client.call<Empty>('system:ready', { sinceNavigationMs }, WRITE),
    openExternal: async (url) => client.call<Empty>('system:openExternal', { url }, WRITE),
    createCard: async (card) => client.call<Card>('cards:create', { card }, WRITE),
    getCard: async (id) => client.call<Card>('cards:get', { id }, READ),
    listCards: async (args = {}) => client.call<CardPage>('cards:list', args, READ),
    updateCard: async ({ id, baseVersion, changes }) =>
      client.call<Card>('cards:update', { id, baseVersion, changes }, WRITE),
    deleteCard: async (id) => client.call<Empty>('cards:delete', { id }, WRITE),
    searchCards: async ({ query, limit }) =>
      client.call<SearchResult>('cards:search', limit === undefined ? { query } : { query, limit }, READ),
  };
}
