/** axe-core in the page, for the end-to-end suites: the serious and critical violations. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './harness.ts';

const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The rules whose outcome hangs on colours alone (what a theme changes). */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** Runs axe-core in the page (evaluated over the DevTools protocol, so the page's CSP is untouched); `only` runs just those rules. */
export async function axe(page: Page, only?: string[]): Promise<AxeViolation[]> {
  // Injected once per document (a page checked in many states keeps it).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async (rules) => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
  }, only ?? null);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
