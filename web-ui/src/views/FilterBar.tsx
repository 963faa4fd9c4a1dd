import { isCardType } from '../model';
import { TYPE_LABELS } from './icons';
import type { AppState } from './state';

/** Type, folder and tag pickers for the list and the search, fed by the store's facets. */
export function FilterBar({ state }: { state: AppState }) {
  const list = state.list;
  const facets = list.facets.value;
  const filter = list.filter.value;
  // A chosen value stays offered even when no card has it any more, so the picker shows the truth.
  const folders = filter.folder && !facets.folders.some((f) => f.name === filter.folder)
    ? [...facets.folders, { name: filter.folder, count: 0 }] : facets.folders;
  const tags = filter.tag && !facets.tags.some((t) => t.name === filter.tag)
    ? [...facets.tags, { name: filter.tag, count: 0 }] : facets.tags;

  return (
    <div class="filter-bar" role="group" aria-label="Filters">
      <select
        class={filter.cardType ? 'filter active' : 'filter'}
        data-testid="filter-type"
        aria-label="Filter by type"
        value={filter.cardType ?? ''}
        onFocus={() => void list.refreshFacets()}
        onChange={(e) => {
          const v = e.currentTarget.value;
          list.setFilter({ cardType: isCardType(v) ? v : undefined });
        }}
      >
        <option value="">All types</option>
        {facets.types.map((t) => (
          <option key={t.name} value={t.name}>{TYPE_LABELS[t.name] ?? t.name} ({t.count})</option>
        ))}
        {filter.cardType && !facets.types.some((t) => t.name === filter.cardType) && (
          <option value={filter.cardType}>{TYPE_LABELS[filter.cardType]} (0)</option>
        )}
      </select>
      <select
        class={filter.folder ? 'filter active' : 'filter'}
        data-testid="filter-folder"
        aria-label="Filter by folder"
        value={filter.folder ?? ''}
        onFocus={() => void list.refreshFacets()}
        onChange={(e) => list.setFilter({ folder: e.currentTarget.value || undefined })}
      >
        <option value="">All folders</option>
        {folders.map((f) => <option key={f.name} value={f.name}>{f.name} ({f.count})</option>)}
      </select>
      <select
        class={filter.tag ? 'filter active' : 'filter'}
        data-testid="filter-tag"
        aria-label="Filter by tag"
        value={filter.tag ?? ''}
        onFocus={() => void list.refreshFacets()}
        onChange={(e) => list.setFilter({ tag: e.currentTarget.value || undefined })}
      >
        <option value="">All tags</option>
        {tags.map((t) => <option key={t.name} value={t.name}>{t.name} ({t.count})</option>)}
      </select>
      {list.filtered.value && (
        <button type="button" class="link-button" data-testid="clear-filters" onClick={() => list.clearFilter()}>
          Clear
        </button>
      )}
    </div>
  );
}
