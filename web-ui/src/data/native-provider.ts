import type { IsometryApi } from '../bridge/api';
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
import { NativeLive } from './native-live';
import type { Provider } from './provider';

/** Provider backed by the Java store through the bridge API. */
export class NativeProvider implements Provider {
  constructor(
    private readonly api: IsometryApi,
    private readonly available: () => Promise<void>,
    readonly live: LiveSource = new NativeLive(api, available),
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

  resolveConflict(id: string, resolution: ConflictResolution): Promise<Card> {
    return this.api.resolveCard(id, resolution);
  }

  async cardHistory(id: string): Promise<CardVersionEntry[]> {
    return (await this.api.cardHistory(id)).versions;
  }

  async deleteCard(id: string): Promise<void> {
    await this.api.deleteCard(id);
  }

  searchCards(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return this.api.searchCards({ query, ...options });
  }

  async findCardByName(name: string): Promise<CardSummary | null> {
    return (await this.api.findCardByName(name)).card;
  }

  facets(): Promise<Facets> {
    return this.api.facets();
  }

  listTrash(options: PageOptions = {}): Promise<TrashPage> {
    return this.api.listTrash(options);
  }

  restoreCard(id: string): Promise<Card> {
    return this.api.restoreCard(id);
  }

  async purgeCard(id: string): Promise<void> {
    await this.api.purgeCard(id);
  }

  async emptyTrash(): Promise<number> {
    return (await this.api.emptyTrash()).purged;
  }

  listConnections(cardId: string): Promise<CardConnections> {
    return this.api.listConnections(cardId);
  }

  createConnection(input: ConnectionInput): Promise<Connection> {
    return this.api.createConnection(input);
  }

  updateConnection(id: string, changes: ConnectionChanges): Promise<Connection> {
    return this.api.updateConnection(id, changes);
  }

  async deleteConnection(id: string): Promise<void> {
    await this.api.deleteConnection(id);
  }

  getSettings(): Promise<Settings> {
    return this.api.getSettings();
  }

  updateSettings(changes: SettingsChanges): Promise<Settings> {
    return this.api.updateSettings(changes);
  }

  async removeSampleCards(): Promise<number> {
    return (await this.api.removeSamples()).removed;
  }

  async chooseImportPath(format: TransferFormat): Promise<string | null> {
    return (await this.api.chooseImport(format)).path;
  }

  async chooseExportPath(format: TransferFormat): Promise<string | null> {
    return (await this.api.chooseExport(format)).path;
  }

  async startImport(format: TransferFormat, path: string): Promise<string> {
    return (await this.api.startImport(format, path)).jobId;
  }

  async startExport(format: TransferFormat, path: string): Promise<string> {
    return (await this.api.startExport(format, path)).jobId;
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.api.cancelJob(jobId);
  }

  onJob(listener: (progress: JobProgress) => void): () => void {
    return this.api.onJob(listener);
  }

  onBackup(listener: (notice: BackupNotice) => void): () => void {
    return this.api.onBackup(listener);
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
