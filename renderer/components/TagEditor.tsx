/** Tags of the open clipping: chips, and a field with autocomplete from every tag. */
import { useId, useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import type { TagCount } from '../../electron/contract/shapes.ts';
import { Icon } from './Icon.tsx';
import { tagColor } from './Sidebar.tsx';

interface Props {
  tags: string[];
  all: TagCount[];
  onAdd: (name: string) => void;
  onRemove: (name: string) => void;
  inputRef: Ref<HTMLInputElement>;
}

export function TagEditor({ tags, all, onAdd, onRemove, inputRef }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const have = useMemo(() => new Set(tags.map((t) => t.toLowerCase())), [tags]);
  const colors = useMemo(() => new Map(all.map((t) => [t.name.toLowerCase(), tagColor(t.color)])), [all]);
  const options = useMemo(() => {
    const q = text.trim().toLowerCase();
    return all
      .filter((t) => !have.has(t.name.toLowerCase()) && (q === '' || t.name.toLowerCase().includes(q)))
      .sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)) || b.count - a.count)
      .slice(0, 8);
  }, [all, have, text]);
  const open = focused && options.length > 0 && text.trim() !== '';

  const commit = (name: string) => {
    const clean = name.trim();
    if (!clean) return;
    if (!have.has(clean.toLowerCase())) onAdd(clean);
    setText('');
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',' || (e.key === 'Tab' && open && text.trim())) {
      if (!text.trim()) return;
      e.preventDefault();
      commit(open && options[active] ? options[active].name : text);
    } else if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if (e.key === 'Backspace' && text === '' && tags.length) {
      onRemove(tags[tags.length - 1]!);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setText('');
      (e.target as HTMLInputElement).blur();
    }
  };

  return (
    <div className="tag-editor">
      <ul className="tag-list" aria-label="Tags">
        {tags.map((t) => (
          <li key={t} className="tag-chip" style={{ ['--tag' as string]: colors.get(t.toLowerCase()) ?? 'var(--muted-2)' }}>
            <span>{t}</span>
            <button type="button" className="chip-x" aria-label={`Remove tag ${t}`} onClick={() => onRemove(t)}>
              <Icon name="close" size={11} />
            </button>
          </li>
        ))}
      </ul>
      <div className="tag-input-wrap">
        <input
          ref={inputRef}
          className="tag-input"
          placeholder={tags.length ? 'Add tag' : 'Add a tag…'}
          aria-label="Add a tag"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-tags`}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${id}-tag-${active}` : undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onFocus={() => setFocused(true)}
          onBlur={() => window.setTimeout(() => setFocused(false), 150)}
          onKeyDown={onKeyDown}
        />
        <ul id={`${id}-tags`} role="listbox" aria-label="Existing tags" className="tag-options" hidden={!open}>
          {options.map((o, i) => (
            <li
              key={o.name}
              id={`${id}-tag-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                commit(o.name);
              }}
            >
              <span className="swatch" style={{ background: tagColor(o.color) ?? 'var(--muted-2)' }} aria-hidden="true" />
              {o.name}
              <span className="muted">{o.count}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
