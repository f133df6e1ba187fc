import { describe, expect, it } from 'vitest';
import { MAX_BODY_TITLE, titleFromBody } from '../../electron/core/capture/stand-in-title.ts';

describe('titleFromBody (the stand-in title of a page without one)', () => {
  it('keeps a short paragraph whole', () => {
    expect(titleFromBody('Bypass plan back on the table')).toBe('Bypass plan back on the table');
  });
  it('takes the first sentence when it fits', () => {
    const p = 'The council approved the new flood defences on Tuesday. ' + 'Residents had asked for them for years and turned up in numbers to hear the vote. '.repeat(3);
    expect(titleFromBody(p)).toBe('The council approved the new flood defences on Tuesday.');
  });
  it('never cuts inside a word: the words that fit, with an ellipsis', () => {
    const p = 'Councillors from all parties met residents of the riverside ward to discuss the plans for new flood defences along the embankment at a cost of four million pounds';
    const t = titleFromBody(p);
    expect(t.length).toBeLessThanOrEqual(MAX_BODY_TITLE);
    expect(t).toBe('Councillors from all parties met residents of the riverside ward to discuss the plans for new flood defences along the…');
    expect(p.startsWith(t.slice(0, -1))).toBe(true);
  });
});
