import { useEffect, useRef, useState } from 'preact/hooks';
import type { CardSummary, ConnectionView } from '../model';
import { TypeIcon, TYPE_LABELS } from './icons';
import type { AppState } from './state';
import { parseWeight } from './validation';

function formatWeight(weight: number): string {
  return String(Math.round(weight * 100) / 100);
}

/** One connection: the card at the other end (opens it), its label and weight (editable), remove. */
function ConnectionRow({ state, connection, direction }: {
  state: AppState;
  connection: ConnectionView;
  direction: 'outgoing' | 'incoming';
}) {
  const [label, setLabel] = useState(connection.label ?? '');
  const [weight, setWeight] = useState(formatWeight(connection.weight));
  const [weightError, setWeightError] = useState<string | null>(null);
  useEffect(() => setLabel(connection.label ?? ''), [connection.label]);
  useEffect(() => setWeight(formatWeight(connection.weight)), [connection.weight]);
  const fromLink = connection.origin === 'link';
  const other = connection.other;

  const commitLabel = (): void => {
    if (label.trim() === (connection.label ?? '')) return;
    void state.connections.update(connection.id, { label: label.trim() });
  };
  const commitWeight = (): void => {
    const parsed = parseWeight(weight);
    if ('error' in parsed) {
      setWeightError(parsed.error);
      return;
    }
    setWeightError(null);
    if (parsed.weight !== connection.weight) void state.connections.update(connection.id, { weight: parsed.weight });
  };
  const onKey = (revert: () => void) => (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      (e.currentTarget as HTMLInputElement).blur();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      revert();
    }
  };

  return (
    <li
      class="connection"
      data-testid={direction === 'outgoing' ? 'connection-item' : 'backlink-item'}
      data-connection-id={connection.id}
      data-card-id={other.id}
    >
      <button
        type="button"
        class="connection-card"
        title={`Open “${other.name}” (${TYPE_LABELS[other.cardType]})`}
        onClick={() => state.requestSelect(other.id)}
      >
        <TypeIcon type={other.cardType} />
        <span class="connection-name">{other.name}</span>
        {fromLink && <span class="chip chip-small" title="Made from a [[link]] in the content">[[link]]</span>}
      </button>
      {fromLink ? (
        <p class="connection-meta muted">
          {direction === 'outgoing' ? 'Linked from this card’s content.' : `Linked from the content of “${other.name}”.`}
        </p>
      ) : (
        <div class="connection-edit">
          <input
            class="connection-label"
            data-testid="connection-label"
            aria-label={`Label of the connection with ${other.name}`}
            placeholder="Label"
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
            onBlur={commitLabel}
            onKeyDown={onKey(() => setLabel(connection.label ?? ''))}
          />
          <input
            class={`connection-weight${weightError ? ' invalid' : ''}`}
            data-testid="connection-weight"
            aria-label={`Weight of the connection with ${other.name}, 0 to 1`}
            aria-invalid={weightError ? 'true' : undefined}
            inputMode="decimal"
            title="Weight, 0 to 1"
            value={weight}
            onInput={(e) => setWeight(e.currentTarget.value)}
            onBlur={commitWeight}
            onKeyDown={onKey(() => {
              setWeight(formatWeight(connection.weight));
              setWeightError(null);
            })}
          />
          <button
            type="button"
            class="btn btn-icon btn-ghost connection-remove"
            data-testid="remove-connection"
            aria-label={`Remove the connection with ${other.name}`}
            title="Remove connection"
            onClick={() => void state.connections.remove(connection.id)}
          >
            ×
          </button>
        </div>
      )}
      {weightError && <p class="field-error" data-testid="validation-error" role="alert">{weightError}</p>}
    </li>
  );
}

