/**
 * One Markdown file with front matter → card field values, as Java's MarkdownCards.read and
 * LenientValues do it. The front matter reader here understands the YAML people write in note
 * front matter (`key: value`, quoted values, `[a, b]` lists and `- item` lists); anything richer
 * is read as text.
 */

const ALIASES: Record<string, string> = {
  title: 'name', type: 'cardType', card_type: 'cardType', kind: 'cardType', body: 'content', text: 'content',
  description: 'summary', tag: 'tags', keywords: 'tags', due: 'dueAt', deadline: 'dueAt', completed: 'completedAt',
  done: 'completedAt', start: 'eventStart', end: 'eventEnd', location: 'locationName', place: 'locationName',
  lat: 'latitude', lon: 'longitude', lng: 'longitude', link: 'url', source_url: 'url',
};

const KNOWN = new Set(['cardType', 'name', 'content', 'summary', 'latitude', 'longitude', 'locationName', 'dueAt',
  'completedAt', 'eventStart', 'eventEnd', 'folder', 'tags', 'status', 'priority', 'sortOrder', 'url']);
const SNAKE: Record<string, string> = Object.fromEntries([...KNOWN].map((k) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), k]));
const TIMESTAMPS = new Set(['dueAt', 'completedAt', 'eventStart', 'eventEnd']);

function scalarOf(text: string): unknown {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t;
  if (/^[+-]?\d+$/.test(t)) return Number.parseInt(t, 10);
  if (/^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('[') && t.endsWith(']')) {
    return t.slice(1, -1).split(',').map((s) => scalarOf(s)).filter((s) => s !== null).map(String);
  }
  return t;
}

export function parseFrontMatter(yaml: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let listKey: string | null = null;
  for (const line of yaml.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey !== null) {
      (out[listKey] as unknown[]).push(String(scalarOf(item[1]!)));
      continue;
    }
    const kv = /^([^:\s][^:]*):(.*)$/.exec(line);
    if (!kv) throw new Error('front matter is not a set of key: value lines');
    const key = kv[1]!.trim();
    const value = kv[2]!.trim();
    if (value === '') {
      out[key] = [];
      listKey = key;
    } else {
      out[key] = scalarOf(value);
      listKey = null;
    }
  }
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v) && v.length === 0) out[k] = null;
  return out;
}

function lenientTimestamp(v: unknown): unknown {
  if (typeof v !== 'string') return v === null ? null : String(v);
  const t = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t}T00:00:00Z`;
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(t);
  return local ? `${local[1]}T${local[2]}${local[3] ?? ':00'}Z` : t;
}

function lenientTags(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const parts = v.includes(',') || v.includes(';') ? v.split(/[,;]/) : v.split(/\s+/);
  return parts.map((p) => p.trim().replace(/^#/, '')).filter((p) => p !== '');
}

/** The raw card values of one file (relative path `rel`) and the source id it is known by. */
export function parseMarkdownFile(rel: string, text: string): { values: Record<string, unknown>; sourceId: string } {
  if (text.length > 8 * 1024 * 1024) throw new Error('larger than 8 MiB; not imported');
  let body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  body = body.replace(/\r\n/g, '\n');
  let front: Record<string, unknown> = {};
  if (body.startsWith('---\n')) {
    let end = body.indexOf('\n---', 3);
    const alt = body.indexOf('\n...', 3);
    if (end < 0 || (alt >= 0 && alt < end)) end = alt;
    if (end < 0) throw new Error('front matter starts with --- but never ends');
    front = parseFrontMatter(body.slice(4, end));
    const nl = body.indexOf('\n', end + 1);
    body = nl < 0 ? '' : body.slice(nl + 1);
  }
  const fileName = rel.split('/').pop()!;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(front)) {
    const alias = ALIASES[k.trim().toLowerCase()] ?? k.trim();
    const field = KNOWN.has(alias) ? alias : SNAKE[alias];
    if (field === undefined) continue;
    raw[field] = TIMESTAMPS.has(field) ? lenientTimestamp(v) : field === 'tags' ? lenientTags(v)
      : ['name', 'content', 'summary', 'locationName', 'folder', 'status', 'url', 'cardType'].includes(field) && v !== null
        ? String(v) : v;
  }
  raw['name'] ??= fileName.slice(0, -3);
  raw['cardType'] ??= 'note';
  raw['content'] = body.trim() === '' ? '' : body.replace(/\s+$/, '') + '\n';
  const slash = rel.lastIndexOf('/');
  if (slash > 0 && !('folder' in raw)) raw['folder'] = rel.slice(0, slash);
  const id = front['id'];
  return { values: raw, sourceId: id !== undefined && id !== null ? String(id) : rel.slice(0, -3) };
}
