import type { ComponentChildren } from 'preact';

/**
 * A whole-pane view beside the sidebar (the trash, the settings): a title, a line under it, actions at
 * the right of the heading, then the view's own content.
 */
export function PageView({ label, subtitle, actions, children }: {
  label: string;
  subtitle: ComponentChildren;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="page-view" aria-label={label}>
      <header class="page-head">
        <div>
          <h1 class="view-title">{label}</h1>
          <p class="muted view-subtitle">{subtitle}</p>
        </div>
        {actions}
      </header>
      {children}
    </section>
  );
}