/** Search for a card and connect the open card to it. */
function ConnectPicker({ state, onClose }: { state: AppState; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [label, setLabel] = useState('');
  const [candidates, setCandidates] = useState<CardSummary[]>([]);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      state.connections.candidates(query).then(
        (items) => {
          if (!current) return;
          setCandidates(items);
          setActive(0);
        },
        () => current && setCandidates([]),
      );
    }, query === '' ? 0 : 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const pick = async (card: CardSummary): Promise<void> => {
    if (await state.connections.connect(card.id, label)) onClose();
  };

  return (
    <div
      class="connect-picker"
      role="dialog"
      aria-label="Connect to a card"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        ref={inputRef}
        type="search"
        data-testid="connection-search"
        placeholder="Find a card to connect…"
        aria-label="Find a card to connect"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = candidates.length;
            if (n > 0) setActive((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const card = candidates[active];
            if (card) void pick(card);
          }
        }}
      />
      <input
        class="connect-label"
        data-testid="connection-new-label"
        placeholder="Label (optional), e.g. works with"
        aria-label="Label of the new connection"
        value={label}
        onInput={(e) => setLabel(e.currentTarget.value)}
      />
      <ul class="connect-candidates" role="listbox" aria-label="Cards">
        {candidates.map((card, i) => (
          <li key={card.id} role="option" aria-selected={i === active}>
            <button
              type="button"
              class={i === active ? 'candidate active' : 'candidate'}
              data-testid="connection-candidate"
              data-card-id={card.id}
              onClick={() => void pick(card)}
            >
              <TypeIcon type={card.cardType} />
              <span>{card.name}</span>
            </button>
          </li>
        ))}
        {candidates.length === 0 && <li class="muted connect-none">{query.trim() === '' ? 'No other cards yet.' : 'No matching cards.'}</li>}
      </ul>
      <div class="connect-actions">
        <button type="button" class="btn btn-small btn-ghost" onClick={onClose}>Cancel</button>
      </div>
    </div>
  );
}

/** The open card's connections: outgoing ones, backlinks, and a way to add one. */
export function ConnectionsPanel({ state }: { state: AppState }) {
  const [picking, setPicking] = useState(false);
  const card = state.editor.card.value;
  const connections = state.connections;
  useEffect(() => setPicking(false), [card?.id]);

  if (card === null) {
    return (
      <aside class="connections-panel" data-testid="connections-panel" aria-label="Connections">
        <h2 class="panel-title">Connections</h2>
        <p class="muted panel-note">Name the card to save it; then you can connect it to others.</p>
      </aside>
    );
  }
  const outgoing = connections.outgoing.value;
  const incoming = connections.incoming.value;
  return (
    <aside class="connections-panel" data-testid="connections-panel" aria-label="Connections">
      <div class="panel-head">
        <h2 class="panel-title">Connections</h2>
        {connections.loading.value && <span class="spinner" aria-label="Loading" />}
        <button
          type="button"
          class="btn btn-small"
          data-testid="add-connection"
          aria-expanded={picking}
          onClick={() => setPicking(!picking)}
        >
          + Connect
        </button>
      </div>
      {picking && <ConnectPicker state={state} onClose={() => setPicking(false)} />}
      {connections.error.value && (
        <p class="panel-error" role="alert" data-testid="connection-error">{connections.error.value}</p>
      )}
      <h3 class="panel-subtitle">Links to <span class="muted">{outgoing.length}</span></h3>
      {outgoing.length === 0 ? (
        <p class="muted panel-note">None yet. Connect a card, or write [[Card name]] in the content.</p>
      ) : (
        <ul class="connection-list">
          {outgoing.map((c) => <ConnectionRow key={c.id} state={state} connection={c} direction="outgoing" />)}
        </ul>
      )}
      <h3 class="panel-subtitle">Backlinks <span class="muted">{incoming.length}</span></h3>
      {incoming.length === 0 ? (
        <p class="muted panel-note">No card links here yet.</p>
      ) : (
        <ul class="connection-list">
          {incoming.map((c) => <ConnectionRow key={c.id} state={state} connection={c} direction="incoming" />)}
        </ul>
      )}
    </aside>
  );
}
