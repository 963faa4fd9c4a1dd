import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** A labelled field with its validation message; the message is tied to the control for screen readers. */
export function Field({ label, error, wide, hint, children, render }: {
  label: ComponentChildren;
  error?: string | undefined;
  wide?: boolean;
  hint?: ComponentChildren;
  children?: ComponentChildren;
  /** Renders the control with the ids it needs. */
  render?: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div class={`field${wide ? ' field-wide' : ''}${error ? ' field-invalid' : ''}`}>
      <label class="field-label" for={id}>{label}</label>
      {render ? render({ id, describedBy: error ? errorId : undefined, invalid: !!error }) : children}
      {error ? (
        <p class="field-error" id={errorId} data-testid="validation-error" role="alert">{error}</p>
      ) : hint ? (
        <p class="field-hint">{hint}</p>
      ) : null}
    </div>
  );
}

export function TextInput({ testId, value, onValue, placeholder, error, label, wide, hint, inputMode, type }: {
  testId: string;
  value: string;
  onValue: (value: string) => void;
  placeholder?: string;
  error?: string | undefined;
  label: ComponentChildren;
  wide?: boolean;
  hint?: ComponentChildren;
  inputMode?: 'decimal' | 'url' | 'text';
  type?: 'text' | 'url' | 'datetime-local';
}) {
  return (
    <Field
      label={label}
      error={error}
      wide={wide ?? false}
      hint={hint}
      render={({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={type ?? 'text'}
          data-testid={testId}
          value={value}
          placeholder={placeholder}
          autocomplete="off"
          inputMode={inputMode}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={describedBy}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    />
  );
}
