import type {
  BackupNotice,
  Card,
  CardChanges,
  CardConnections,
  CardInput,
  CardPage,
  CardSummary,
  CardVersionEntry,
  ConflictResolution,
  Connection,
  ConnectionChanges,
  ConnectionInput,
  Facets,
  JobProgress,
  ListOptions,
  PageOptions,
  SearchOptions,
  SearchResult,
  Settings,
  SettingsChanges,
  SystemInfo,
  TransferFormat,
  TrashPage,
} from '../model';
import type { LiveSource } from './live';

/**
 * Everything the views need from a card store. The native provider goes over the bridge to Java;
 * rollback mode supplies one over sql.js. Views depend on this interface only.
 *
 * Failures reject with a BridgeError-shaped error (an Error with a `kind` from ErrorKind), whichever
 * provider is in use, so views handle CONFLICT, NOT_FOUND, ... the same way.
 */
export interface Provider {
  /** Live views of this store: results that follow every change, from any window or process. */
  readonly live: LiveSource;
  /** Resolves once the store can serve requests. */
  whenAvailable(): Promise<void>;
  listCards(options?: ListOptions): Promise<CardPage>;
  getCard(id: string): Promise<Card>;
  createCard(input: CardInput): Promise<Card>;
  /**
   * Applies `changes` (only the changed fields) on top of `baseVersion`. When that version is stale the
   * store merges field by field; when a field needs a person it rejects with kind CONFLICT and, if it can
   * say which, `details` shaped as ConflictDetails (a store that cannot merge may reject without details).
   * The store keeps the card's `[[Name]]` link connections in step with its content, and rewrites links
   * in other cards when a card is renamed.
   */
  updateCard(id: string, baseVersion: number, changes: CardChanges): Promise<Card>;
  /**
   * Writes a person's choices for a conflict: `changes` and `baseVersion` as in the refused update, one
   * pick per conflicting field. Rejects with CONFLICT when the card is no longer at `theirsVersion`, and
   * with INVALID when a conflicting field has no pick. The resolution is recorded in the card's history.
   */
  resolveConflict(id: string, resolution: ConflictResolution): Promise<Card>;
  /** The card's kept versions, newest first, each with the merge resolutions that produced it. */
  cardHistory(id: string): Promise<CardVersionEntry[]>;
  /** Moves the card to the trash. */
  deleteCard(id: string): Promise<void>;
  searchCards(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** A live card whose name equals `name`, ignoring case; null when there is none. */
  findCardByName(name: string): Promise<CardSummary | null>;
  /** Folders, tags and types of live cards with their counts. */
  facets(): Promise<Facets>;

  /** Trashed cards, most recently deleted first. */
  listTrash(options?: PageOptions): Promise<TrashPage>;
  restoreCard(id: string): Promise<Card>;
  /** Deletes one trashed card forever. */
  purgeCard(id: string): Promise<void>;
  /** Deletes every trashed card forever; resolves with how many. */
  emptyTrash(): Promise<number>;

  listConnections(cardId: string): Promise<CardConnections>;
  createConnection(input: ConnectionInput): Promise<Connection>;
  updateConnection(id: string, changes: ConnectionChanges): Promise<Connection>;
  deleteConnection(id: string): Promise<void>;

  getSettings(): Promise<Settings>;
  updateSettings(changes: SettingsChanges): Promise<Settings>;
  /** Removes the first-run sample cards; resolves with how many. */
  removeSampleCards(): Promise<number>;

  /** Asks the person for a file or folder to import; null when they cancel. */
  chooseImportPath(format: TransferFormat): Promise<string | null>;
  /** Asks the person where to export; null when they cancel. */
  chooseExportPath(format: TransferFormat): Promise<string | null>;
  /** Starts a background import; resolves with its job id. Progress comes through onJob. */
  startImport(format: TransferFormat, path: string): Promise<string>;
  /** Starts a background export; resolves with its job id. Progress comes through onJob. */
  startExport(format: TransferFormat, path: string): Promise<string>;
  cancelJob(jobId: string): Promise<void>;
  /** Subscribes to job progress; returns the function that unsubscribes. */
  onJob(listener: (progress: JobProgress) => void): () => void;
  /** Subscribes to the daily backup's outcomes; returns the function that unsubscribes. */
  onBackup(listener: (notice: BackupNotice) => void): () => void;

  info(): Promise<SystemInfo>;
  /** Opens an http(s) or mailto URL outside the app. */
  openExternal(url: string): Promise<void>;
  /** Reports that the first card list has rendered (startup measurement). */
  reportReady(sinceNavigationMs: number): Promise<void>;
}
