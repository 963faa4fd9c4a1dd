import { vi } from 'vitest';
import { BridgeError } from '../src/bridge/errors';
import type { Provider } from '../src/data/provider';
import type { Card, CardChanges, CardInput, CardPage, SearchResult, SystemInfo } from '../src/model';

/** An in-memory Provider for view and state tests; records updates. */
export class MemoryProvider implements Provider {
  readonly cards = new Map<string, Card>();
  readonly updates: Array<{ id: string; baseVersion: number; changes: CardChanges }> = [];
  readonly opened: string[] = [];
  private clock = Date.parse('2025-01-01T00:00:00.000Z');
  private nextId = 1;
  available: Promise<void> = Promise.resolve();

  whenAvailable = vi.fn(() => this.available);
  reportReady = vi.fn(async (_ms: number) => {});

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  seed(input: CardInput): Card {
    const now = this.tick();
    const card: Card = {
      id: `card-${this.nextId++}`,
      cardType: input.cardType,
      name: input.name,
      content: input.content ?? '',
      summary: input.summary ?? null,
      latitude: null,
      longitude: null,
      locationName: null,
      createdAt: now,
      modifiedAt: now,
      dueAt: null,
      completedAt: null,
      eventStart: null,
      eventEnd: null,
      folder: input.folder ?? null,
      tags: input.tags ?? [],
      status: null,
      priority: null,
      sortOrder: null,
      url: input.url ?? null,
      source: null,
      sourceId: null,
      deletedAt: null,
      version: 1,
    };
    this.cards.set(card.id, card);
    return card;
  }

  private live(): Card[] {
    return [...this.cards.values()]
      .filter((c) => c.deletedAt === null)
      .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  }

  private summary(c: Card) {
    return { id: c.id, cardType: c.cardType, name: c.name, summary: c.summary, folder: c.folder, tags: c.tags, modifiedAt: c.modifiedAt, version: c.version };
  }

  async listCards(): Promise<CardPage> {
    const live = this.live();
    return { items: live.map((c) => this.summary(c)), total: live.length };
  }

  async getCard(id: string): Promise<Card> {
    const card = this.cards.get(id);
    if (!card || card.deletedAt !== null) {
      throw new BridgeError({ kind: 'NOT_FOUND', message: 'No such card', retryable: false, command: 'cards:get' });
    }
    return card;
  }

  async createCard(input: CardInput): Promise<Card> {
    return this.seed(input);
  }

  async updateCard(id: string, baseVersion: number, changes: CardChanges): Promise<Card> {
    this.updates.push({ id, baseVersion, changes });
    const card = await this.getCard(id);
    if (card.version !== baseVersion) {
      throw new BridgeError({ kind: 'CONFLICT', message: 'stale', retryable: false, command: 'cards:update' });
    }
    const updated: Card = { ...card, ...changes, modifiedAt: this.tick(), version: card.version + 1 };
    this.cards.set(id, updated);
    return updated;
  }

  async deleteCard(id: string): Promise<void> {
    const card = await this.getCard(id);
    this.cards.set(id, { ...card, deletedAt: this.tick() });
  }

  async searchCards(query: string): Promise<SearchResult> {
    const q = query.toLowerCase();
    return {
      items: this.live()
        .filter((c) => c.name.toLowerCase().includes(q) || c.content.toLowerCase().includes(q))
        .map((c) => ({ ...this.summary(c), snippet: null })),
    };
  }

  async info(): Promise<SystemInfo> {
    return { appVersion: 'test', dataDir: '/tmp', schemaVersion: 1, cardCount: this.live().length };
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}
