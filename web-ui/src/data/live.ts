import type { Card, CardConnections, CardPage, ChangeNotice, ListOptions } from '../model';

/** Stops a live view. */
export type Unwatch = () => void;

/**
 * Live views of the store: each listener gets the current result at once (asynchronously) and again
 * every time the store changes it — whichever window, process or provider made the change.
 */
export interface LiveSource {
  /** A filtered card list, kept current. */
  watchCards(options: ListOptions, listener: (page: CardPage) => void): Unwatch;
  /** One card, kept current; null once it no longer exists. */
  watchCard(id: string, listener: (card: Card | null) => void): Unwatch;
  /** A card's connections and backlinks, kept current. */
  watchConnections(cardId: string, listener: (links: CardConnections) => void): Unwatch;
  /** Hears every committed change (to refresh what no live view covers: counts, facets, searches). */
  onChanges(listener: (change: ChangeNotice) => void): Unwatch;
}
